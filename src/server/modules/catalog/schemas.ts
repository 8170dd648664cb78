import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { ServiceContent } from '../../../core/catalog/content';
import { SLUG_PATTERN } from '../../../core/catalog/content';
import { CHANNELS } from '../../../core/catalog/types';
import { IsoDateTime, Obj, Uuid } from '../../http/schema';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Cents = Type.Integer({ minimum: 0, maximum: 10_000_000 });

export const LocalizedSchema = Obj({
  de: Type.String({ maxLength: 500 }),
  en: Type.String({ maxLength: 500 }),
});

export const ChannelSchema = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

const AgeBandSchema = Obj({
  minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  maxAge: Type.Optional(Type.Integer({ minimum: 1, maximum: 150 })),
  amountCents: Cents,
});

const FeeRuleSchema = Type.Union([
  Obj({ kind: Type.Literal('fixed'), amountCents: Cents, label: Type.Optional(LocalizedSchema) }),
  Obj({
    kind: Type.Literal('by_age'),
    bands: Type.Array(AgeBandSchema, { maxItems: 10 }),
    label: Type.Optional(LocalizedSchema),
  }),
  Obj({
    kind: Type.Literal('per_unit'),
    unit: Type.Union((['page', 'document', 'signature', 'item'] as const).map((u) => Type.Literal(u))),
    amountCents: Cents,
    minUnits: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    maxUnits: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    label: Type.Optional(LocalizedSchema),
  }),
]);

const FeeKey = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' });

export const FeeScheduleSchema = Obj({
  rules: Type.Array(FeeRuleSchema, { maxItems: 10 }),
  options: Type.Optional(
    Type.Array(
      Obj({
        id: FeeKey,
        label: LocalizedSchema,
        amountCents: Cents,
        legalBasis: Type.Optional(Type.String({ maxLength: 300 })),
      }),
      { maxItems: 20 },
    ),
  ),
  waivers: Type.Optional(
    Type.Array(
      Obj({ id: FeeKey, label: LocalizedSchema, legalBasis: Type.Optional(Type.String({ maxLength: 300 })) }),
      { maxItems: 20 },
    ),
  ),
  legalBasis: Type.Optional(Type.String({ maxLength: 300 })),
  note: Type.Optional(LocalizedSchema),
  amountUnconfirmed: Type.Optional(Type.Boolean()),
});

const MinutesSchema = Type.Integer({ minimum: 1, maximum: 240 });

export const ServiceContentSchema = Obj(
  {
    slug: Type.String({ minLength: 2, maxLength: 80, pattern: SLUG_PATTERN }),
    leikaKey: Nullable(Type.String({ maxLength: 20 })),
    name: LocalizedSchema,
    shortText: LocalizedSchema,
    description: Type.String({ maxLength: 20_000 }),
    easyReadText: Nullable(Type.String({ maxLength: 10_000 })),
    prerequisites: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 40 }),
    documents: Type.Array(
      Obj({
        item: Type.String({ maxLength: 300 }),
        note: Nullable(Type.String({ maxLength: 1000 })),
        required: Type.Boolean(),
      }),
      { maxItems: 40 },
    ),
    fees: FeeScheduleSchema,
    legalBases: Type.Array(
      Obj({ title: Type.String({ maxLength: 300 }), url: Nullable(Type.String({ maxLength: 500 })) }),
      { maxItems: 30 },
    ),
    procedure: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 30 }),
    processingTime: Nullable(Type.String({ maxLength: 300 })),
    deadlines: Nullable(Type.String({ maxLength: 1000 })),
    forms: Type.Array(
      Obj({ title: Type.String({ maxLength: 300 }), url: Nullable(Type.String({ maxLength: 500 })) }),
      { maxItems: 20 },
    ),
    formKey: Nullable(Type.String({ maxLength: 80 })),
    notes: Nullable(Type.String({ maxLength: 5000 })),
    contact: Obj({
      unit: Type.String({ maxLength: 200 }),
      phone: Nullable(Type.String({ maxLength: 60 })),
      email: Nullable(Type.String({ maxLength: 200, format: 'email' })),
      note: Nullable(Type.String({ maxLength: 1000 })),
    }),
    personalAppearanceRequired: Type.Boolean(),
    duration: Obj({
      defaultMinutes: MinutesSchema,
      byPlaceKind: Type.Optional(
        Obj({
          town_hall: Type.Optional(MinutesSchema),
          village_hall: Type.Optional(MinutesSchema),
          care_home: Type.Optional(MinutesSchema),
          community_centre: Type.Optional(MinutesSchema),
          other: Type.Optional(MinutesSchema),
          home: Type.Optional(MinutesSchema),
        }),
      ),
      byLocation: Type.Optional(Type.Record(Type.String({ format: 'uuid' }), MinutesSchema)),
    }),
    channels: Type.Array(ChannelSchema, { maxItems: 6 }),
  },
  { description: 'A service description (ServiceContent in src/core/catalog/content.ts)' },
);

// The API schema and the core type describe the same thing; this line fails to compile if not.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _contentSchemaMatchesCore: Same<Static<typeof ServiceContentSchema>, ServiceContent> = true;
void _contentSchemaMatchesCore;

export const SegmentSchema = Type.Object({ text: Type.String(), match: Type.Boolean() });

