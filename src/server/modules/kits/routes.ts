import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { PULL_PAGE_LIMIT, UPLOAD_CHUNK_BYTES } from '../../../core/sync/protocol';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor, recordAudit } from '../audit/service';
import { applyPush, type CommandHandlers } from './apply-commands';
import { pullChanges } from './changes';
import { recordKitDelivery } from './deliveries';
import { hashKitBody, kitGuard } from './kit-auth';
import {
  ConfirmBody,
  ConfirmResponse,
  EnrolBody,
  EnrolmentSchema,
  KitInputSchema,
  KitSchema,
  KitWithCode,
  PullBody,
  PullResponseSchema,
  PushBody,
  PushResponseSchema,
  RevokeBody,
  UploadParams,
  UploadStatusSchema,
} from './schemas';
import {
  confirmKitState,
  enrolKit,
  getKit,
  issuePairingCode,
  kitEnrolment,
  listKits,
  noteKitContact,
  registerKit,
  revokeKit,
} from './service';
import { KitUploadStore } from './uploads';

export interface KitRoutesOptions {
  db: Db;
  config: AppConfig;
  handlers: CommandHandlers;
  /** Extra kit-side routes (prepare the day) registered inside the signed scope. */
  kitRoutes?: FastifyPluginAsyncTypebox<KitScopedRouteOptions>;
}

export interface KitScopedRouteOptions {
  db: Db;
  config: AppConfig;
  /** preHandlers: signed-in clerk + valid kit signature; sets request.kit. */
  guard: preHandlerAsyncHookHandler[];
}

export const KitSecurity = [{ sessionCookie: [] as string[], csrfHeader: [] as string[] }];

