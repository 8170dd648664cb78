import { Type } from '@sinclair/typebox';
import { Obj, Uuid } from '../../http/schema';

const Status = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sent'),
  Type.Literal('stored'),
  Type.Literal('failed'),
]);
const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms')]);
const Locale = Type.Union([Type.Literal('de'), Type.Literal('en')]);

export const OutboxQuery = Obj({
  recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  status: Type.Optional(Status),
  before: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const OutboxListItemSchema = Type.Object({
  id: Uuid,
  channel: Channel,
  recipient: Type.String(),
  template: Type.String(),
  locale: Locale,
  subject: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  attachmentCount: Type.Integer(),
});

export const OutboxMessageSchema = Type.Object({
  id: Uuid,
  channel: Channel,
  recipient: Type.String(),
  template: Type.String(),
  locale: Locale,
  subject: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  textBody: Type.String(),
  htmlBody: Type.Union([Type.String(), Type.Null()]),
  relatedType: Type.Union([Type.String(), Type.Null()]),
  relatedId: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(
    Type.Object({
      index: Type.Integer(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
});
