import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { IdParams, IsoDate, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import { acceptTourPlan, getTourPlan, latestTourPlan, proposeTourPlan, reviseTourPlan } from './service';
import type { TravelTimes } from './travel';

const Num = Type.Number();
const Point = Type.Object({ latitude: Num, longitude: Num });
const Stop = Type.Object({
  villageId: Type.String(),
  villageName: Type.String(),
  locationId: Type.String(),
  latitude: Num,
  longitude: Num,
  citizens: Type.Integer(),
  startTime: Type.String(),
  endTime: Type.String(),
  travelMinutesBefore: Type.Integer(),
  kmBefore: Num,
  homeVisits: Type.Array(
    Type.Object({ homeVisitId: Type.String(), startTime: Type.String(), endTime: Type.String() }),
  ),
});
const Tour = Type.Object({
  date: Type.String(),
  kitId: Type.String(),
  kitName: Type.String(),
  stops: Type.Array(Stop),
  km: Num,
  travelMinutes: Type.Integer(),
  departTime: Type.String(),
  returnTime: Type.String(),
  clerkMinutes: Type.Integer(),
});
const Plan = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('discarded')]),
  version: Type.Integer(),
  firstDate: Type.String(),
  weeks: Type.Integer(),
  travel: Type.String({ description: 'haversine (straight line × road factor) or osrm' }),
  kitDayMinutes: Type.Integer(),
  workdays: Type.Array(Type.String()),
  depot: Point,
  kits: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  villages: Type.Array(
    Type.Object({
      villageId: Type.String(),
      name: Type.String(),
      latitude: Type.Union([Num, Type.Null()]),
      longitude: Type.Union([Num, Type.Null()]),
      citizens: Type.Integer({ description: 'expected citizens (counts only)' }),
      plannable: Type.Boolean(),
    }),
  ),
  proposal: Type.Object({
    firstDate: Type.String(),
    weeks: Type.Integer(),
    tours: Type.Array(Tour),
    unplanned: Type.Array(
      Type.Object({
        villageId: Type.String(),
        villageName: Type.String(),
        citizens: Type.Integer(),
        reason: Type.String(),
      }),
    ),
    demandCitizens: Type.Integer(),
    coveredCitizens: Type.Integer(),
    km: Num,
  }),
  officeDayIds: Type.Array(Type.String()),
  notified: Type.Integer(),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Coordinators plan tours; admins of the authority may too (as with invitations). */
const PLANNERS = requireStaff(['coordinator', 'admin']);

export const toursRoutes: FastifyPluginAsyncTypebox<{
  db: Db;
  config: AppConfig;
  travel?: TravelTimes;
}> = async (app, { db, config, travel }) => {
  app.get(
    '/api/tours/plans/latest',
    {
      preHandler: PLANNERS,
      schema: {
        tags: ['tours'],
        summary: 'The newest tour proposal of the authority (or null)',
        security: StaffSecurity,
        response: { 200: Type.Object({ plan: Type.Union([Plan, Type.Null()]) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ plan: await latestTourPlan(db, request.staff!.authorityId) }),
  );

  app.post(
    '/api/tours/plans',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'tour_plan.propose', resourceType: 'tour_plan' } },
      schema: {
        tags: ['tours'],
        summary:
          'Proposes office-day tours for the next weeks from demand, wait-list, home-visit requests and register counts (audited aggregate read)',
        security: StaffSecurity,
        body: Obj({
          weeks: Type.Integer({ minimum: 1, maximum: 12 }),
          firstDate: Type.Optional(IsoDate),
        }),
        response: { 201: Plan, ...problems(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const plan = await proposeTourPlan(
        db,
        config,
        auditActor(request),
        request.staff!.authorityId,
        request.body,
        travel,
      );
      return reply.code(201).send(plan);
    },
  );

  app.get(
    '/api/tours/plans/:id',
    {
      preHandler: PLANNERS,
      schema: {
        tags: ['tours'],
        summary: 'A tour proposal',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: Plan, ...problems(401, 403, 404) },
      },
    },
    async (request) => getTourPlan(db, request.staff!.authorityId, request.params.id),
  );

  app.put(
    '/api/tours/plans/:id',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'tour_plan.revise', resourceType: 'tour_plan' } },
      schema: {
        tags: ['tours'],
        summary:
          'Changes a proposal (villages, days, kits, office hours); every tour is routed and checked again',
        security: StaffSecurity,
        params: IdParams,
        body: Obj({
          version: Type.Integer({ minimum: 1 }),
          tours: Type.Array(
            Obj({
              date: IsoDate,
              kitId: Uuid,
              stops: Type.Array(
                Obj({
                  villageId: Uuid,
                  minutes: Type.Integer({ minimum: 15, maximum: 600, multipleOf: 15 }),
                }),
                { maxItems: 8 },
              ),
            }),
            { maxItems: 120 },
          ),
        }),
        response: { 200: Plan, ...problems(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) =>
      reviseTourPlan(
        db,
        config,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
        travel,
      ),
  );

  app.post(
    '/api/tours/plans/:id/accept',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'tour_plan.accept', resourceType: 'tour_plan' } },
      schema: {
        tags: ['tours'],
        summary:
          'Accepts a proposal: creates the office days as if planned by hand, schedules the home visits, tells those waiting (idempotent)',
        security: StaffSecurity,
        params: IdParams,
        body: Obj({ version: Type.Integer({ minimum: 1 }) }),
        response: { 200: Plan, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      acceptTourPlan(
        db,
        config,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
        { publicUrl: await app.authorities.portalUrl(request.staff!.authorityId, config.publicUrl) },
      ),
  );
};
