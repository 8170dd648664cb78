import { Type } from '@sinclair/typebox';
import { IsoDate, LocalTimeOfDay, Obj, Uuid } from '../../http/schema';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Minutes = (max: number) => Type.Integer({ minimum: 0, maximum: max });

export const OfficeDayLocationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  kind: Type.String(),
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  stepFree: Type.Boolean(),
  accessibilityNotes: Type.Union([Type.String(), Type.Null()]),
  villageId: Type.Union([Uuid, Type.Null()]),
  villageName: Type.Union([Type.String(), Type.Null()]),
  municipalityId: Uuid,
  municipalityName: Type.String(),
});

/** in_person: the office comes to the place; video: video hours at the place's citizens' terminal (#11). */
export const OfficeDayMode = Type.Union([Type.Literal('in_person'), Type.Literal('video')]);

export const OfficeDaySchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  locationId: Uuid,
  seriesId: Type.Union([Uuid, Type.Null()]),
  date: Type.String(),
  startTime: Type.String(),
  endTime: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  desks: Type.Integer(),
  kitId: Type.Union([Uuid, Type.Null()]),
  slotMinutes: Type.Integer(),
  changeoverMinutes: Type.Integer(),
  setupMinutes: Type.Integer(),
  teardownMinutes: Type.Integer(),
  travelBeforeMinutes: Type.Integer(),
  travelAfterMinutes: Type.Integer(),
  serviceIds: Type.Union([Type.Array(Uuid), Type.Null()]),
  status: Type.Union([Type.Literal('planned'), Type.Literal('cancelled')]),
  mode: OfficeDayMode,
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  location: OfficeDayLocationSchema,
});

const Settings = {
  startTime: LocalTimeOfDay,
  endTime: LocalTimeOfDay,
  desks: Type.Integer({ minimum: 1, maximum: 20 }),
  kitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 120 })),
  changeoverMinutes: Type.Optional(Minutes(60)),
  setupMinutes: Type.Optional(Minutes(240)),
  teardownMinutes: Type.Optional(Minutes(240)),
  travelBeforeMinutes: Type.Optional(Minutes(480)),
  travelAfterMinutes: Type.Optional(Minutes(480)),
  serviceIds: Type.Optional(
    Type.Union([Type.Array(Uuid, { minItems: 1, maxItems: 60, uniqueItems: true }), Type.Null()]),
  ),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  mode: Type.Optional(OfficeDayMode),
};

export const PlanBody = Obj({
  locationId: Uuid,
  date: IsoDate,
  ...Settings,
  recurrence: Type.Optional(
    Type.Union([
      Obj({
        rrule: Type.String({ minLength: 6, maxLength: 200 }),
        lastDate: IsoDate,
        exdates: Type.Optional(Type.Array(IsoDate, { maxItems: 100 })),
      }),
      Type.Null(),
    ]),
  ),
  dryRun: Type.Optional(Type.Boolean()),
  allowOverlap: Type.Optional(
    Type.Boolean({
      description:
        '"Trotzdem planen": plan even where another office day at the place overlaps. The same window is never planned twice; in a series such dates are skipped.',
    }),
  ),
});

export const SkippedSchema = Type.Object({
  date: Type.String(),
  reason: Type.Union([Type.Literal('holiday'), Type.Literal('exception'), Type.Literal('already_planned')]),
  holiday: Type.Optional(Type.String()),
});

export const PlanResultSchema = Type.Object({
  created: Type.Array(OfficeDaySchema),
  skipped: Type.Array(SkippedSchema),
  seriesId: Type.Union([Uuid, Type.Null()]),
});

export const ChangeBody = Obj({
  date: Type.Optional(IsoDate),
  startTime: Type.Optional(LocalTimeOfDay),
  endTime: Type.Optional(LocalTimeOfDay),
  desks: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  kitId: Settings.kitId,
  slotMinutes: Settings.slotMinutes,
  changeoverMinutes: Settings.changeoverMinutes,
  setupMinutes: Settings.setupMinutes,
  teardownMinutes: Settings.teardownMinutes,
  travelBeforeMinutes: Settings.travelBeforeMinutes,
  travelAfterMinutes: Settings.travelAfterMinutes,
  serviceIds: Settings.serviceIds,
  note: Settings.note,
  /** "Trotzdem ändern": keep the change even where another office day at the place overlaps. */
  allowOverlap: Type.Optional(Type.Boolean()),
  /** false = only show which appointments the change would hit. */
  apply: Type.Boolean(),
});

