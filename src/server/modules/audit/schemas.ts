import { Type } from '@sinclair/typebox';
import { IsoDateTime, Obj, Uuid } from '../../http/schema';

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  id: Uuid,
  occurredAt: IsoDateTime,
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  actorKitId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  subjectPersonId: Type.Union([Uuid, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  details: Type.Unknown(),
  /** Position in the chain; null while the row is not linked yet. */
  chainSeq: Type.Union([Type.Integer(), Type.Null()]),
  hash: Type.Union([Type.String(), Type.Null()]),
  /** The personal payload was erased after its retention period. */
  erased: Type.Boolean(),
});

export const AuditSearchQuery = Obj({
  personId: Type.Optional(Uuid),
  userId: Type.Optional(Uuid),
  username: Type.Optional(Type.String({ maxLength: 100 })),
  resourceType: Type.Optional(Type.String({ maxLength: 100 })),
  resourceId: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const ChainProblemSchema = Type.Union(
  [
    'content_mismatch',
    'payload_mismatch',
    'link_mismatch',
    'key_unknown',
    'row_missing',
    'order_violation',
    'erased_early',
    'rows_missing',
    'head_mismatch',
    'checkpoint_mismatch',
    'checkpoint_signature',
    'unlinked_row',
  ].map((r) => Type.Literal(r)),
);

export const ChainVerificationSchema = Type.Object({
  intact: Type.Boolean(),
  rows: Type.Integer(),
  firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([ChainProblemSchema, Type.Null()]),
  problems: Type.Array(
    Type.Object({ seq: Type.Union([Type.Integer(), Type.Null()]), reason: ChainProblemSchema }),
  ),
  erased: Type.Integer(),
  pending: Type.Integer(),
  oldestPendingAt: Type.Union([IsoDateTime, Type.Null()]),
  checkpoints: Type.Object({
    total: Type.Integer(),
    matched: Type.Integer(),
    fileExists: Type.Boolean(),
    latest: Type.Union([
      Type.Object({ seq: Type.Integer(), at: IsoDateTime, key: Type.String() }),
      Type.Null(),
    ]),
  }),
  verifiedAt: IsoDateTime,
});

export const CheckpointSchema = Type.Object({
  seq: Type.Integer(),
  hash: Type.String(),
  rows: Type.Integer(),
  at: IsoDateTime,
  key: Type.String(),
  signatureValid: Type.Boolean(),
});

export const ChainStatusSchema = Type.Object({
  linked: Type.Integer(),
  pending: Type.Integer(),
  oldestPendingAt: Type.Union([IsoDateTime, Type.Null()]),
  lastLinkedAt: Type.Union([IsoDateTime, Type.Null()]),
  lagP50Ms: Type.Union([Type.Integer(), Type.Null()]),
  lagP99Ms: Type.Union([Type.Integer(), Type.Null()]),
  hmacKeyId: Type.String(),
  signingKeys: Type.Array(Type.Object({ id: Type.String(), pem: Type.String(), current: Type.Boolean() })),
  retentionYears: Type.Integer(),
  checkpointMinutes: Type.Integer(),
  checkpoints: Type.Array(CheckpointSchema),
});
