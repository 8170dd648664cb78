import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { estimateWaitMinutes } from '../../../core/queue/wait-estimate';
import type { AppConfig } from '../../config';
import type { Db, Executor } from '../../db/database';
import { currentAuthorityId, currentScope } from '../../db/scope';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { DisplayBus } from './display-bus';
import {
  checkHeadsUp,
  liveWait,
  publicWaitingTimes,
  saveHeadsUp,
  sendDueHeadsUps,
  WAITING_TIMES_CACHE_MS,
} from './heads-up';
import {
  CallNextBody,
  CallResultSchema,
  CheckInBody,
  DisplayStateSchema,
  LocationDateQuery,
  QueueStateSchema,
  RecallBody,
  StatusBody,
  TicketSchema,
  WaitingTimesSchema,
  WalkInBody,
} from './schemas';
import {
  type CallResult,
  callNext,
  changeTicket,
  checkIn,
  checkInList,
  type DisplayCall,
  displayState,
  issueWalkIn,
  queueLocations,
  queueState,
  recall,
  type TicketView,
} from './service';

export const queueRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const clerk = requireStaff(['clerk']);
  const bus = new DisplayBus({ db, databaseUrl: config.databaseUrl, log: app.log });
  await bus.start();
  app.addHook('onClose', async () => bus.close());
  const streams = new Set<ServerResponse>();
  const settings = () => ({ noShowAfterCalls: config.queueNoShowAfterCalls });

  /** The heads-ups a change of the queue made due; a failure here never undoes the call. */
  async function headsUps(authorityId: string, locationId: string) {
    await sendDueHeadsUps(db, config.queueHeadsUpMinutes, authorityId, locationId).catch((error: unknown) =>
      app.log.warn({ err: error }, 'queue heads-up: sending deferred to the periodic run'),
    );
  }

  async function keepHeadsUp(
    trx: Executor,
    authorityId: string,
    ticket: TicketView,
    contact: NonNullable<ReturnType<typeof checkHeadsUp>>,
  ) {
    await saveHeadsUp(
      trx,
      { id: ticket.id, authority_id: authorityId, location_id: ticket.locationId, service_date: ticket.date },
      contact,
    );
  }

  /** The answer to drawing a ticket: the estimate the citizen is told; a heads-up due at once goes now. */
  async function withEstimate(authorityId: string, ticket: TicketView, requested: boolean) {
    if (requested) await headsUps(authorityId, ticket.locationId);
    const live = await liveWait(db, authorityId, ticket.locationId, ticket.date);
    const ahead = Math.max(0, live.waiting - 1);
    return {
      ...ticket,
      headsUp: {
        requested,
        leadMinutes: config.queueHeadsUpMinutes,
        estimatedMinutes: estimateWaitMinutes({
          ahead,
          serviceMinutes: live.serviceMinutes,
          openDesks: live.openDesks,
        }),
      },
    };
  }

  function announce(locationId: string, result: CallResult): CallResult {
    // A repeated "call next" answers with the desk's current call: the display does not chime again.
    if (result.call && !result.alreadyActive) bus.publish(locationId, result.call);
    return result;
  }

  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
    streams.clear();
  });

  app.get(
    '/api/queue/locations',
    {
      preHandler: clerk,
      schema: {
        tags: ['queue'],
        summary: 'Locations for the queue screen (those with an office day today first)',
        security: StaffSecurity,
        response: {
          200: Type.Object({
            locations: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                slug: Type.String(),
                officeDayToday: Type.Boolean(),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ locations: await queueLocations(db, request.staff!.authorityId) }),
  );

  app.get(
    '/api/queue/state',
    {
      preHandler: clerk,
      schema: {
        tags: ['queue'],
        summary:
          "The day's queue at a location: tickets, booked citizens to check in, waiting and service times",
        security: StaffSecurity,
        querystring: LocationDateQuery,
        response: { 200: QueueStateSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const input = {
        locationId: request.query.location,
        ...(request.query.date ? { date: request.query.date } : {}),
      };
      const state = await queueState(db, request.staff!.authorityId, input);
      const appointments = await checkInList(db, auditActor(request), request.staff!.authorityId, input);
      return { ...state, appointments };
    },
  );

  app.post(
    '/api/queue/tickets',
    {
      preHandler: clerk,
      config: { audit: { action: 'ticket.walk_in', resourceType: 'ticket' } },
      schema: {
        tags: ['queue'],
        summary: 'A walk-in draws a ticket (per-day number at the location)',
        security: StaffSecurity,
        body: WalkInBody,
        response: { 201: TicketSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { headsUp, ...input } = request.body;
      const contact = checkHeadsUp(headsUp);
      const authorityId = request.staff!.authorityId;
      const ticket = await db.transaction().execute(async (trx) => {
        const issued = await issueWalkIn(trx, auditActor(request), authorityId, input);
        if (contact) await keepHeadsUp(trx, authorityId, issued, contact);
        return issued;
      });
      return reply.code(201).send(await withEstimate(authorityId, ticket, !!contact));
    },
  );

  app.post(
    '/api/queue/check-in',
    {
      preHandler: clerk,
      config: { audit: { action: 'ticket.check_in', resourceType: 'ticket' } },
      schema: {
        tags: ['queue'],
        summary: 'Check in a booked citizen (by appointment or booking number)',
        security: StaffSecurity,
        body: CheckInBody,
        response: { 201: TicketSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (!b.appointmentId && !b.bookingNumber) {
        throw new AppError('VALIDATION_FAILED', {}, [{ path: '/bookingNumber', code: 'required' }]);
      }
      const contact = checkHeadsUp(b.headsUp);
      const authorityId = request.staff!.authorityId;
      const ticket = await db.transaction().execute(async (trx) => {
        const issued = await checkIn(trx, auditActor(request), authorityId, {
          locationId: b.locationId,
          ...(b.appointmentId ? { appointmentId: b.appointmentId } : {}),
          ...(b.bookingNumber ? { bookingNumber: b.bookingNumber } : {}),
        });
        if (contact) await keepHeadsUp(trx, authorityId, issued, contact);
        return issued;
      });
      return reply.code(201).send(await withEstimate(authorityId, ticket, !!contact));
    },
  );

  app.post(
    '/api/queue/call-next',
    {
      preHandler: clerk,
      config: { audit: { action: 'ticket.call', resourceType: 'ticket' } },
      schema: {
        tags: ['queue'],
        summary:
          'Call the next waiting citizen to this desk (two clerks never get the same one; a desk with an active call gets that call back)',
        security: StaffSecurity,
        body: CallNextBody,
        response: { 200: CallResultSchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request) => {
      const result = announce(
        request.body.locationId,
        await callNext(db, auditActor(request), request.staff!.authorityId, request.body),
      );
      await headsUps(request.staff!.authorityId, request.body.locationId);
      return result;
    },
  );

  app.post(
    '/api/queue/tickets/:id/recall',
    {
      preHandler: clerk,
      config: { audit: { action: 'ticket.recall', resourceType: 'ticket' } },
      schema: {
        tags: ['queue'],
        summary: 'Call the same ticket again; after the configured number of calls it becomes a no-show',
        security: StaffSecurity,
        params: IdParams,
        body: RecallBody,
        response: { 200: CallResultSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const result = await recall(
        db,
        settings(),
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
      );
      await headsUps(request.staff!.authorityId, result.ticket.locationId);
      return announce(result.ticket.locationId, result);
    },
  );

  app.post(
    '/api/queue/tickets/:id/status',
    {
      preHandler: clerk,
      config: { audit: { action: 'ticket.status', resourceType: 'ticket' } },
      schema: {
        tags: ['queue'],
        summary: 'Serve, finish, mark as no-show, put back or cancel a ticket',
        security: StaffSecurity,
        params: IdParams,
        body: StatusBody,
        response: { 200: TicketSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const ticket = await changeTicket(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body.status as 'serving' | 'done' | 'no_show' | 'waiting' | 'cancelled',
      );
      await headsUps(request.staff!.authorityId, ticket.locationId);
      return ticket;
    },
  );

  // --- Waiting times (public: counts only) ---------------------------------------------------------

  // One cached answer per portal (authority): an answer made for one authority's portal is never
  // served on another's (#12, found by the isolation matrix).
  const cachedTimes = new Map<
    string,
    { at: number; value: Awaited<ReturnType<typeof publicWaitingTimes>> }
  >();
  app.get(
    '/api/queue/public/waiting-times',
    {
      config: { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['queue'],
        summary: 'Current waiting time per location with a queue today (counts only; cached briefly)',
        response: { 200: WaitingTimesSchema, ...problems(429) },
      },
    },
    async (_request, reply) => {
      const now = Date.now();
      const key = currentAuthorityId() ?? currentScope()?.kind ?? '';
      let cached = cachedTimes.get(key);
      if (!cached || now - cached.at > WAITING_TIMES_CACHE_MS) {
        for (const [k, v] of cachedTimes) if (now - v.at > WAITING_TIMES_CACHE_MS) cachedTimes.delete(k);
        cached = { at: now, value: await publicWaitingTimes(db) };
        cachedTimes.set(key, cached);
      }
      return reply
        .header('cache-control', `public, max-age=${WAITING_TIMES_CACHE_MS / 1000}`)
        .send(cached.value);
    },
  );

  // --- The call display (public: ticket numbers and desks only) -----------------------------------

  const Slug = Obj({ slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 }) });

  app.get(
    '/api/queue/display/:slug',
    {
      schema: {
        tags: ['queue'],
        summary: "The call display's current state",
        params: Slug,
        response: { 200: DisplayStateSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const { locationId: _, ...state } = await displayState(db, request.params.slug);
      return state;
    },
  );

  app.get(
    '/api/queue/display/:slug/events',
    {
      schema: {
        tags: ['queue'],
        summary:
          'Server-sent events for the call display: "state" on connect and on change, "call" on each call',
        params: Slug,
        response: { ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const first = await displayState(db, request.params.slug);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      streams.add(raw);
      const send = (event: string, data: unknown) =>
        raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      raw.write('retry: 3000\n\n');
      const { locationId, ...state } = first;
      send('state', state);
      let lastId = state.calls[0]?.id ?? null;
      let lastWaiting = state.waiting;
      const unsubscribe = bus.subscribe(locationId, (call: DisplayCall) => {
        if (call.id === lastId) return;
        lastId = call.id;
        send('call', call);
      });
      let polling = false;
      const poll = setInterval(async () => {
        if (polling) return;
        polling = true;
        try {
          const { locationId: _, ...fresh } = await displayState(db, request.params.slug);
          const top = fresh.calls[0]?.id ?? null;
          if (top !== lastId || fresh.waiting !== lastWaiting) {
            lastId = top;
            lastWaiting = fresh.waiting;
            send('state', fresh);
          }
        } catch {
          // the next poll tries again
        } finally {
          polling = false;
        }
      }, 2_000);
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), 20_000);
      const close = () => {
        clearInterval(poll);
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(raw);
      };
      request.raw.on('close', close);
      raw.on('close', close);
    },
  );
};
