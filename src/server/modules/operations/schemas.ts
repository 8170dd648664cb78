import { type Static, Type } from '@sinclair/typebox';
import { Obj, Uuid } from '../../http/schema';

export const BODY_KINDS = [
  'verwaltungsgemeinschaft',
  'verwaltungsverband',
  'einheitsgemeinde',
  'stadt',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

const Ags = Type.String({ pattern: '^[0-9]{8}$', description: 'Amtlicher Gemeindeschlüssel, 8 digits' });
const PostalCode = Type.String({ pattern: '^[0-9]{5}$' });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '\\S' });
export const Slug = Type.String({
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$',
  description: 'Portal address /<slug>/…: lower-case letters, digits and hyphens',
});
export const Host = Type.String({
  maxLength: 253,
  pattern: '^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$',
  description: 'Own host name of the portal, lower-case, no port',
});

export const VillageInput = Obj({
  name: Text(120),
  kind: Type.Union([Type.Literal('core'), Type.Literal('ortsteil'), Type.Literal('ortslage')]),
  latitude: Type.Optional(Type.Number({ minimum: 47, maximum: 56 })),
  longitude: Type.Optional(Type.Number({ minimum: 5, maximum: 16 })),
});

export const MunicipalityInput = Obj({
  ags: Ags,
  name: Text(120),
  postalCode: PostalCode,
  population: Type.Optional(Type.Integer({ minimum: 0, maximum: 5_000_000 })),
  latitude: Type.Optional(Type.Number({ minimum: 47, maximum: 56 })),
  longitude: Type.Optional(Type.Number({ minimum: 5, maximum: 16 })),
  villages: Type.Optional(Type.Array(VillageInput, { maxItems: 200 })),
});

export const BrandingInput = Obj({
  primaryColour: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
  logo: Type.Optional(
    Obj({
      mediaType: Type.Union([Type.Literal('image/png'), Type.Literal('image/svg+xml')]),
      dataBase64: Type.String({ minLength: 8, maxLength: 350_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
    }),
  ),
});

export const ImprintInput = Obj({
  representative: Text(200),
  supervisoryAuthority: Type.Optional(Text(300)),
  vatId: Type.Optional(Type.String({ pattern: '^DE[0-9]{9}$' })),
  note: Type.Optional(Text(2000)),
});

export const FirstAdminInput = Obj({
  username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  displayName: Text(120),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
});

export const OnboardAuthorityBody = Obj({
  name: Text(200, 3),
  shortName: Text(80, 2),
  bodyKind: Type.Union(BODY_KINDS.map((k) => Type.Literal(k))),
  slug: Slug,
  host: Type.Optional(Host),
  street: Text(120),
  postalCode: PostalCode,
  city: Text(80),
  phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9 +()/-]+$' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  website: Type.Optional(Type.String({ format: 'uri', maxLength: 300, pattern: '^https://' })),
  joined115: Type.Optional(Type.Boolean()),
  municipalities: Type.Array(MunicipalityInput, { minItems: 1, maxItems: 60 }),
  leadMunicipalityAgs: Ags,
  branding: Type.Optional(BrandingInput),
  imprint: ImprintInput,
  firstAdmin: FirstAdminInput,
});
export type OnboardAuthorityInput = Static<typeof OnboardAuthorityBody>;

export const OnboardResult = Type.Object({
  authorityId: Uuid,
  slug: Type.String(),
  firstAdmin: Type.Object({
    username: Type.String(),
    oneTimePassword: Type.String({ description: 'Shown once; never stored in plain text' }),
  }),
});

export const AuthoritySummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  shortName: Type.String(),
  slug: Type.String(),
  host: Type.Union([Type.String(), Type.Null()]),
  ags: Type.Union([Type.String(), Type.Null()]),
  bodyKind: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  statusNote: Type.Union([Type.String(), Type.Null()]),
  joined115: Type.Boolean(),
  municipalities: Type.Integer(),
  staff: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const SuspendBody = Obj({
  note: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S', description: 'Shown on the portal' }),
});

export const DeleteBody = Obj({
  confirmSlug: Type.String({ minLength: 1, maxLength: 64 }),
  dryRun: Type.Optional(Type.Boolean()),
});

export const TableCounts = Type.Array(Type.Object({ table: Type.String(), rows: Type.Integer() }));

export const DirectoryEntry = Type.Object({
  ags: Type.String(),
  ars: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: 'What the Textkennzeichen says (Stadt, Gemeinde, …)' }),
  associationKey: Type.String(),
  associationName: Type.Union([Type.String(), Type.Null()]),
  associationKind: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  postalCode: Type.Union([Type.String(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
  takenBy: Type.Union([Type.String(), Type.Null()], { description: 'Slug of the authority it belongs to' }),
});

export const DirectoryProposal = Type.Object({
  bodyKind: Type.Union(BODY_KINDS.map((k) => Type.Literal(k))),
  name: Type.String(),
  leadMunicipalityAgs: Type.String(),
  municipalities: Type.Array(DirectoryEntry),
});
