import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addDays, zonedDateTimeToInstant } from '../../../core/time';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { problems, StaffSecurity } from '../../http/schema';
import { AuditEntrySchema, AuditSearchQuery, ChainVerificationSchema } from './schemas';
import { withInstallation } from '../../db/scope';
import { auditActor, recordAudit, searchAudit, verifyChain } from './service';

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/audit',
    {
      preHandler: requireStaff(['auditor']),
      config: { audit: { action: 'audit.search', resourceType: 'audit_log' } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (auditor)',
        security: StaffSecurity,
        querystring: AuditSearchQuery,
        response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await searchAudit(db, {
        authorityId: request.staff!.authorityId,
        personId: q.personId,
        userId: q.userId,
        username: q.username,
        resourceType: q.resourceType,
        resourceId: q.resourceId,
        action: q.action,
        from: q.from ? zonedDateTimeToInstant(q.from, '00:00') : undefined,
        to: q.to ? zonedDateTimeToInstant(addDays(q.to, 1), '00:00') : undefined,
        beforeSeq: q.beforeSeq,
        limit: q.limit ?? 100,
      });
      // Looking into the trail is itself recorded: it shows who saw which person's history.
      await recordAudit(db, auditActor(request), {
        action: 'audit.search',
        resourceType: 'audit_log',
        subjectPersonId: q.personId ?? null,
        details: { filters: { ...q }, results: rows.length },
      });
      return {
        entries: rows.map((r) => ({
          seq: r.seq,
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          actorUserId: r.actor_user_id,
          actorUsername: r.actor_username,
          actorRole: r.actor_role,
          actorKitId: r.actor_kit_id,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          subjectPersonId: r.subject_person_id,
          reason: r.reason,
          result: r.result,
          errorCode: r.error_code,
          before: r.before,
          after: r.after,
          details: r.details,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      preHandler: requireStaff(['auditor', 'admin']),
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the audit trail',
        security: StaffSecurity,
        response: { 200: ChainVerificationSchema, ...problems(401, 403) },
      },
    },
    async (request) => {
      // The chain runs through every authority's rows: it is checked at installation scope, and
      // the answer names positions and counts only (ADR 27).
      const result = await withInstallation(db, (db) => verifyChain(db), 'audit chain check');
      await recordAudit(db, auditActor(request), {
        action: 'audit.verify',
        resourceType: 'audit_log',
        details: { intact: result.intact, rows: result.rows, firstBrokenSeq: result.firstBrokenSeq },
      });
      return result;
    },
  );
};