export const CancelBody = Obj({
  reason: Type.String({ minLength: 3, maxLength: 500 }),
  apply: Type.Boolean(),
  scope: Type.Optional(
    Type.Union([Type.Literal('day'), Type.Literal('following')], {
      description:
        'day (default): this office day; following: this and every later planned day of its series',
    }),
  ),
});

export const AffectedSchema = Type.Object({
  id: Uuid,
  bookingNumber: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
});

export const ChangeResultSchema = Type.Object({
  officeDay: OfficeDaySchema,
  affected: Type.Array(AffectedSchema),
  applied: Type.Boolean(),
  cancelledDays: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const OfficeDayListQuery = Obj({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  locationId: Type.Optional(Uuid),
  kitId: Type.Optional(Uuid),
  includeCancelled: Type.Optional(Type.Boolean()),
});

export const PublicOfficeDayQuery = Obj({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  village: Type.Optional(Uuid),
  municipality: Type.Optional(Uuid),
  location: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 })),
  /** Only office days that offer this service (its slug), e.g. "the next dates" on a service page. */
  service: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 })),
  /** At most this many, the earliest first. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const PublicOfficeDaySchema = Type.Object({
  id: Uuid,
  date: Type.String(),
  startTime: Type.String(),
  endTime: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
  bookingClosesAt: Type.String(),
  location: OfficeDayLocationSchema,
  services: Type.Array(
    Type.Object({
      id: Uuid,
      slug: Type.String(),
      name: Type.Object({ de: Type.String(), en: Type.String() }),
    }),
  ),
});

export const VillageScheduleSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  parentVillageId: Type.Union([Uuid, Type.Null()]),
  municipalityId: Uuid,
  municipalityName: Type.String(),
  nextOfficeDay: Type.Union([Type.String(), Type.Null()]),
  upcoming: Type.Integer(),
});

export const KitSchema = Type.Object({ id: Uuid, name: Type.String() });

export const TourStopSchema = Type.Object({
  kind: Type.Union([Type.Literal('office_day'), Type.Literal('home_visit')]),
  id: Uuid,
  title: Type.String(),
  start: Type.String(),
  end: Type.String(),
  busyStart: Type.String(),
  busyEnd: Type.String(),
  conflict: Type.Boolean(),
});

const Phone = Type.String({ maxLength: 40 });
const Email = Type.String({ maxLength: 254 });

export const HomeVisitBody = Obj({
  serviceIds: Type.Array(Uuid, { minItems: 1, maxItems: 5, uniqueItems: true }),
  requesterKind: Type.Union([
    Type.Literal('self'),
    Type.Literal('relative'),
    Type.Literal('care_home'),
    Type.Literal('hotline'),
  ]),
  requesterName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  personName: Type.String({ minLength: 1, maxLength: 200 }),
  street: Type.String({ minLength: 1, maxLength: 200 }),
  postalCode: Type.String({ pattern: '^[0-9]{5}$' }),
  city: Type.String({ minLength: 1, maxLength: 120 }),
  villageId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  reason: Type.String({ minLength: 3, maxLength: 2000 }),
  locale: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
});

export const HomeVisitSchema = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: Type.String(),
  services: Type.Array(
    Type.Object({ id: Uuid, name: Type.Object({ de: Type.String(), en: Type.String() }) }),
  ),
  requesterKind: Type.String(),
  requesterName: Type.Union([Type.String(), Type.Null()]),
  personName: Type.String(),
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  municipalityId: Uuid,
  villageId: Type.Union([Uuid, Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  reason: Type.String(),
  kitId: Type.Union([Uuid, Type.Null()]),
  scheduledDate: Type.Union([Type.String(), Type.Null()]),
  windowStart: Type.Union([Type.String(), Type.Null()]),
  windowEnd: Type.Union([Type.String(), Type.Null()]),
  travelBeforeMinutes: Type.Integer(),
  travelAfterMinutes: Type.Integer(),
  coordinatorNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const ScheduleVisitBody = Obj({
  kitId: Uuid,
  date: IsoDate,
  windowStart: LocalTimeOfDay,
  windowEnd: LocalTimeOfDay,
  travelBeforeMinutes: Type.Optional(Minutes(480)),
  travelAfterMinutes: Type.Optional(Minutes(480)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});

export const CloseVisitBody = Obj({
  status: Type.Union([Type.Literal('done'), Type.Literal('declined'), Type.Literal('cancelled')]),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});
