import { Type } from '@sinclair/typebox';
import { IsoDate, Obj, Uuid } from '../../http/schema';
import { OfficeDayLocationSchema, OfficeDaySchema } from '../schedule/schemas';

const Localized = Type.Object({ de: Type.String(), en: Type.String() });
export const ServiceRefSchema = Type.Object({ id: Uuid, slug: Type.String(), name: Localized });
const LocaleSchema = Type.Union([Type.Literal('de'), Type.Literal('en')]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Comma-separated service ids in a query string. */
export const ServiceList = Type.String({
  pattern:
    '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}){0,4}$',
  description: 'Up to five service ids, comma-separated',
});

export const BookableServiceSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Localized,
  shortText: Localized,
  durationMinutes: Type.Integer(),
});

export const BookingLocationSchema = Type.Object({
  location: OfficeDayLocationSchema,
  nextDate: Type.String(),
  officeDays: Type.Integer(),
  freeSlots: Type.Integer(),
});

export const SlotSchema = Type.Object({ startsAt: Type.String(), endsAt: Type.String() });

export const DayAvailabilitySchema = Type.Object({
  officeDay: OfficeDaySchema,
  services: Type.Array(ServiceRefSchema),
  offersServices: Type.Boolean(),
  durationMinutes: Type.Union([Type.Integer(), Type.Null()]),
  bookingOpen: Type.Boolean(),
  closesAt: Type.String(),
  freeSlots: Type.Integer(),
  capacity: Type.Integer(),
  firstFree: Type.Union([Type.String(), Type.Null()]),
  slots: Type.Optional(Type.Array(SlotSchema)),
});

export const DaysQuery = Obj({
  services: ServiceList,
  location: Type.Optional(Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9-]+$' })),
  village: Type.Optional(Uuid),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
});

export const SlotsQuery = Obj({ officeDay: Uuid, services: ServiceList });

export const LocationSlotsQuery = Obj({
  services: ServiceList,
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
});

export const ChannelSchema = Type.Union([Type.Literal('portal'), Type.Literal('terminal')]);

export const HoldBody = Obj({
  officeDayId: Uuid,
  startsAt: Type.String({ format: 'date-time' }),
  serviceIds: Type.Array(Uuid, { minItems: 1, maxItems: 5, uniqueItems: true }),
  channel: Type.Optional(ChannelSchema),
  locale: Type.Optional(LocaleSchema),
});

export const HoldSchema = Type.Object({
  holdId: Uuid,
  holdToken: Type.String(),
  expiresAt: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  durationMinutes: Type.Integer(),
});

export const ReleaseBody = Obj({ holdToken: Type.String({ minLength: 32, maxLength: 64 }) });

export const ContactSchema = Obj({
  name: Type.String({ maxLength: 200 }),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
});

export const BookBody = Obj({
  holdId: Type.Optional(Uuid),
  holdToken: Type.Optional(Type.String({ minLength: 32, maxLength: 64 })),
  officeDayId: Type.Optional(Uuid),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  serviceIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 5, uniqueItems: true })),
  contact: ContactSchema,
  channel: Type.Optional(ChannelSchema),
  locale: Type.Optional(LocaleSchema),
});

export const StaffBookBody = Obj({
  officeDayId: Uuid,
  startsAt: Type.String({ format: 'date-time' }),
  serviceIds: Type.Array(Uuid, { minItems: 1, maxItems: 5, uniqueItems: true }),
  contact: ContactSchema,
  locale: Type.Optional(LocaleSchema),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
  ),
});

export const AppointmentSchema = Type.Object({
  id: Uuid,
  bookingNumber: Type.String(),
  status: Type.String(),
  officeDayId: Uuid,
  date: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  durationMinutes: Type.Integer(),
  services: Type.Array(ServiceRefSchema),
  location: OfficeDayLocationSchema,
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: LocaleSchema,
  channel: Type.String(),
  holdExpiresAt: Type.Union([Type.String(), Type.Null()]),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const BookingResultSchema = Type.Object({
  appointment: AppointmentSchema,
  manageToken: Type.String(),
  manageUrl: Type.String(),
  replayed: Type.Optional(Type.Boolean()),
});

export const TokenBody = Obj({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const ManageSchema = Type.Object({
  appointment: AppointmentSchema,
  canChange: Type.Boolean(),
  canCancel: Type.Boolean(),
  changeClosesAt: Type.String(),
});

export const RescheduleBody = Obj({
  token: Type.String({ minLength: 1, maxLength: 100 }),
  officeDayId: Uuid,
  startsAt: Type.String({ format: 'date-time' }),
});

export const StaffRescheduleBody = Obj({ officeDayId: Uuid, startsAt: Type.String({ format: 'date-time' }) });

export const WaitlistBody = Obj({
  officeDayId: Uuid,
  serviceIds: Type.Array(Uuid, { maxItems: 5, uniqueItems: true }),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  locale: Type.Optional(LocaleSchema),
});

export const DemandBody = Obj({
  villageId: Uuid,
  serviceIds: Type.Array(Uuid, { maxItems: 10, uniqueItems: true }),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  locale: Type.Optional(LocaleSchema),
});

export const DemandSummarySchema = Type.Object({
  villageId: Uuid,
  villageName: Type.String(),
  municipalityName: Type.String(),
  requests: Type.Integer(),
  waitingForNews: Type.Integer(),
  lastAt: Type.String(),
  services: Type.Array(Type.Object({ id: Uuid, name: Localized, count: Type.Integer() })),
  upcomingOfficeDays: Type.Integer(),
});
