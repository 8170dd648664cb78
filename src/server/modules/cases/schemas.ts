import { Type } from '@sinclair/typebox';
import { CASE_CHANNELS } from '../../../core/cases/services';
import { CASE_STATES } from '../../../core/cases/state-machine';
import { Obj, Uuid } from '../../http/schema';
import { FeeClaimSchema, PaymentSchema } from '../payments/schemas';
import { PersonSummarySchema } from '../register/schemas';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Localized = Type.Object({ de: Type.String(), en: Type.String() });
const State = Type.Union(CASE_STATES.map((s) => Type.Literal(s)));
const Channel = Type.Union(CASE_CHANNELS.map((c) => Type.Literal(c)));
const AnyObject = Type.Record(Type.String(), Type.Unknown());
const DocumentKind = Type.Union([
  Type.Literal('receipt'),
  Type.Literal('registration_confirmation'),
  Type.Literal('registration_certificate'),
  Type.Literal('application_summary'),
  Type.Literal('life_certificate'),
]);
const Issue = Type.Object({
  pointer: Type.String(),
  code: Type.String(),
  message: Localized,
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const CaseSummarySchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  localNumber: Nullable(Type.String()),
  serviceName: Localized,
  formKey: Type.String(),
  subjectName: Type.String(),
  personId: Nullable(Uuid),
  status: State,
  channel: Channel,
  capturedAt: Type.String(),
  updatedAt: Type.String(),
  feeStatus: Nullable(Type.String()),
  pickupAt: Nullable(Type.String()),
});

export const CaseDetailSchema = Type.Object({
  ...CaseSummarySchema.properties,
  serviceId: Uuid,
  serviceSlug: Type.String(),
  formVersion: Type.Integer(),
  locationId: Nullable(Uuid),
  kitId: Nullable(Uuid),
  formData: AnyObject,
  warnings: Type.Array(Issue),
  result: AnyObject,
  accessCode: Type.String(),
  contactEmail: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  version: Type.Integer(),
  flow: Type.Union([Type.Literal('immediate'), Type.Literal('pickup'), Type.Literal('forward')]),
  allowedTransitions: Type.Array(State),
  canHandOver: Type.Boolean(),
  canExport: Type.Boolean(),
  fee: Type.Union([FeeClaimSchema, Type.Null()]),
  payments: Type.Array(PaymentSchema),
  transitions: Type.Array(
    Type.Object({
      from: Type.Union([State, Type.Null()]),
      to: State,
      reason: Nullable(Type.String()),
      by: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  notes: Type.Array(Type.Object({ id: Uuid, author: Type.String(), text: Type.String(), at: Type.String() })),
  attachments: Type.Array(
    Type.Object({
      sha256: Type.String(),
      kind: Type.String(),
      pointer: Type.String(),
      mediaType: Type.String(),
      purged: Type.Boolean(),
    }),
  ),
  documents: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      verificationCode: Type.String(),
      issuedAt: Type.String(),
      paymentId: Nullable(Uuid),
    }),
  ),
  summary: Type.Array(
    Type.Object({
      title: Type.String(),
      fields: Type.Array(Type.Object({ pointer: Type.String(), label: Type.String(), value: Type.String() })),
    }),
  ),
});

export const CaptureBody = Obj({
  id: Type.Optional(Uuid),
  serviceId: Uuid,
  personId: Type.Union([Uuid, Type.Null()]),
  formData: AnyObject,
  channel: Type.Optional(Channel),
  locationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  submit: Type.Optional(Type.Boolean()),
  ticketId: Type.Optional(
    Type.Union([Uuid, Type.Null()], {
      description:
        'The queue ticket being served: the case is linked to it and, without locationId, belongs to its location',
    }),
  ),
});

export const CaptureResultSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  localNumber: Nullable(Type.String()),
  accessCode: Type.String(),
  status: State,
  fee: Type.Union([FeeClaimSchema, Type.Null()]),
  warnings: Type.Array(Issue),
});

export const WorklistQuery = Obj({
  status: Type.Optional(Type.Array(State)),
  open: Type.Optional(Type.Boolean()),
  personId: Type.Optional(Uuid),
  number: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const TransitionBody = Obj({
  to: State,
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const HandOverBody = Obj({
  handedTo: Type.Union([Type.Literal('applicant'), Type.Literal('authorised')]),
  authorisedName: Type.Optional(Type.String({ maxLength: 200 })),
  signature: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const NoteBody = Obj({ text: Type.String({ minLength: 1, maxLength: 4000 }) });

export const IssueDocumentBody = Obj({ kind: DocumentKind, paymentId: Type.Optional(Uuid) });

export const IssuedDocumentSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  verificationCode: Type.String(),
  issuedAt: Type.String(),
});

export const AttachmentQuery = Obj({
  kind: Type.Union([Type.Literal('photo'), Type.Literal('signature'), Type.Literal('scan')]),
  id: Type.Optional(Uuid),
});

export const AttachmentSchema = Type.Object({
  id: Uuid,
  sha256: Type.String(),
  kind: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  purged: Type.Boolean(),
});

export const ServiceForDeskSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Localized,
  shortText: Localized,
  formKey: Type.String(),
  channels: Type.Array(Type.String()),
  fees: Type.Unknown(),
  flow: Type.String(),
  person: Type.String(),
  germanOnly: Type.Boolean(),
  offline: Type.Boolean(),
});

export const FormContextQuery = Obj({
  serviceId: Uuid,
  personId: Type.Optional(Uuid),
});

export const FormContextSchema = Type.Object({
  service: ServiceForDeskSchema,
  today: Type.String(),
  hasPerson: Type.Boolean(),
  personBirthDate: Nullable(Type.String()),
  person: Type.Union([PersonSummarySchema, Type.Null()]),
  options: Type.Record(
    Type.String(),
    Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
  ),
});

export const StatusBody = Obj({
  caseNumber: Type.String({ minLength: 1, maxLength: 60 }),
  accessCode: Type.String({ minLength: 1, maxLength: 40 }),
});

export const CitizenStatusSchema = Type.Object({
  caseNumber: Type.String(),
  service: Localized,
  state: State,
  stateText: Localized,
  stateLabel: Localized,
  updatedAt: Type.String(),
  pickupAt: Nullable(Type.String()),
});

export const VerificationSchema = Type.Object({
  genuine: Type.Literal(true),
  kind: Type.String(),
  title: Type.String(),
  issuedOn: Type.String(),
  authority: Type.String(),
  caseNumber: Type.String(),
  holderInitials: Nullable(Type.String()),
  revoked: Type.Boolean(),
});

export const Sha256Params = Obj({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
export const CodeParams = Obj({ code: Type.String({ minLength: 1, maxLength: 40 }) });
