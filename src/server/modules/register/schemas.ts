import { Type } from '@sinclair/typebox';
import {
  BLOCK_KINDS,
  DWELLING_KINDS,
  ID_DOCUMENT_KINDS,
  ID_DOCUMENT_STATUSES,
  PERSON_STATUSES,
  RESIDENCE_KINDS,
  SEXES,
} from '../../../core/register/vocabulary';
import { IsoDate, Obj, Uuid } from '../../http/schema';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Enum = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const AddressSchema = Type.Object({
  dwellingId: Uuid,
  municipalityId: Uuid,
  villageId: Nullable(Uuid),
  street: Type.String(),
  houseNumber: Type.String(),
  unit: Nullable(Type.String()),
  postalCode: Type.String(),
  city: Type.String(),
  dwellingKind: Enum(DWELLING_KINDS),
});

export const PersonSummarySchema = Type.Object({
  id: Uuid,
  familyName: Type.String(),
  givenNames: Type.String(),
  birthName: Nullable(Type.String()),
  doctoralDegree: Nullable(Type.String()),
  birthDate: Type.String(),
  status: Enum(PERSON_STATUSES),
  fictitious: Type.Boolean(),
  address: Type.Union([AddressSchema, Type.Null()]),
  disclosureBlocked: Type.Boolean(),
});

export const PersonSearchQuery = Obj({
  familyName: Type.Optional(Type.String({ maxLength: 120 })),
  givenNames: Type.Optional(Type.String({ maxLength: 120 })),
  birthDate: Type.Optional(IsoDate),
  street: Type.Optional(Type.String({ maxLength: 120 })),
  houseNumber: Type.Optional(Type.String({ maxLength: 12 })),
  municipalityId: Type.Optional(Uuid),
  includeFormer: Type.Optional(Type.Boolean()),
  purpose: Type.Optional(
    Type.String({ maxLength: 500, description: 'Purpose of the read (or X-Audit-Reason)' }),
  ),
});

export const PurposeQuery = Obj({
  purpose: Type.Optional(
    Type.String({ maxLength: 500, description: 'Purpose of the read (or X-Audit-Reason)' }),
  ),
});

export const LiftBlockParams = Type.Object({ id: Uuid, blockId: Uuid }, { additionalProperties: false });
export const LiftBlockBody = Obj({
  reason: Type.String({
    minLength: 3,
    maxLength: 500,
    description: 'Why the block ends early, e.g. "Gründe entfallen, Antrag vom 2. 11."',
  }),
});
export const LiftBlockResult = Type.Object({ kind: Enum(BLOCK_KINDS), liftedOn: IsoDate });

export const SearchResultSchema = Type.Object({
  persons: Type.Array(PersonSummarySchema),
  more: Type.Boolean(),
});

export const PersonRecordSchema = Type.Object({
  id: Uuid,
  familyName: Type.String(),
  givenNames: Type.String(),
  callName: Nullable(Type.String()),
  birthName: Nullable(Type.String()),
  doctoralDegree: Nullable(Type.String()),
  birthDate: Type.String(),
  birthPlace: Type.String(),
  sex: Enum(SEXES),
  nationalities: Type.Array(Type.String()),
  status: Enum(PERSON_STATUSES),
  householdId: Nullable(Uuid),
  fictitious: Type.Boolean(),
  version: Type.Integer(),
  religion: Nullable(Type.String()),
  maritalStatus: Type.String(),
  deceasedOn: Nullable(Type.String()),
  /** § 13 Abs. 2 BMG: restricted since this day — only names, birth data, addresses, move-out, information block and death data are shown (#15). */
  restrictedOn: Nullable(Type.String()),
  residences: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Enum(RESIDENCE_KINDS),
      movedInOn: Type.String(),
      registeredOn: Type.String(),
      movedOutOn: Nullable(Type.String()),
      current: Type.Boolean(),
      address: AddressSchema,
    }),
  ),
  household: Type.Array(
    Type.Object({ id: Uuid, familyName: Type.String(), givenNames: Type.String(), birthDate: Type.String() }),
  ),
  blocks: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Enum(BLOCK_KINDS),
      validFrom: Type.String(),
      validUntil: Nullable(Type.String()),
      active: Type.Boolean(),
    }),
  ),
  activeBlocks: Type.Array(Enum(BLOCK_KINDS)),
  disclosureBlocked: Type.Boolean(),
  idDocuments: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Enum(ID_DOCUMENT_KINDS),
      serialNumber: Nullable(Type.String()),
      issuedOn: Nullable(Type.String()),
      validUntil: Nullable(Type.String()),
      status: Enum(ID_DOCUMENT_STATUSES),
    }),
  ),
  history: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      occurredOn: Type.String(),
      details: Type.Unknown(),
      caseId: Nullable(Uuid),
      recordedAt: Type.String(),
    }),
  ),
});
