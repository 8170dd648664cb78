import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { localDate } from '../../../core/time';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { type AuditActor, auditActor } from '../audit/service';
import { liftBlock } from './records';
import {
  LiftBlockBody,
  LiftBlockParams,
  LiftBlockResult,
  PersonRecordSchema,
  PersonSearchQuery,
  PurposeQuery,
  SearchResultSchema,
} from './schemas';
import { readPerson, searchPersons } from './service';

/**
 * The actor of a register read with its purpose: from the X-Audit-Reason header or the
 * `purpose` parameter. Without a purpose there is no read.
 */
export function actorWithPurpose(request: FastifyRequest, purpose: string | undefined): AuditActor {
  const actor = auditActor(request);
  const reason = actor.reason ?? (purpose?.trim() || null);
  if (!reason) throw new AppError('REGISTER_PURPOSE_REQUIRED', {}, [{ path: '/purpose', code: 'required' }]);
  return { ...actor, reason: reason.slice(0, 500) };
}

export const registerRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/register/persons',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'register.search', resourceType: 'register' } },
      schema: {
        tags: ['register'],
        summary: 'Search the resident register by name and date of birth, or by address (clerk; audited)',
        security: StaffSecurity,
        querystring: PersonSearchQuery,
        response: { 200: SearchResultSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { purpose, ...query } = request.query;
      return searchPersons(db, actorWithPurpose(request, purpose), request.staff!.authorityId, query);
    },
  );

  app.get(
    '/api/register/persons/:id',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'register.read', resourceType: 'person' } },
      schema: {
        tags: ['register'],
        summary:
          'A resident\u2019s record: names, residences, household, blocks, ID documents, history (clerk; audited)',
        security: StaffSecurity,
        params: IdParams,
        querystring: PurposeQuery,
        response: { 200: PersonRecordSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      readPerson(
        db,
        actorWithPurpose(request, request.query.purpose),
        request.staff!.authorityId,
        request.params.id,
      ),
  );

  app.post(
    '/api/register/persons/:id/blocks/:blockId/lift',
    {
      preHandler: requireStaff(['clerk']),
      config: { audit: { action: 'register.block_lifted', resourceType: 'person' } },
      schema: {
        tags: ['register'],
        summary:
          'Lift an information block whose grounds have ceased, or a withdrawn objection to data transfers (clerk; audited with the reason)',
        security: StaffSecurity,
        params: LiftBlockParams,
        body: LiftBlockBody,
        response: { 200: LiftBlockResult, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        liftBlock(trx, auditActor(request), {
          authorityId: request.staff!.authorityId,
          personId: request.params.id,
          blockId: request.params.blockId,
          today: localDate(new Date()),
          reason: request.body.reason.trim(),
        }),
      ),
  );
};
