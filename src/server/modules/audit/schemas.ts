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
  hash: Type.Union([Type.String(), Type.Null()]),
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

export const ChainVerificationSchema = Type.Object({
  intact: Type.Boolean(),
  rows: Type.Integer(),
  firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([
    Type.Literal('hash_mismatch'),
    Type.Literal('link_mismatch'),
    Type.Literal('unchained'),
    Type.Literal('rows_missing'),
    Type.Null(),
  ]),
  verifiedAt: IsoDateTime,
});
