import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addDays } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { requestLocale } from '../../http/problem';
import { IdParams, IsoDate, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import { feedRoutes } from './feed-routes';
import { closeHomeVisit, listHomeVisits, requestHomeVisit, scheduleHomeVisit } from './home-visits';
import {
  CancelBody,
  ChangeBody,
  ChangeResultSchema,
  CloseVisitBody,
  HomeVisitBody,
  HomeVisitSchema,
  KitSchema,
  OfficeDayListQuery,
  OfficeDaySchema,
  PlanBody,
  PlanResultSchema,
  PublicOfficeDayQuery,
  PublicOfficeDaySchema,
  ScheduleVisitBody,
  TourStopSchema,
  VillageScheduleSchema,
} from './schemas';
import {
  cancelOfficeDay,
  changeOfficeDay,
  defaultChannelOf,
  getOfficeDay,
  kitTour,
  listOfficeDays,
  listPlannableKits,
  listVillageSchedule,
  locationIdsFor,
  offeredServices,
  planOfficeDays,
  todayInBerlin,
} from './service';

export const scheduleRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const coordinator = requireStaff(['coordinator']);
  const staff = requireStaff(['coordinator', 'clerk', 'hotline', 'admin']);
  const publicWrite = { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  // --- Public schedule ------------------------------------------------------------------------

  app.get(
    '/api/schedule/public/villages',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Villages with their next office day ("Wann kommt das Bürgerbüro zu mir?")',
        response: { 200: Type.Object({ villages: Type.Array(VillageScheduleSchema) }) },
      },
    },
    async () => ({ villages: await listVillageSchedule(db) }),
  );

  app.get(
    '/api/schedule/public/office-days',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Upcoming office days, by village, municipality or location',
        querystring: PublicOfficeDayQuery,
        response: {
          200: Type.Object({ officeDays: Type.Array(PublicOfficeDaySchema) }),
          ...problems(400, 422),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const today = todayInBerlin();
      const locationIds = await locationIdsFor(db, {
        ...(q.village ? { villageId: q.village } : {}),
        ...(q.municipality ? { municipalityId: q.municipality } : {}),
        ...(q.location ? { locationSlug: q.location } : {}),
      });
      const from = q.from && q.from > today ? q.from : today;
      const to = q.to ?? addDays(from, 120);
      if (to < from || to > addDays(from, 400)) {
        throw new AppError('VALIDATION_FAILED', {}, [
          { path: '/to', code: 'maximum', params: { limit: 400 } },
        ]);
      }
      const days = (await listOfficeDays(db, { from, to, ...(locationIds ? { locationIds } : {}) })).filter(
        (d) => new Date(d.endsAt).getTime() > Date.now(),
      );
      const cache = new Map<string, Awaited<ReturnType<typeof offeredServices>>>();
      const officeDays = [];
      for (const d of days) {
        const key = `${d.authorityId}:${d.serviceIds?.join(',') ?? defaultChannelOf(d)}`;
        let services = cache.get(key);
        if (!services) {
          services = await offeredServices(db, {
            authority_id: d.authorityId,
            service_ids: d.serviceIds,
            mode: d.mode,
          });
          cache.set(key, services);
        }
        officeDays.push({
          id: d.id,
          date: d.date,
          startTime: d.startTime,
          endTime: d.endTime,
          startsAt: d.startsAt,
          endsAt: d.endsAt,
          status: d.status,
          bookingClosesAt: new Date(
            new Date(d.startsAt).getTime() - config.bookingCutoffHours * 3_600_000,
          ).toISOString(),
          location: d.location,
          services: services.map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
        });
      }
      const offering = q.service
        ? officeDays.filter((d) => d.services.some((s) => s.slug === q.service))
        : officeDays;
      return { officeDays: q.limit ? offering.slice(0, q.limit) : offering };
    },
  );

  await app.register(feedRoutes, { db, config });

  // --- Planning (coordinator) -----------------------------------------------------------------

  app.get(
    '/api/schedule/office-days',
    {
      preHandler: staff,
      schema: {
        tags: ['schedule'],
        summary: 'Office days of the authority (planning view)',
        security: StaffSecurity,
        querystring: OfficeDayListQuery,
        response: {
          200: Type.Object({ officeDays: Type.Array(OfficeDaySchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const from = q.from ?? todayInBerlin();
      return {
        officeDays: await listOfficeDays(db, {
          authorityId: request.staff!.authorityId,
          from,
          to: q.to ?? addDays(from, 120),
          ...(q.locationId ? { locationIds: [q.locationId] } : {}),
          ...(q.kitId ? { kitId: q.kitId } : {}),
          includeCancelled: q.includeCancelled ?? false,
        }),
      };
    },
  );

  app.get(
    '/api/schedule/office-days/:id',
    {
      preHandler: staff,
      schema: {
        tags: ['schedule'],
        summary: 'One office day',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: OfficeDaySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getOfficeDay(db, request.params.id, request.staff!.authorityId),
  );

  app.post(
    '/api/schedule/office-days',
    {
      preHandler: coordinator,
      config: { audit: { action: 'office_day.plan', resourceType: 'office_day' } },
      schema: {
        tags: ['schedule'],
        summary: 'Plan an office day or a recurring series (RRULE); Saxon holidays are skipped',
        description: 'With dryRun the dates are computed and checked but nothing is saved.',
        security: StaffSecurity,
        body: PlanBody,
        response: { 200: PlanResultSchema, 201: PlanResultSchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { dryRun, ...input } = request.body;
      const result = await planOfficeDays(db, auditActor(request), request.staff!.authorityId, input, {
        dryRun: !!dryRun,
      });
      return reply.code(dryRun ? 200 : 201).send(result);
    },
  );

  app.patch(
    '/api/schedule/office-days/:id',
    {
      preHandler: coordinator,
      config: { audit: { action: 'office_day.change', resourceType: 'office_day' } },
      schema: {
        tags: ['schedule'],
        summary:
          'Move or change an office day; lists (apply=false) or cancels and notifies (apply=true) the appointments it hits',
        security: StaffSecurity,
        params: IdParams,
        body: ChangeBody,
        response: { 200: ChangeResultSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { apply, ...patch } = request.body;
      return changeOfficeDay(db, auditActor(request), request.staff!.authorityId, request.params.id, patch, {
        apply,
        publicUrl: await app.authorities.portalUrl(request.staff!.authorityId, config.publicUrl),
      });
    },
  );

  app.post(
    '/api/schedule/office-days/:id/cancel',
    {
      preHandler: coordinator,
      config: { audit: { action: 'office_day.cancel', resourceType: 'office_day' } },
      schema: {
        tags: ['schedule'],
        summary:
          'Cancel an office day, or it and all following days of its series; lists (apply=false) or cancels and notifies (apply=true) the appointments',
        security: StaffSecurity,
        params: IdParams,
        body: CancelBody,
        response: { 200: ChangeResultSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      cancelOfficeDay(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        { reason: request.body.reason, scope: request.body.scope ?? 'day' },
        {
          apply: request.body.apply,
          publicUrl: await app.authorities.portalUrl(request.staff!.authorityId, config.publicUrl),
        },
      ),
  );

  // --- Kits and tours ---------------------------------------------------------------------------

  app.get(
    '/api/schedule/kits',
    {
      preHandler: staff,
      schema: {
        tags: ['schedule'],
        summary: 'Kits that can be planned',
        security: StaffSecurity,
        response: { 200: Type.Object({ kits: Type.Array(KitSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ kits: await listPlannableKits(db, request.staff!.authorityId) }),
  );

  app.get(
    '/api/schedule/kits/:kitId/tour',
    {
      preHandler: staff,
      schema: {
        tags: ['schedule'],
        summary: "A kit's tour on one day: office days and home visits with setup and travel",
        security: StaffSecurity,
        params: Obj({ kitId: Uuid }),
        querystring: Obj({ date: IsoDate }),
        response: { 200: Type.Object({ stops: Type.Array(TourStopSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      stops: await kitTour(db, request.staff!.authorityId, request.params.kitId, request.query.date),
    }),
  );

  app.get(
    '/api/schedule/kits/:kitId/office-days',
    {
      preHandler: staff,
      schema: {
        tags: ['schedule'],
        summary: "A kit's office days (what the field kit prepares)",
        security: StaffSecurity,
        params: Obj({ kitId: Uuid }),
        querystring: Obj({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }),
        response: {
          200: Type.Object({ officeDays: Type.Array(OfficeDaySchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const from = request.query.from ?? todayInBerlin();
      return {
        officeDays: await listOfficeDays(db, {
          authorityId: request.staff!.authorityId,
          kitId: request.params.kitId,
          from,
          to: request.query.to ?? addDays(from, 14),
        }),
      };
    },
  );

  // --- Home visits ------------------------------------------------------------------------------

  app.post(
    '/api/schedule/home-visits',
    {
      config: { ...publicWrite, audit: { action: 'home_visit.request', resourceType: 'home_visit' } },
      schema: {
        tags: ['schedule'],
        summary: 'Ask for a home visit (citizen, relative, care home; hotline agents when signed in)',
        body: HomeVisitBody,
        response: {
          201: Type.Object({ id: Uuid, reference: Type.String() }),
          ...problems(400, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await requestHomeVisit(db, auditActor(request), {
        ...body,
        locale: body.locale ?? requestLocale(request),
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/schedule/home-visits',
    {
      preHandler: coordinator,
      schema: {
        tags: ['schedule'],
        summary: 'Home visit requests (coordinator)',
        security: StaffSecurity,
        querystring: Obj({
          status: Type.Optional(
            Type.Union(
              ['requested', 'scheduled', 'done', 'cancelled', 'declined'].map((s) => Type.Literal(s)),
            ),
          ),
        }),
        response: {
          200: Type.Object({ homeVisits: Type.Array(HomeVisitSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({
      homeVisits: await listHomeVisits(db, auditActor(request), request.staff!.authorityId, {
        ...(request.query.status ? { status: request.query.status as 'requested' } : {}),
      }),
    }),
  );

  app.post(
    '/api/schedule/home-visits/:id/schedule',
    {
      preHandler: coordinator,
      config: { audit: { action: 'home_visit.schedule', resourceType: 'home_visit' } },
      schema: {
        tags: ['schedule'],
        summary: "Schedule a home visit into a kit's tour; the citizen is told the window",
        security: StaffSecurity,
        params: IdParams,
        body: ScheduleVisitBody,
        response: { 200: HomeVisitSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      scheduleHomeVisit(db, auditActor(request), request.staff!.authorityId, request.params.id, request.body),
  );

  app.post(
    '/api/schedule/home-visits/:id/close',
    {
      preHandler: coordinator,
      config: { audit: { action: 'home_visit.close', resourceType: 'home_visit' } },
      schema: {
        tags: ['schedule'],
        summary: 'Mark a home visit done, declined or cancelled',
        security: StaffSecurity,
        params: IdParams,
        body: CloseVisitBody,
        response: { 200: HomeVisitSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      closeHomeVisit(db, auditActor(request), request.staff!.authorityId, request.params.id, request.body),
  );
};