const FeeScheduleOut = Type.Unsafe<ServiceContent['fees']>(
  Type.Any({ description: 'FeeSchedule (src/core/catalog/fees.ts)' }),
);
const DurationOut = Type.Unsafe<ServiceContent['duration']>(Type.Any({ description: 'ServiceDuration' }));

export const ServiceSummarySchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  slug: Type.String(),
  leikaKey: Nullable(Type.String()),
  name: Type.Object({ de: Type.String(), en: Type.String() }),
  shortText: Type.Object({ de: Type.String(), en: Type.String() }),
  channels: Type.Array(ChannelSchema),
  duration: DurationOut,
  personalAppearanceRequired: Type.Boolean(),
  fees: FeeScheduleOut,
  formKey: Nullable(Type.String()),
  version: Type.Integer(),
});

export const SearchQuery = Obj({
  q: Type.String({ maxLength: 1000, description: 'What the person is looking for, in their words' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  channel: Type.Optional(
    Type.Union(
      (['portal', 'terminal', 'hotline', 'admin', 'api'] as const).map((c) => Type.Literal(c)),
      {
        description: 'Where the search comes from (only for the statistics of searches without result)',
      },
    ),
  ),
  authorityId: Type.Optional(Uuid),
});

export const SearchResultSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  shortText: Type.String(),
  channels: Type.Array(ChannelSchema),
  score: Type.Number(),
  highlight: Type.Object({
    name: Type.Array(SegmentSchema),
    shortText: Type.Array(SegmentSchema),
    snippet: Nullable(Type.Array(SegmentSchema)),
  }),
  matchedSynonym: Nullable(Type.String()),
});

export const SearchResponseSchema = Type.Object({
  query: Type.String(),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  results: Type.Array(SearchResultSchema),
  tookMs: Type.Number(),
});

export const OfficeSchema = Type.Object({
  authorityName: Type.String(),
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
});

export const ContentOut = Type.Unsafe<ServiceContent>(
  Type.Any({ description: 'ServiceContent (src/core/catalog/content.ts)' }),
);

export const PublishedServiceSchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  version: Type.Integer(),
  publishedAt: IsoDateTime,
  content: ContentOut,
  office: Nullable(OfficeSchema),
});

export const EditorListItemSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('changed')]),
  publishedVersion: Nullable(Type.Integer()),
  draftRevision: Type.Integer(),
  updatedAt: IsoDateTime,
});

export const VersionInfoSchema = Type.Object({
  version: Type.Integer(),
  publishedAt: IsoDateTime,
  publishedBy: Nullable(Type.String()),
  changeNote: Nullable(Type.String()),
});

export const SynonymSchema = Type.Object({ id: Uuid, term: Type.String(), createdAt: IsoDateTime });

export const EditorServiceSchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  slug: Type.String(),
  draft: Nullable(ContentOut),
  draftRevision: Type.Integer(),
  draftUpdatedAt: Nullable(IsoDateTime),
  draftUpdatedBy: Nullable(Type.String()),
  published: Nullable(
    Type.Object({ version: Type.Integer(), publishedAt: IsoDateTime, content: ContentOut }),
  ),
  versions: Type.Array(VersionInfoSchema),
  synonyms: Type.Array(SynonymSchema),
  /** The Land service it follows (#12, ADR 30), or null. */
  land: Nullable(
    Type.Object({
      landServiceId: Uuid,
      adoptedVersion: Type.Integer(),
      currentVersion: Type.Integer(),
      openReviewId: Nullable(Uuid),
      feeFrame: Type.Union([
        Type.Object({ kind: Type.Literal('fixed') }),
        Type.Object({ kind: Type.Literal('range'), minCents: Type.Integer(), maxCents: Type.Integer() }),
        Type.Object({ kind: Type.Literal('open') }),
      ]),
      overridden: Type.Array(Type.String()),
    }),
  ),
});

export const CreateServiceBody = Obj({ content: ServiceContentSchema });
export const SaveDraftBody = Obj({
  content: ServiceContentSchema,
  baseRevision: Type.Integer({ minimum: 0 }),
});
export const PublishBody = Obj({
  draftRevision: Type.Integer({ minimum: 0 }),
  changeNote: Type.Optional(Type.String({ maxLength: 500 })),
});
export const SynonymBody = Obj({ term: Type.String({ maxLength: 80 }) });

export const ImportBody = Obj({
  format: Type.Literal('buergerkoffer.catalog'),
  formatVersion: Type.Literal(1),
  exportedAt: Type.Optional(Type.String()),
  authority: Type.Optional(
    Type.Unknown({ description: 'Ignored: the import goes to the signed-in editor’s authority' }),
  ),
  publish: Type.Optional(Type.Boolean({ default: false })),
  // Entries are checked one by one (transfer.ts), so that every broken entry is named.
  services: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 5000 }),
});

export const ImportEntrySchema = Obj({
  id: Type.Optional(Uuid),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  content: ServiceContentSchema,
  synonyms: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 80 }), { maxItems: 50 })),
});
export type ImportEntry = Static<typeof ImportEntrySchema>;

export const ImportResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  published: Type.Integer(),
  unchanged: Type.Integer(),
});

export const MissSchema = Type.Object({
  query: Type.String(),
  count: Type.Integer(),
  lastDay: Type.String(),
  channels: Type.Array(Type.String()),
});