export const kitsRoutes: FastifyPluginAsyncTypebox<KitRoutesOptions> = async (app, options) => {
  const { db, config, handlers } = options;
  app.addSchema(KitSchema);
  const coordinator = requireStaff(['coordinator']);

  // ---- Coordinator: register, list, pair, revoke ------------------------------------------
  app.get(
    '/api/kits',
    {
      preHandler: coordinator,
      schema: {
        tags: ['kits'],
        summary: 'Field kits of the authority, with last sync, pending commands and software version',
        security: StaffSecurity,
        response: { 200: Type.Object({ kits: Type.Array(Type.Ref('Kit')) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ kits: await listKits(db, request.staff!.authorityId) }),
  );

  app.post(
    '/api/kits',
    {
      preHandler: coordinator,
      config: { audit: { action: 'kit.register', resourceType: 'kit' } },
      schema: {
        tags: ['kits'],
        summary: 'Register a field kit; answers with its one-time pairing code',
        security: StaffSecurity,
        body: KitInputSchema,
        response: { 201: KitWithCode, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registerKit(db, auditActor(request), request.staff!.authorityId, request.body)),
  );

  app.get(
    '/api/kits/:id',
    {
      preHandler: coordinator,
      schema: {
        tags: ['kits'],
        summary: 'One field kit',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: Type.Ref('Kit'), ...problems(401, 403, 404) },
      },
    },
    async (request) => getKit(db, request.staff!.authorityId, request.params.id),
  );

  app.post(
    '/api/kits/:id/pairing-code',
    {
      preHandler: coordinator,
      config: { audit: { action: 'kit.pairing_code', resourceType: 'kit' } },
      schema: {
        tags: ['kits'],
        summary: 'A new one-time pairing code (new laptop, or letting a revoked kit back in)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: KitWithCode, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      issuePairingCode(db, auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.post(
    '/api/kits/:id/revoke',
    {
      preHandler: coordinator,
      config: { audit: { action: 'kit.revoke', resourceType: 'kit' } },
      schema: {
        tags: ['kits'],
        summary: 'Revoke a kit (lost, stolen): its next request is refused',
        security: StaffSecurity,
        params: IdParams,
        body: RevokeBody,
        response: { 200: Type.Ref('Kit'), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      revokeKit(db, auditActor(request), request.staff!.authorityId, request.params.id, request.body.reason),
  );

  // ---- Kit: enrolment (clerk session, no kit key yet) --------------------------------------
  app.post(
    '/api/kit/enrol',
    {
      preHandler: requireStaff(['clerk']),
      config: {
        audit: { action: 'kit.enrol', resourceType: 'kit' },
        rateLimit: { max: 10, timeWindow: 60_000 },
      },
      schema: {
        tags: ['kits'],
        summary: 'Pair this browser as a field kit: pairing code + public key of a new key pair',
        security: StaffSecurity,
        body: EnrolBody,
        response: { 200: EnrolmentSchema, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const actor = auditActor(request);
      return enrolKit(
        db,
        { ...actor, authorityId: request.staff!.authorityId, userId: request.staff!.userId },
        request.body,
      );
    },
  );

  // ---- Kit: signed requests -----------------------------------------------------------------
  const signedRoutes: FastifyPluginAsyncTypebox = async (signed) => {
    signed.addHook('preParsing', hashKitBody);
    signed.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    const requireKit = kitGuard(db);
    const clerk = requireStaff(['clerk']);
    const guard = [clerk, requireKit];
    const uploads = new KitUploadStore(config.dataDir);

    signed.get(
      '/api/kit/config',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'The kit as the server knows it (status, scope, next command number)',
          security: KitSecurity,
          response: { 200: EnrolmentSchema, ...problems(401, 403, 426) },
        },
      },
      async (request) => {
        await noteKitContact(db, request.kit!.kitId, { softwareVersion: request.kit!.appVersion });
        return kitEnrolment(db, request.kit!.kitId);
      },
    );

    signed.post(
      '/api/kit/push',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'Send outbox commands; each is applied exactly once and its outcome returned',
          security: KitSecurity,
          body: PushBody,
          response: { 200: PushResponseSchema, ...problems(400, 401, 403, 409, 426) },
        },
      },
      async (request) => {
        const kit = request.kit!;
        try {
          const answer = await applyPush(
            {
              db,
              handlers,
              kitId: kit.kitId,
              sentBy: { userId: request.staff!.userId, username: request.staff!.username },
              requestId: request.id,
              missingAttachments: (trx, authorityId, hashes) => uploads.missing(trx, authorityId, hashes),
            },
            request.body,
          );
          const kitTime = Date.parse(request.body.kitTime);
          await noteKitContact(db, kit.kitId, {
            softwareVersion: kit.appVersion,
            pendingCommands: Math.max(0, request.body.pendingCount - answer.results.length),
            ...(Number.isFinite(kitTime) ? { clockOffsetMs: Date.now() - kitTime } : {}),
            synced: true,
            error: null,
          });
          return answer;
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
          await noteKitContact(db, kit.kitId, { error: code }).catch(() => {});
          throw error;
        }
      },
    );

    signed.post(
      '/api/kit/pull',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'Changes in the kit’s scope since its cursor',
          security: KitSecurity,
          body: PullBody,
          response: { 200: PullResponseSchema, ...problems(400, 401, 403, 426) },
        },
      },
      async (request) => {
        const answer = await pullChanges(
          db,
          request.kit!,
          request.body.cursor,
          Math.min(request.body.limit ?? PULL_PAGE_LIMIT, 2000),
        );
        // Register data leaving for a kit is a read of personal data: on record, without names.
        const delivered = answer.changes.filter((c) => c.entity === 'person' && !c.deleted);
        const persons = delivered.length;
        if (persons > 0) {
          await recordKitDelivery(db, {
            authorityId: request.kit!.authorityId,
            kitId: request.kit!.kitId,
            kind: 'pull',
            personIds: delivered.map((c) => c.id),
          });
          await recordAudit(db, auditActor(request), {
            action: 'register.kit_changes',
            resourceType: 'kit',
            resourceId: request.kit!.kitId,
            details: { persons, cursor: answer.cursor },
          });
        }
        return answer;
      },
    );

    signed.get(
      '/api/kit/uploads/:sha256',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'How much of a file the server holds (to resume an upload)',
          security: KitSecurity,
          params: UploadParams,
          querystring: Type.Object({ size: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          response: { 200: UploadStatusSchema, ...problems(400, 401, 403, 426) },
        },
      },
      async (request) =>
        uploads.status(db, request.kit!.authorityId, request.params.sha256, request.query.size),
    );

    signed.put(
      '/api/kit/uploads/:sha256',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'Append a chunk of a file at `offset` (application/octet-stream)',
          description:
            'Bytes that arrive are kept even if the connection breaks; ask for the status and go on from there. The last chunk completes the file if its SHA-256 matches.',
          security: KitSecurity,
          params: UploadParams,
          querystring: Type.Object(
            {
              size: Type.Integer({ minimum: 1 }),
              offset: Type.Integer({ minimum: 0 }),
              mime: Type.String({ maxLength: 40 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: UploadStatusSchema, ...problems(400, 401, 403, 409, 415, 422, 426) },
        },
      },
      async (request) => {
        const body = request.body as NodeJS.ReadableStream | undefined;
        if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return uploads.append(db, {
          authorityId: request.kit!.authorityId,
          kitId: request.kit!.kitId,
          sha256: request.params.sha256,
          size: request.query.size,
          mime: request.query.mime,
          offset: request.query.offset,
          maxChunkBytes: UPLOAD_CHUNK_BYTES,
          body: body as never,
        });
      },
    );

    signed.post(
      '/api/kit/confirm',
      {
        preHandler: guard,
        schema: {
          tags: ['kits'],
          summary: 'Does the server hold every command up to lastSeq? (before the kit wipes its data)',
          security: KitSecurity,
          body: ConfirmBody,
          response: { 200: ConfirmResponse, ...problems(400, 401, 403, 426) },
        },
      },
      async (request) => confirmKitState(db, request.kit!.kitId, request.body.lastSeq),
    );

    if (options.kitRoutes) await signed.register(options.kitRoutes, { db, config, guard });
  };
  await app.register(signedRoutes);
};
