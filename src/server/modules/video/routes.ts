import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { formatAccessCode } from '../../../core/cases/numbers';
import { addDays } from '../../../core/time';
import type { ParticipantRole } from '../../../core/video/protocol';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { hashToken, requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { requestLocale } from '../../http/problem';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import type { LiveBus } from '../../live/bus';
import { type AuditActor, auditActor } from '../audit/service';
import { ATTACHMENT_MAX_BYTES, storeAttachment } from '../cases/attachments';
import { CaptureResultSchema } from '../cases/schemas';
import { authorityContact } from '../places/service';
import { listOfficeDays, todayInBerlin } from '../schedule/service';
import {
  acceptCall,
  availability,
  callByTerminalToken,
  callImages,
  callOfClerk,
  captureCallCase,
  createInvite,
  type EndedCall,
  endCall,
  queueEntries,
  recordImage,
  redeemInvite,
  startCall,
} from './calls';
import { LobbyHub } from './lobby';
import {
  CallCaseBody,
  CallDetailSchema,
  CreateTerminalBody,
  EndResultSchema,
  ImageQuery,
  ImageResultSchema,
  InviteBody,
  InviteSchema,
  PairBody,
  PairingSchema,
  QueueEntrySchema,
  RedeemBody,
  RedeemSchema,
  SocketQuery,
  StartCallBody,
  StartedCallSchema,
  TerminalSchema,
  TerminalStatusSchema,
} from './schemas';
import { type CallEvent, CallHub, callChannel, lobbyChannel } from './socket';
import {
  issuePairingCode,
  listTerminals,
  pairTerminal,
  revokeTerminal,
  TERMINAL_COOKIE,
  TERMINAL_COOKIE_DAYS,
  terminalByToken,
} from './terminals';

/** Tells every process that calls ended (their sockets close, the clerks' lists change). */
export async function announceEnded(bus: LiveBus, ended: EndedCall[]): Promise<void> {
  for (const e of ended) {
    await bus
      .publish(callChannel(e.id), { e: 'ended', outcome: e.outcome, by: e.by } satisfies CallEvent)
      .catch(() => {});
    await bus.publish(lobbyChannel(e.authorityId), { e: 'changed' }).catch(() => {});
  }
}

function bearer(request: FastifyRequest): string {
  const m = /^Bearer ([\w-]{16,200})$/.exec(request.headers.authorization ?? '');
  if (!m) throw new AppError('VIDEO_TOKEN_INVALID');
  return m[1]!;
}

function terminalActor(request: FastifyRequest, authorityId: string): AuditActor {
  return {
    authorityId,
    userId: null,
    username: null,
    role: 'terminal',
    kitId: null,
    reason: 'Videoberatung am Bürgerterminal',
    requestId: request.id,
  };
}

/** Per-call token check for the terminal's HTTP requests. */
async function terminalCall(db: Db, request: FastifyRequest & { params: { id: string } }) {
  const call = await callByTerminalToken(db, request.params.id, bearer(request));
  if (!call) throw new AppError('VIDEO_TOKEN_INVALID');
  return call;
}

export const videoRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig; live: LiveBus }> = async (
  app,
  { db, config, live },
) => {
  const clerk = requireStaff(['clerk']);
  const planner = requireStaff(['coordinator', 'admin']);
  const hub = new CallHub(db, live, config, app.log);
  const lobby = new LobbyHub(db, live, config, app.log);
  app.addHook('preClose', async () => {
    hub.close();
    lobby.close();
  });

  app.addContentTypeParser(
    ['image/jpeg', 'image/png'],
    { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  const publicWrite = { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  // ---------------------------------------------------------------------------------------------
  // Terminals: enrolment (coordinator) and set-up (the device)
  // ---------------------------------------------------------------------------------------------

  app.get(
    '/api/video/terminals',
    {
      preHandler: planner,
      schema: {
        tags: ['video'],
        summary: 'Citizens’ terminals that may start video calls',
        security: StaffSecurity,
        response: { 200: Type.Object({ terminals: Type.Array(TerminalSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ terminals: await listTerminals(db, request.staff!.authorityId) }),
  );

  app.post(
    '/api/video/terminals',
    {
      preHandler: planner,
      config: { audit: { action: 'video.terminal_create', resourceType: 'video_terminal' } },
      schema: {
        tags: ['video'],
        summary: 'Register a terminal at a location; the answer carries its one-time set-up code',
        security: StaffSecurity,
        body: CreateTerminalBody,
        response: { 201: PairingSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await inTransaction(db, (trx) =>
        issuePairingCode(trx, auditActor(request), request.staff!.authorityId, request.body),
      );
      return reply.code(201).header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/api/video/terminals/:id/code',
    {
      preHandler: planner,
      config: { audit: { action: 'video.terminal_code', resourceType: 'video_terminal' } },
      schema: {
        tags: ['video'],
        summary: 'A new set-up code for a terminal (its current enrolment ends)',
        security: StaffSecurity,
        params: IdParams,
        response: { 201: PairingSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await inTransaction(db, (trx) =>
        issuePairingCode(trx, auditActor(request), request.staff!.authorityId, {
          terminalId: request.params.id,
        }),
      );
      return reply.code(201).header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/api/video/terminals/:id/revoke',
    {
      preHandler: planner,
      config: { audit: { action: 'video.terminal_revoke', resourceType: 'video_terminal' } },
      schema: {
        tags: ['video'],
        summary: 'Revoke a terminal: it can no longer start calls',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: TerminalSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        revokeTerminal(trx, auditActor(request), request.staff!.authorityId, request.params.id),
      ),
  );

  app.post(
    '/api/video/terminal/pair',
    {
      // Guessing a set-up code is like guessing a password: the sign-in limit applies.
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['video'],
        summary: 'The terminal exchanges its set-up code for a device cookie (httpOnly)',
        body: PairBody,
        response: {
          200: Type.Object({ terminal: Type.Object({ name: Type.String(), locationName: Type.String() }) }),
          ...problems(400, 429),
        },
      },
    },
    async (request, reply) => {
      const { terminal, token } = await inTransaction(db, (trx) =>
        pairTerminal(trx, terminalActor(request, ''), request.body.code),
      );
      reply.setCookie(TERMINAL_COOKIE, token, {
        path: '/api/video',
        httpOnly: true,
        secure: config.cookieSecure,
        sameSite: 'strict',
        maxAge: TERMINAL_COOKIE_DAYS * 86_400,
      });
      return { terminal: { name: terminal.name, locationName: terminal.locationName } };
    },
  );

  app.get(
    '/api/video/terminal',
    {
      schema: {
        tags: ['video'],
        summary:
          'For the terminal’s start page: is a clerk available now, the expected wait, or the next video hours and the phone number',
        response: { 200: TerminalStatusSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const terminal = await terminalByToken(db, request.cookies[TERMINAL_COOKIE]);
      if (!terminal) {
        return {
          enrolled: false,
          terminal: null,
          available: false,
          expectedWaitMinutes: null,
          waiting: 0,
          nextHours: null,
          phone: null,
          authorityName: null,
        };
      }
      const now = new Date();
      const today = todayInBerlin(now);
      const [a, contact, days] = await Promise.all([
        availability(db, terminal.authorityId, now),
        authorityContact(db, terminal.authorityId),
        listOfficeDays(db, {
          authorityId: terminal.authorityId,
          from: today,
          to: addDays(today, 90),
          locationIds: [terminal.locationId],
        }),
      ]);
      const next = days.find((d) => d.mode === 'video' && new Date(d.endsAt) > now);
      return {
        enrolled: true,
        terminal: { name: terminal.name, locationName: terminal.locationName },
        available: a.available,
        expectedWaitMinutes: a.minutes,
        waiting: a.waiting,
        nextHours: next
          ? {
              date: next.date,
              startTime: next.startTime,
              endTime: next.endTime,
              open: new Date(next.startsAt) <= now,
            }
          : null,
        phone: contact?.phone ?? null,
        authorityName: contact?.name ?? null,
      };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Calls: the terminal starts, hangs up, sends pictures
  // ---------------------------------------------------------------------------------------------

  app.post(
    '/api/video/calls',
    {
      config: {
        // Per terminal (device cookie), else per address: a stuck finger or a script cannot
        // flood the clerks' list.
        rateLimit: {
          max: 6,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => {
            const token = request.cookies[TERMINAL_COOKIE];
            return token ? `terminal:${hashToken(token)}` : `ip:${request.ip}`;
          },
        },
      },
      schema: {
        tags: ['video'],
        summary:
          'The terminal starts a video call (walk-in, or with a booking number for a booked video slot); only enrolled terminals',
        body: StartCallBody,
        response: { 201: StartedCallSchema, ...problems(400, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const terminal = await terminalByToken(db, request.cookies[TERMINAL_COOKIE]);
      if (!terminal) throw new AppError('VIDEO_TERMINAL_NOT_ENROLLED');
      const started = await inTransaction(db, (trx) =>
        startCall(trx, terminal, {
          bookingNumber: request.body.bookingNumber,
          locale: requestLocale(request),
        }),
      );
      await announceEnded(live, started.ended);
      await lobby.announce(terminal.authorityId);
      return reply.code(201).header('cache-control', 'no-store').send({
        callId: started.id,
        token: started.token,
        kind: started.kind,
        expiresAt: started.expiresAt.toISOString(),
      });
    },
  );

  app.post(
    '/api/video/calls/:id/hangup',
    {
      schema: {
        tags: ['video'],
        summary: 'The terminal hangs up (per-call token as Bearer); also when the kiosk wipes',
        params: IdParams,
        response: { 200: EndResultSchema, ...problems(401) },
      },
    },
    async (request) => {
      const call = await terminalCall(db, request);
      const ended = await inTransaction(db, (trx) => endCall(trx, call.id, 'terminal'));
      if (ended) await announceEnded(live, [ended]);
      return { outcome: ended?.outcome ?? 'advice' };
    },
  );

  app.post(
    '/api/video/calls/:id/images',
    {
      bodyLimit: ATTACHMENT_MAX_BYTES,
      schema: {
        tags: ['video'],
        summary:
          'The terminal sends a still image of its document camera (kind=scan, shown to the clerk) or the signature of a pushed form (kind=signature); stored by SHA-256',
        params: IdParams,
        querystring: ImageQuery,
        response: { 201: ImageResultSchema, ...problems(400, 401, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const call = await terminalCall(db, request);
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED');
      const kind = request.query.kind ?? 'scan';
      const result = await inTransaction(db, async (trx) => {
        const stored = await storeAttachment(trx, config.dataDir, terminalActor(request, call.authority_id), {
          authorityId: call.authority_id,
          kind,
          mediaType: String(request.headers['content-type'] ?? ''),
          bytes: body,
        });
        const image = kind === 'scan' ? await recordImage(trx, call, stored) : null;
        return { stored, image };
      });
      if (result.image?.created) {
        await hub.publish(call.id, {
          e: 'role',
          role: 'clerk',
          msg: {
            type: 'image',
            imageId: result.image.id,
            sha256: result.stored.sha256,
            mediaType: result.stored.mediaType,
            at: new Date().toISOString(),
          },
        });
      }
      return reply.code(201).send({
        sha256: result.stored.sha256,
        mediaType: result.stored.mediaType,
        imageId: result.image?.id ?? null,
      });
    },
  );

  app.get(
    '/api/video/calls/:id/socket',
    {
      websocket: true,
      schema: {
        tags: ['video'],
        summary:
          'WebSocket of a call (signalling, chat, form push). ?as=terminal|guest: first message {type:"auth",token}; ?as=clerk: staff session and Origin',
        params: IdParams,
        querystring: SocketQuery,
      },
    },
    (socket, request) => {
      const { id } = request.params as { id: string };
      const { as } = request.query as { as?: ParticipantRole };
      hub.attach(socket, request, id, as);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The clerk
  // ---------------------------------------------------------------------------------------------

  app.get(
    '/api/video/lobby',
    {
      websocket: true,
      schema: {
        tags: ['video'],
        summary:
          'WebSocket of the clerks’ video page: the live list of callers; being connected makes the clerk available',
      },
    },
    (socket, request) => lobby.attach(socket, request),
  );

  app.get(
    '/api/video/queue',
    {
      preHandler: clerk,
      schema: {
        tags: ['video'],
        summary:
          'Open video calls of the authority: waiting callers and calls in progress (no citizen names)',
        security: StaffSecurity,
        response: { 200: Type.Object({ calls: Type.Array(QueueEntrySchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({
      calls: await queueEntries(db, request.staff!.authorityId, request.staff!.userId),
    }),
  );

  async function detail(authorityId: string, userId: string, callId: string) {
    const call = await callOfClerk(db, authorityId, userId, callId);
    const [location, images, caseRow] = await Promise.all([
      db.selectFrom('locations').select('name').where('id', '=', call.location_id).executeTakeFirstOrThrow(),
      callImages(db, call.id),
      call.case_id
        ? db
            .selectFrom('cases')
            .select(['id', 'number', 'access_code'])
            .where('id', '=', call.case_id)
            .executeTakeFirst()
        : undefined,
    ]);
    return {
      id: call.id,
      status: call.status,
      kind: call.kind,
      locationId: call.location_id,
      locationName: location.name,
      locale: call.locale,
      requestedAt: call.requested_at.toISOString(),
      acceptedAt: call.accepted_at?.toISOString() ?? null,
      endedAt: call.ended_at?.toISOString() ?? null,
      outcome: call.outcome,
      images,
      case: caseRow
        ? { id: caseRow.id, number: caseRow.number, accessCode: formatAccessCode(caseRow.access_code) }
        : null,
    };
  }

  app.post(
    '/api/video/calls/:id/accept',
    {
      preHandler: clerk,
      config: { audit: { action: 'video.accept', resourceType: 'video_call' } },
      schema: {
        tags: ['video'],
        summary: 'Answer a waiting call (“Anruf annehmen”); the first clerk wins',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: CallDetailSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const staff = request.staff!;
      await inTransaction(db, (trx) =>
        acceptCall(trx, auditActor(request), staff.authorityId, staff.userId, request.params.id),
      );
      await hub.publish(request.params.id, { e: 'all', msg: { type: 'call.accepted' } });
      await lobby.announce(staff.authorityId);
      return detail(staff.authorityId, staff.userId, request.params.id);
    },
  );

  app.get(
    '/api/video/calls/:id',
    {
      preHandler: clerk,
      schema: {
        tags: ['video'],
        summary: 'The call for the clerk who answered it: images received, its case',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: CallDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => detail(request.staff!.authorityId, request.staff!.userId, request.params.id),
  );

  app.post(
    '/api/video/calls/:id/end',
    {
      preHandler: clerk,
      config: { audit: { action: 'video.end', resourceType: 'video_call' } },
      schema: {
        tags: ['video'],
        summary: 'The clerk hangs up',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: EndResultSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const call = await callOfClerk(db, staff.authorityId, staff.userId, request.params.id);
      const ended = await inTransaction(db, (trx) => endCall(trx, call.id, 'clerk'));
      if (ended) await announceEnded(live, [ended]);
      return { outcome: ended?.outcome ?? call.outcome ?? 'advice' };
    },
  );

  app.post(
    '/api/video/calls/:id/invites',
    {
      preHandler: clerk,
      config: { audit: { action: 'video.invite', resourceType: 'video_call' } },
      schema: {
        tags: ['video'],
        summary:
          'Invite a third participant (interpreter or colleague) by a single-use link, valid 30 minutes',
        security: StaffSecurity,
        params: IdParams,
        body: InviteBody,
        response: { 201: InviteSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const invite = await inTransaction(db, (trx) =>
        createInvite(
          trx,
          auditActor(request),
          staff.authorityId,
          staff.userId,
          request.params.id,
          request.body.guestKind,
        ),
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          // On the portal of the staff member's authority, where the invitation is found (ADR 27).
          url: `${await app.authorities.portalUrl(staff.authorityId, config.publicUrl)}/videoberatung/gast#${invite.token}`,
          expiresAt: invite.expiresAt.toISOString(),
        });
    },
  );

  app.post(
    '/api/video/calls/:id/case',
    {
      preHandler: clerk,
      config: { audit: { action: 'case.capture', resourceType: 'case' } },
      schema: {
        tags: ['video'],
        summary:
          'Capture the case of the call from the form the citizen filled and signed at the terminal (same validation as at the desk)',
        security: StaffSecurity,
        params: IdParams,
        body: CallCaseBody,
        response: { 201: CaptureResultSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const body = request.body;
      const result = await inTransaction(db, (trx) =>
        captureCallCase(
          trx,
          auditActor(request),
          staff.authorityId,
          staff.userId,
          request.params.id,
          {
            ...(body.id ? { id: body.id } : {}),
            serviceId: body.serviceId,
            personId: body.personId,
            formData: body.formData,
          },
          { locale: requestLocale(request), publicUrl: config.publicUrl },
        ),
      );
      await hub.publish(request.params.id, {
        e: 'role',
        role: 'terminal',
        msg: {
          type: 'case',
          number: result.number,
          accessCode: result.accessCode,
          pushId: body.pushId ?? null,
        },
      });
      return reply.code(201).send(result);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The third participant
  // ---------------------------------------------------------------------------------------------

  app.post(
    '/api/video/invites/redeem',
    {
      config: publicWrite,
      schema: {
        tags: ['video'],
        summary:
          'An invited interpreter or colleague opens the link: single use, gives a token for the call’s socket',
        body: RedeemBody,
        response: { 200: RedeemSchema, ...problems(400, 410, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return inTransaction(db, (trx) => redeemInvite(trx, request.body.token));
    },
  );
};
