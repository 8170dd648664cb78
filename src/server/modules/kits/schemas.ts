import { Type } from '@sinclair/typebox';
import { Obj, Uuid } from '../../http/schema';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const KitSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String(),
    status: Type.Union([Type.Literal('awaiting_pairing'), Type.Literal('active'), Type.Literal('revoked')]),
    municipalityIds: Type.Array(Uuid),
    locationIds: Type.Array(Uuid),
    lockAfterMinutes: Type.Integer(),
    pairingExpiresAt: Nullable(Type.String()),
    enrolledAt: Nullable(Type.String()),
    keyFingerprint: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
    revokeReason: Nullable(Type.String()),
    lastSeq: Type.Integer({ description: 'Highest command number the server has applied' }),
    lastSyncAt: Nullable(Type.String()),
    lastSeenAt: Nullable(Type.String()),
    lastError: Nullable(Type.String()),
    pendingCommands: Nullable(
      Type.Integer({ description: 'Commands waiting in the kit, as it last reported' }),
    ),
    softwareVersion: Nullable(Type.String()),
    clockOffsetMs: Nullable(Type.Number()),
    outcomes: Type.Object({ applied: Type.Integer(), rejected: Type.Integer(), conflict: Type.Integer() }),
    createdAt: Type.String(),
  },
  { $id: 'Kit' },
);

export const KitInputSchema = Obj({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  prefix: Type.Optional(Type.String({ pattern: '^[Kk][A-Za-z0-9]{1,5}$' })),
  municipalityIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }),
  locationIds: Type.Array(Uuid, { maxItems: 50 }),
  lockAfterMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
});

export const KitWithCode = Type.Object({ kit: Type.Ref('Kit'), pairingCode: Type.String() });

export const RevokeBody = Obj({ reason: Type.String({ minLength: 3, maxLength: 500 }) });

export const EnrolBody = Obj({
  pairingCode: Type.String({ minLength: 4, maxLength: 40 }),
  publicKey: Type.Record(Type.String(), Type.Unknown(), { description: 'EC P-256 public key as JWK' }),
  softwareVersion: Type.String({ minLength: 1, maxLength: 40 }),
});

export const EnrolmentSchema = Type.Object({
  kit: Type.Intersect([Type.Ref('Kit'), Type.Object({ authorityId: Uuid, authorityName: Type.String() })]),
  nextSeq: Type.Integer(),
  serverTime: Type.String(),
});

export const CommandSchema = Obj({
  id: Uuid,
  kitId: Uuid,
  seq: Type.Integer({ minimum: 1 }),
  type: Type.String({ minLength: 1, maxLength: 60 }),
  payload: Type.Unknown(),
  baseVersion: Type.Optional(Type.Integer({ minimum: 0 })),
  clerkId: Type.String({ maxLength: 40 }),
  createdAt: Type.String({ maxLength: 40 }),
});

export const PushBody = Obj({
  commands: Type.Array(CommandSchema, { maxItems: 100 }),
  ackedSeq: Type.Integer({ minimum: 0 }),
  pendingCount: Type.Integer({ minimum: 0 }),
  kitTime: Type.String({ maxLength: 40 }),
});

const Problem = Type.Object(
  {
    code: Type.String(),
    de: Type.String(),
    en: Type.String(),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
    fields: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export const CommandResultSchema = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  appliedAt: Type.String(),
  outcome: Type.Union([Type.Literal('applied'), Type.Literal('rejected'), Type.Literal('conflict')]),
  result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  problem: Type.Optional(Problem),
  current: Type.Optional(Type.Object({ version: Type.Number(), data: Type.Optional(Type.Unknown()) })),
});

export const PushResponseSchema = Type.Object({
  results: Type.Array(CommandResultSchema),
  lastSeq: Type.Integer(),
  expectedSeq: Type.Optional(Type.Integer()),
  missingAttachments: Type.Optional(Type.Array(Type.String())),
  serverTime: Type.String(),
});

export const PullBody = Obj({
  cursor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
});

export const PullResponseSchema = Type.Object({
  changes: Type.Array(
    Type.Object({
      entity: Type.String(),
      id: Uuid,
      version: Type.Integer(),
      deleted: Type.Boolean(),
      data: Type.Optional(Type.Unknown()),
    }),
  ),
  cursor: Type.Integer(),
  more: Type.Boolean(),
  reset: Type.Optional(Type.Boolean()),
});

export const UploadParams = Obj({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
export const UploadQuery = Obj({ size: Type.Integer({ minimum: 1 }) });
export const UploadStatusSchema = Type.Object({
  sha256: Type.String(),
  size: Type.Integer(),
  received: Type.Integer(),
  complete: Type.Boolean(),
});

export const ConfirmBody = Obj({ lastSeq: Type.Integer({ minimum: 0 }) });
export const ConfirmResponse = Type.Object({
  confirmed: Type.Boolean(),
  serverLastSeq: Type.Integer(),
  missingSeqs: Type.Integer(),
});
