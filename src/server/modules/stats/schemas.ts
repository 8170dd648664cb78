import { Type } from '@sinclair/typebox';
import { IsoDate, Obj, Uuid } from '../../http/schema';

const Localized = Type.Object({ de: Type.String(), en: Type.String() });
const Minutes = Type.Union([Type.Number(), Type.Null()]);

export const StatsQuery = Obj({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) });

export const StatsCsvQuery = Obj({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
});

export const StatsOverviewSchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  timeline: Type.Object(
    {
      bucket: Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter')]),
      periods: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
      series: Type.Array(
        Type.Object({
          name: Type.Union([Type.String(), Type.Null()], { description: 'null: all other places together' }),
          visits: Type.Array(Type.Integer()),
        }),
      ),
    },
    { description: 'Visits per village and period (weeks, months or quarters, by the length of the period)' },
  ),
  locations: Type.Array(
    Type.Object({
      locationId: Uuid,
      locationName: Type.String(),
      villageName: Type.Union([Type.String(), Type.Null()]),
      municipalityName: Type.Union([Type.String(), Type.Null()]),
      officeDays: Type.Integer(),
      appointments: Type.Integer(),
      attended: Type.Integer(),
      noShows: Type.Integer(),
      /** Per cent of the appointments (not cancelled) marked "did not attend"; null without any. */
      noShowRate: Type.Union([Type.Number(), Type.Null()]),
      cancelled: Type.Integer(),
      cases: Type.Integer(),
      tickets: Type.Integer(),
      served: Type.Integer(),
      waitingMedianMinutes: Minutes,
      serviceMedianMinutes: Minutes,
      tripsSaved: Type.Integer(),
      kmSaved: Type.Integer(),
    }),
  ),
  casesByChannel: Type.Array(Type.Object({ channel: Type.String(), cases: Type.Integer() })),
  appointmentsByChannel: Type.Array(Type.Object({ channel: Type.String(), appointments: Type.Integer() })),
  videoCalls: Type.Object(
    {
      calls: Type.Integer(),
      answered: Type.Integer(),
      abandoned: Type.Integer(),
      connectionLost: Type.Integer(),
      cases: Type.Integer(),
      booked: Type.Integer(),
      waitMedianMinutes: Minutes,
      durationMedianMinutes: Minutes,
      byLocation: Type.Array(
        Type.Object({
          locationId: Uuid,
          locationName: Type.String(),
          calls: Type.Integer(),
          booked: Type.Integer(),
          answered: Type.Integer(),
          cases: Type.Integer(),
          abandoned: Type.Integer(),
          connectionLost: Type.Integer(),
          waitMedianMinutes: Minutes,
          durationMedianMinutes: Minutes,
        }),
      ),
    },
    { description: 'Video consultations at the citizens’ terminals (#11): metadata only, never content' },
  ),
  services: Type.Array(
    Type.Object({
      serviceId: Uuid,
      name: Type.Union([Localized, Type.Null()]),
      cases: Type.Integer(),
      appointments: Type.Integer(),
      noShows: Type.Integer(),
      noShowRate: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  travel: Type.Object({
    tripsSaved: Type.Integer(),
    kmSaved: Type.Integer(),
    referenceLocation: Type.Union([Type.String(), Type.Null()]),
    estimated: Type.Boolean(),
  }),
});
