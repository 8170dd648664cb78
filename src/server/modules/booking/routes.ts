import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { durationAt } from '../../../core/catalog/types';
import { addDays } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { currentAuthorityId } from '../../db/scope';
import { hasRole, requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { requestLocale } from '../../http/problem';
import { portalAuthority } from '../../http/request-scope';
import { IdParams, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { SolutionHeaders } from '../antibot/schemas';
import { checkSolvedChallenge, requireSolvedChallenge } from '../antibot/service';
import { auditActor } from '../audit/service';
import type { AuthorityDirectory } from '../places/directory';
import { locationIdsFor, todayInBerlin } from '../schedule/service';
import { bookableServices, listAvailability, officeDayAvailability } from './availability';
import { book } from './book';
import { createHold, releaseHold } from './holds';
import {
  calendarByToken,
  cancelByStaff,
  cancelByToken,
  getByToken,
  rescheduleByStaff,
  rescheduleByToken,
} from './manage';
import {
  AppointmentSchema,
  BookableServiceSchema,
  BookBody,
  BookingLocationSchema,
  BookingResultSchema,
  DayAvailabilitySchema,
  DaysQuery,
  DemandBody,
  DemandSummarySchema,
  HoldBody,
  HoldSchema,
  IdempotencyHeaders,
  LocationSlotsQuery,
  ManageSchema,
  ReleaseBody,
  RescheduleBody,
  SlotsQuery,
  StaffBookBody,
  StaffRescheduleBody,
  TokenBody,
  WaitlistBody,
} from './schemas';
import {
  demandByVillage,
  getAppointment,
  joinWaitlist,
  listOfficeDayAppointments,
  recordDemand,
  searchAppointments,
} from './service';
import { type BookingSettings, forAuthority } from './settings';

export function bookingSettings(config: AppConfig, authorities: AuthorityDirectory): BookingSettings {
  return {
    cutoffHours: config.bookingCutoffHours,
    holdMinutes: config.bookingHoldMinutes,
    reminderHours: config.bookingReminderHours,
    maxPerContactPerDay: config.bookingMaxPerContactPerDay,
    publicUrl: config.publicUrl,
    portalUrl: (authorityId) => authorities.portalUrl(authorityId, config.publicUrl),
  };
}

const services = (list: string) => [...new Set(list.split(','))];

export const bookingRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  // publicUrl may be set after the app is built (tests listen on a free port first). Links in
  // mails lead to the portal of the request's authority (ADR 27).
  const settings = () => forAuthority(bookingSettings(config, app.authorities));
  const rules = () => ({ cutoffHours: config.bookingCutoffHours });
  const publicWrite = { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };
  const bookers = requireStaff(['hotline', 'clerk']);
  const desk = requireStaff(['clerk', 'hotline', 'coordinator']);

  // --- Public: what can be booked where and when ------------------------------------------------

  app.get(
    '/api/booking/services',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['booking'],
        summary: 'Services that can be booked on office days',
        response: { 200: Type.Object({ services: Type.Array(BookableServiceSchema) }) },
      },
    },
    async () => ({
      services: (await bookableServices(db)).map((s) => ({
        id: s.id,
        slug: s.slug,
        name: s.name,
        shortText: s.shortText,
        durationMinutes: durationAt(s.duration, 'village_hall'),
      })),
    }),
  );

  app.get(
    '/api/booking/locations',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['booking'],
        summary: 'Places with upcoming office days that offer all the chosen services',
        querystring: Obj({ services: DaysQuery.properties.services }),
        response: {
          200: Type.Object({ locations: Type.Array(BookingLocationSchema) }),
          ...problems(400, 422),
        },
      },
    },
    async (request) => {
      const today = todayInBerlin();
      const days = await listAvailability(db, rules(), {
        from: today,
        to: addDays(today, 120),
        serviceIds: services(request.query.services),
      });
      const byLocation = new Map<
        string,
        {
          location: (typeof days)[number]['officeDay']['location'];
          nextDate: string;
          officeDays: number;
          freeSlots: number;
        }
      >();
      for (const d of days) {
        if (!d.offersServices) continue;
        const entry = byLocation.get(d.officeDay.locationId) ?? {
          location: d.officeDay.location,
          nextDate: d.officeDay.date,
          officeDays: 0,
          freeSlots: 0,
        };
        entry.officeDays++;
        entry.freeSlots += d.freeSlots;
        byLocation.set(d.officeDay.locationId, entry);
      }
      return {
        locations: [...byLocation.values()].sort(
          (a, b) =>
            a.location.municipalityName.localeCompare(b.location.municipalityName, 'de') ||
            (a.location.villageName ?? '').localeCompare(b.location.villageName ?? '', 'de') ||
            a.location.name.localeCompare(b.location.name, 'de'),
        ),
      };
    },
  );

  app.get(
    '/api/booking/days',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['booking'],
        summary: 'Office days of a place (or village) with free times for the chosen services',
        querystring: DaysQuery,
        response: {
          200: Type.Object({ days: Type.Array(DayAvailabilitySchema) }),
          ...problems(400, 404, 422),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const today = todayInBerlin();
      const from = q.from ?? today;
      if (q.from && q.from < today)
        throw new AppError('DATE_IN_PAST', {}, [{ path: '/from', code: 'dateInPast' }]);
      const to = q.to ?? addDays(from, 120);
      const locationIds = await locationIdsFor(db, {
        ...(q.location ? { locationSlug: q.location } : {}),
        ...(q.village ? { villageId: q.village } : {}),
      });
      if (q.location && locationIds?.length === 0) throw new AppError('LOCATION_UNKNOWN');
      const days = await listAvailability(db, rules(), {
        from,
        to: [to, addDays(from, 400)].sort()[0]!,
        serviceIds: services(q.services),
        ...(locationIds ? { locationIds } : {}),
      });
      return { days: days.filter((d) => d.offersServices) };
    },
  );

  app.get(
    '/api/booking/slots',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['booking'],
        summary: 'Free times of one office day for the chosen services (the durations add up)',
        querystring: SlotsQuery,
        response: { 200: DayAvailabilitySchema, ...problems(400, 404, 409, 422) },
      },
    },
    async (request) =>
      officeDayAvailability(db, rules(), {
        officeDayId: request.query.officeDay,
        serviceIds: services(request.query.services),
        locale: requestLocale(request),
      }),
  );

  app.get(
    '/api/booking/locations/:location/slots',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['booking'],
        summary: 'Every free time at one place over a period (up to 120 days)',
        params: Obj({ location: Type.String({ minLength: 2, maxLength: 80 }) }),
        querystring: LocationSlotsQuery,
        response: {
          200: Type.Object({ days: Type.Array(DayAvailabilitySchema) }),
          ...problems(400, 404, 422),
        },
      },
    },
    async (request) => {
      const key = request.params.location;
      const isId = /^[0-9a-f-]{36}$/i.test(key);
      const location = await db
        .selectFrom('locations')
        .select('id')
        .where(isId ? 'id' : 'slug', '=', key)
        .where('authority_id', '=', portalAuthority(request))
        .executeTakeFirst();
      if (!location) throw new AppError('LOCATION_UNKNOWN');
      const from = request.query.from ?? todayInBerlin();
      const to = request.query.to ?? addDays(from, 90);
      if (to > addDays(from, 120)) {
        throw new AppError('VALIDATION_FAILED', {}, [
          { path: '/to', code: 'maximum', params: { limit: 120 } },
        ]);
      }
      const days = await listAvailability(db, rules(), {
        from,
        to,
        locationIds: [location.id],
        serviceIds: services(request.query.services),
        includeSlots: true,
      });
      return { days: days.filter((d) => d.offersServices) };
    },
  );

  // --- Public: holding and booking -----------------------------------------------------------------

  app.post(
    '/api/booking/holds',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: `Hold a time for a few minutes while the citizen enters their details`,
        description: 'Protected by a solved proof-of-work challenge in the X-Altcha header (ADR 33).',
        headers: SolutionHeaders,
        body: HoldBody,
        response: { 201: HoldSchema, ...problems(400, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      // Verified here; marked used by the hold's own statement (a replay is refused there).
      const challenge = checkSolvedChallenge(config, request.headers['x-altcha']);
      const hold = await createHold(db, await settings(), {
        challenge,
        officeDayId: b.officeDayId,
        startsAt: b.startsAt,
        serviceIds: b.serviceIds,
        channel: b.channel ?? 'portal',
        locale: b.locale ?? requestLocale(request),
      });
      return reply.code(201).send(hold);
    },
  );

  app.post(
    '/api/booking/holds/:id/release',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'Give a held time back',
        params: IdParams,
        body: ReleaseBody,
        response: { 204: Type.Null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await releaseHold(db, request.params.id, request.body.holdToken);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/booking/appointments',
    {
      config: { ...publicWrite, audit: { action: 'appointment.book', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Book: confirm a hold (holdId + holdToken) or book a time directly',
        description:
          'Send an Idempotency-Key header: the same key with the same body returns the same booking again; with another body it is refused (IDEMPOTENCY_KEY_REUSED). Booking a time directly (without a hold) needs a solved proof-of-work challenge in the X-Altcha header (ADR 33); confirming a hold does not (the hold needed one). A repeated request with the same Idempotency-Key returns the booking without a new challenge.',
        headers: Type.Composite([IdempotencyHeaders, SolutionHeaders]),
        body: BookBody,
        response: {
          201: BookingResultSchema,
          200: BookingResultSchema,
          ...problems(400, 403, 404, 409, 410, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      // A direct booking's challenge is verified here and marked used by the booking's own statement.
      const challenge =
        b.holdId === undefined && !(await isIdempotentReplay(db, request.headers['idempotency-key']))
          ? checkSolvedChallenge(config, request.headers['x-altcha'])
          : undefined;
      const result = await book(
        db,
        await settings(),
        auditActor(request),
        {
          ...(b.holdId !== undefined ? { holdId: b.holdId } : {}),
          ...(b.holdToken !== undefined ? { holdToken: b.holdToken } : {}),
          ...(b.officeDayId !== undefined ? { officeDayId: b.officeDayId } : {}),
          ...(b.startsAt !== undefined ? { startsAt: b.startsAt } : {}),
          ...(b.serviceIds !== undefined ? { serviceIds: b.serviceIds } : {}),
          contact: b.contact,
          channel: b.channel ?? 'portal',
          locale: b.locale ?? requestLocale(request),
          ...(challenge ? { challenge } : {}),
        },
        request.headers['idempotency-key'],
      );
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  // --- Public: the citizen's own booking, by its token --------------------------------------------

  app.post(
    '/api/booking/manage',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'The booking behind a manage link (token in the body, never in a URL the server logs)',
        body: TokenBody,
        response: { 200: ManageSchema, ...problems(400, 404, 429) },
      },
    },
    async (request) => getByToken(db, await settings(), request.body.token),
  );

  app.post(
    '/api/booking/manage/cancel',
    {
      config: { ...publicWrite, audit: { action: 'appointment.cancel', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Cancel the booking behind a manage link; the time is free at once',
        body: TokenBody,
        response: { 200: AppointmentSchema, ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (request) => cancelByToken(db, await settings(), auditActor(request), request.body.token),
  );

  app.post(
    '/api/booking/manage/reschedule',
    {
      config: { ...publicWrite, audit: { action: 'appointment.reschedule', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Move the booking behind a manage link to another time',
        body: RescheduleBody,
        response: { 200: BookingResultSchema, ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (request) =>
      rescheduleByToken(db, await settings(), auditActor(request), request.body.token, {
        officeDayId: request.body.officeDayId,
        startsAt: request.body.startsAt,
      }),
  );

  app.get(
    '/api/booking/manage/calendar.ics',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'The booking as an iCalendar file',
        querystring: Obj({ token: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { ...problems(400, 404, 429) },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="termin.ics"')
        .header('cache-control', 'no-store')
        .send(await calendarByToken(db, await settings(), request.query.token)),
  );

  app.post(
    '/api/booking/waitlist',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'Tell me when a time frees up on this office day',
        body: WaitlistBody,
        response: { 201: Type.Object({ id: Uuid }), ...problems(400, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await joinWaitlist(db, {
        officeDayId: b.officeDayId,
        serviceIds: b.serviceIds,
        email: b.email ?? null,
        phone: b.phone ?? null,
        locale: b.locale ?? requestLocale(request),
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/booking/demand',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'I would use an office day in my village',
        description: 'Protected by a solved proof-of-work challenge in the X-Altcha header (ADR 33).',
        headers: SolutionHeaders,
        body: DemandBody,
        response: { 201: Type.Object({ id: Uuid }), ...problems(400, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      await requireSolvedChallenge(db, config, request.headers['x-altcha']);
      const result = await recordDemand(db, {
        villageId: b.villageId,
        serviceIds: b.serviceIds,
        email: b.email ?? null,
        phone: b.phone ?? null,
        note: b.note ?? null,
        locale: b.locale ?? requestLocale(request),
      });
      return reply.code(201).send(result);
    },
  );

  // --- Staff: hotline and desk --------------------------------------------------------------------

  app.post(
    '/api/booking/staff/appointments',
    {
      preHandler: bookers,
      config: { actingFor: 'hotline', audit: { action: 'appointment.book', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Book for a caller or a citizen at the desk (one form)',
        security: StaffSecurity,
        headers: IdempotencyHeaders,
        body: StaffBookBody,
        response: {
          201: AppointmentSchema,
          200: AppointmentSchema,
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const day = await db
        .selectFrom('office_days')
        .select('authority_id')
        .where('id', '=', b.officeDayId)
        .executeTakeFirst();
      if (!day || day.authority_id !== request.staff!.authorityId) throw new AppError('OFFICE_DAY_NOT_FOUND');
      const result = await book(
        db,
        await settings(),
        auditActor(request),
        {
          officeDayId: b.officeDayId,
          startsAt: b.startsAt,
          serviceIds: b.serviceIds,
          contact: b.contact,
          note: b.note ?? null,
          channel: hasRole(request, 'hotline') ? 'hotline' : 'desk',
          locale: b.locale ?? 'de',
        },
        request.headers['idempotency-key'],
      );
      return reply.code(result.replayed ? 200 : 201).send(result.appointment);
    },
  );

  app.get(
    '/api/booking/staff/appointments',
    {
      preHandler: desk,
      schema: {
        tags: ['booking'],
        summary: 'Find appointments by booking number or name',
        security: StaffSecurity,
        querystring: Obj({ q: Type.String({ minLength: 2, maxLength: 100 }) }),
        response: {
          200: Type.Object({ appointments: Type.Array(AppointmentSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({
      appointments: await searchAppointments(db, auditActor(request), request.staff!.authorityId, {
        query: request.query.q,
      }),
    }),
  );

  app.get(
    '/api/booking/staff/appointments/:id',
    {
      preHandler: desk,
      schema: {
        tags: ['booking'],
        summary: 'One appointment',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: AppointmentSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getAppointment(db, auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.post(
    '/api/booking/staff/appointments/:id/cancel',
    {
      preHandler: desk,
      config: { audit: { action: 'appointment.cancel', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Cancel an appointment for the citizen (they are told)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: AppointmentSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      cancelByStaff(db, await settings(), auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.post(
    '/api/booking/staff/appointments/:id/reschedule',
    {
      preHandler: desk,
      config: { audit: { action: 'appointment.reschedule', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Move an appointment to another time for the citizen (they get a new link)',
        security: StaffSecurity,
        params: IdParams,
        body: StaffRescheduleBody,
        response: { 200: AppointmentSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      rescheduleByStaff(
        db,
        await settings(),
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
      ),
  );

  app.get(
    '/api/booking/office-days/:id/appointments',
    {
      preHandler: desk,
      schema: {
        tags: ['booking'],
        summary: "An office day's appointments (desk list, field kit preparation, queue check-in)",
        security: StaffSecurity,
        params: IdParams,
        querystring: Obj({ includeCancelled: Type.Optional(Type.Boolean()) }),
        response: {
          200: Type.Object({ appointments: Type.Array(AppointmentSchema) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({
      appointments: await listOfficeDayAppointments(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        { includeCancelled: request.query.includeCancelled ?? false },
      ),
    }),
  );

  app.get(
    '/api/booking/demand',
    {
      preHandler: requireStaff(['coordinator']),
      schema: {
        tags: ['booking'],
        summary: 'Demand for office days per village (coordinator)',
        security: StaffSecurity,
        response: { 200: Type.Object({ villages: Type.Array(DemandSummarySchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ villages: await demandByVillage(db, request.staff!.authorityId) }),
  );
};

/**
 * A repeat of a booking that was made (same Idempotency-Key, after a cut connection) carries the
 * challenge the first request used up; it books nothing new, so it needs no fresh one (ADR 33).
 */
async function isIdempotentReplay(db: Db, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const row = await db
    .selectFrom('booking_idempotency')
    .select('key')
    .where('key', '=', key)
    .where('appointment_id', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}
