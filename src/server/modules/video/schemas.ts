import { Type } from '@sinclair/typebox';
import { Obj, Uuid } from '../../http/schema';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Localized = Type.Object({ de: Type.String(), en: Type.String() });

export const TerminalSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  locationId: Uuid,
  locationName: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('revoked')]),
  pairingExpiresAt: Nullable(Type.String()),
  pairedAt: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const CreateTerminalBody = Obj({
  locationId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
});

export const PairingSchema = Type.Object({
  terminal: TerminalSchema,
  code: Type.String({ description: 'The one-time set-up code, shown once; valid 24 hours' }),
});

export const PairBody = Obj({ code: Type.String({ minLength: 1, maxLength: 40 }) });

export const TerminalStatusSchema = Type.Object({
  enrolled: Type.Boolean(),
  terminal: Nullable(Type.Object({ name: Type.String(), locationName: Type.String() })),
  available: Type.Boolean({ description: 'A clerk has the video page open now' }),
  expectedWaitMinutes: Nullable(
    Type.Integer({ description: 'Rounded up to 5 minutes; 0 = at once; null when nobody is available' }),
  ),
  waiting: Type.Integer({ description: 'Callers waiting now' }),
  nextHours: Nullable(
    Type.Object({
      date: Type.String(),
      startTime: Type.String(),
      endTime: Type.String(),
      open: Type.Boolean(),
    }),
  ),
  phone: Nullable(Type.String()),
  authorityName: Nullable(Type.String()),
});

export const StartCallBody = Obj({
  bookingNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});

export const StartedCallSchema = Type.Object({
  callId: Uuid,
  token: Type.String({
    description: 'The per-call token: Authorization: Bearer … and the socket’s auth message',
  }),
  kind: Type.Union([Type.Literal('walk_in'), Type.Literal('booked')]),
  expiresAt: Type.String(),
});

export const ImageQuery = Obj({
  kind: Type.Optional(Type.Union([Type.Literal('scan'), Type.Literal('signature')], { default: 'scan' })),
});

export const ImageResultSchema = Type.Object({
  sha256: Type.String(),
  mediaType: Type.String(),
  imageId: Nullable(Uuid),
});

export const SocketQuery = Type.Object({
  as: Type.Optional(Type.Union([Type.Literal('terminal'), Type.Literal('clerk'), Type.Literal('guest')])),
});

export const QueueEntrySchema = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('waiting'), Type.Literal('active')]),
  kind: Type.Union([Type.Literal('walk_in'), Type.Literal('booked')]),
  locationId: Uuid,
  locationName: Type.String(),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  requestedAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  mine: Type.Boolean(),
  acceptedByName: Nullable(Type.String()),
  terminalConnected: Type.Boolean(),
  booking: Nullable(Type.Object({ startsAt: Type.String(), services: Type.Array(Localized) })),
});

export const CallImageSchema = Type.Object({
  id: Uuid,
  sha256: Type.String(),
  mediaType: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  at: Type.String(),
});

export const CallDetailSchema = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('waiting'), Type.Literal('active'), Type.Literal('ended')]),
  kind: Type.Union([Type.Literal('walk_in'), Type.Literal('booked')]),
  locationId: Uuid,
  locationName: Type.String(),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  requestedAt: Type.String(),
  acceptedAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  images: Type.Array(CallImageSchema),
  case: Nullable(Type.Object({ id: Uuid, number: Type.String(), accessCode: Type.String() })),
});

export const EndResultSchema = Type.Object({ outcome: Type.String() });

export const InviteBody = Obj({
  guestKind: Type.Union([Type.Literal('interpreter'), Type.Literal('colleague')]),
});

export const InviteSchema = Type.Object({
  url: Type.String({ description: 'Single use; the token is in the fragment, so it never reaches a log' }),
  expiresAt: Type.String(),
});

export const RedeemBody = Obj({ token: Type.String({ minLength: 16, maxLength: 200 }) });

export const RedeemSchema = Type.Object({
  callId: Uuid,
  guestToken: Type.String(),
  guestKind: Type.Union([Type.Literal('interpreter'), Type.Literal('colleague')]),
});

export const CallCaseBody = Obj({
  id: Type.Optional(Uuid),
  serviceId: Uuid,
  personId: Type.Union([Uuid, Type.Null()]),
  formData: Type.Record(Type.String(), Type.Unknown()),
  /** The form push the data answered (shown with the case number on the terminal). */
  pushId: Type.Optional(Type.String({ maxLength: 64 })),
});
