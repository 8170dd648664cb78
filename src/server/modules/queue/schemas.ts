import { Type } from '@sinclair/typebox';
import { IsoDate, Obj, Uuid } from '../../http/schema';

const Localized = Type.Object({ de: Type.String(), en: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const DeskLabel = Type.String({ minLength: 1, maxLength: 20 });

export const TicketSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  locationId: Uuid,
  officeDayId: Type.Union([Uuid, Type.Null()]),
  date: Type.String(),
  appointmentId: Type.Union([Uuid, Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  bookingNumber: Type.Union([Type.String(), Type.Null()]),
  appointmentStartsAt: Type.Union([Type.String(), Type.Null()]),
  services: Type.Array(Type.Object({ id: Uuid, name: Localized })),
  callCount: Type.Integer(),
  deskLabel: Type.Union([Type.String(), Type.Null()]),
  arrivedAt: Type.String(),
  firstCalledAt: Type.Union([Type.String(), Type.Null()]),
  lastCalledAt: Type.Union([Type.String(), Type.Null()]),
  servedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  waitingMinutes: Type.Union([Type.Integer(), Type.Null()]),
  serviceMinutes: Type.Union([Type.Integer(), Type.Null()]),
  headsUp: Type.Optional(
    Type.Object(
      { requested: Type.Boolean(), estimatedMinutes: Type.Integer(), leadMinutes: Type.Integer() },
      { description: 'Answer to drawing a ticket: estimated wait, and whether a heads-up was requested' },
    ),
  ),
  cases: Type.Array(Type.Object({ id: Uuid, number: Type.String(), serviceId: Uuid }), {
    description: 'Cases captured while serving this ticket',
  }),
});

export const DisplayCallSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  deskLabel: Type.String(),
  kind: Type.String(),
  calledAt: Type.String(),
});

export const CallResultSchema = Type.Object({
  ticket: TicketSchema,
  call: Type.Union([DisplayCallSchema, Type.Null()]),
  alreadyActive: Type.Optional(
    Type.Boolean({
      description:
        'true: the desk already had this active call; nobody else was called (a repeat answers with the current call)',
    }),
  ),
});

export const QueueStateSchema = Type.Object({
  location: Type.Object({ id: Uuid, slug: Type.String(), name: Type.String() }),
  date: Type.String(),
  officeDayId: Type.Union([Uuid, Type.Null()]),
  tickets: Type.Array(TicketSchema),
  stats: Type.Object({
    waiting: Type.Integer(),
    done: Type.Integer(),
    noShow: Type.Integer(),
    averageWaitingMinutes: Type.Union([Type.Integer(), Type.Null()]),
    averageServiceMinutes: Type.Union([Type.Integer(), Type.Null()]),
  }),
  appointments: Type.Array(
    Type.Object({
      appointmentId: Uuid,
      bookingNumber: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      startsAt: Type.String(),
      endsAt: Type.String(),
      services: Type.Array(Type.Object({ id: Uuid, name: Localized })),
      status: Type.String(),
      ticketCode: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const DisplayStateSchema = Type.Object({
  location: Type.Object({ slug: Type.String(), name: Type.String() }),
  date: Type.String(),
  calls: Type.Array(DisplayCallSchema),
  waiting: Type.Integer(),
});

export const LocationDateQuery = Obj({ location: Uuid, date: Type.Optional(IsoDate) });

/** The citizen's optional wish to be told shortly before their turn (#14); needs their consent. */
export const HeadsUpBody = Obj(
  {
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    consent: Type.Boolean({ description: 'The citizen agreed after the consent text was shown' }),
    locale: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  },
  { description: 'Deleted when the ticket closes' },
);

export const WalkInBody = Obj({
  locationId: Uuid,
  serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 5, uniqueItems: true })),
  headsUp: Type.Optional(HeadsUpBody),
});

export const CheckInBody = Obj({
  locationId: Uuid,
  appointmentId: Type.Optional(Uuid),
  bookingNumber: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
  headsUp: Type.Optional(HeadsUpBody),
});

export const WaitingTimesSchema = Type.Object({
  date: IsoDate,
  locations: Type.Array(
    Type.Object({
      id: Uuid,
      slug: Type.String(),
      name: Type.String(),
      waiting: Type.Integer({ description: 'People waiting now (counts only)' }),
      openDesks: Type.Integer(),
      estimatedMinutes: Type.Integer({ description: 'Estimated wait for someone drawing a ticket now' }),
    }),
  ),
});

export const CallNextBody = Obj({ locationId: Uuid, deskLabel: DeskLabel });
export const RecallBody = Obj({ deskLabel: DeskLabel });
export const StatusBody = Obj({
  status: Type.Union(['serving', 'done', 'no_show', 'waiting', 'cancelled'].map((s) => Type.Literal(s))),
});
