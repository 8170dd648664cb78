import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { IdParams, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import { OutboxListItemSchema, OutboxMessageSchema, OutboxQuery } from './schemas';
import { getOutboxAttachment, getOutboxMessage, listOutbox } from './service';

/** The outbox ("Postausgang") for administrators and coordinators of the authority. */
export const notifyRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const guard = requireStaff(['admin', 'coordinator']);

  app.get(
    '/api/notify/outbox',
    {
      preHandler: guard,
      schema: {
        tags: ['notify'],
        summary: 'Mails and text messages in the outbox, newest first',
        security: StaffSecurity,
        querystring: OutboxQuery,
        response: {
          200: Type.Object({ messages: Type.Array(OutboxListItemSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({ messages: await listOutbox(db, request.staff!.authorityId, request.query) }),
  );

  app.get(
    '/api/notify/outbox/:id',
    {
      preHandler: guard,
      config: { audit: { action: 'outbox.read', resourceType: 'outbox_message' } },
      schema: {
        tags: ['notify'],
        summary: 'One message of the outbox with its text',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: OutboxMessageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      getOutboxMessage(db, auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.get(
    '/api/notify/outbox/:id/attachments/:index',
    {
      preHandler: guard,
      schema: {
        tags: ['notify'],
        summary: 'Download an attachment of an outbox message (e.g. the ICS file)',
        security: StaffSecurity,
        params: Obj({ id: Uuid, index: Type.Integer({ minimum: 0, maximum: 20 }) }),
        response: { ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const a = await getOutboxAttachment(
        db,
        request.staff!.authorityId,
        request.params.id,
        request.params.index,
      );
      return reply
        .header('content-type', a.contentType)
        .header('content-disposition', `attachment; filename="${a.filename.replace(/[^\w.-]/g, '_')}"`)
        .send(a.content);
    },
  );
};
