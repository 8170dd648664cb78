import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addDays, zonedDateTimeToInstant } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { withInstallation } from '../../db/scope';
import { requireStaff } from '../../http/auth';
import { problems, StaffSecurity } from '../../http/schema';
import { chainStatus } from './chain';
import { checkpointSignatureValid, listStoredCheckpoints, readCheckpointFile } from './checkpoints';
import { loadAuditKeys, publicSigningKeys } from './keys';
import { AuditEntrySchema, AuditSearchQuery, ChainStatusSchema, ChainVerificationSchema } from './schemas';
import { auditActor, recordAudit, searchAudit } from './service';
import { verifyAuditChain } from './verify';

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const keys = loadAuditKeys(config);

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
          chainSeq: r.chain_seq === null ? null : Number(r.chain_seq),
          hash: r.hash,
          erased: r.erased_at !== null,
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
        summary: 'Verify the audit chain: links (HMAC), row digests, order, head and signed checkpoints',
        security: StaffSecurity,
        response: { 200: ChainVerificationSchema, ...problems(401, 403) },
      },
    },
    async (request) => {
      // The chain runs through every authority's rows: it is checked at installation scope, and
      // the answer names positions and counts only (ADR 27).
      const result = await withInstallation(
        db,
        (db) =>
          verifyAuditChain(db, keys, {
            checkpointFile: config.auditCheckpointFile,
            retentionYears: config.auditRetentionYears,
          }),
        'audit chain check',
      );
      await recordAudit(db, auditActor(request), {
        action: 'audit.verify',
        resourceType: 'audit_log',
        details: {
          intact: result.intact,
          rows: result.rows,
          firstBrokenSeq: result.firstBrokenSeq,
          reason: result.reason,
          pending: result.pending,
        },
      });
      return result;
    },
  );

  app.get(
    '/api/audit/chain',
    {
      preHandler: requireStaff(['auditor', 'admin']),
      schema: {
        tags: ['audit'],
        summary: 'State of the audit chain: rows not linked yet, linking lag, signed checkpoints, keys',
        security: StaffSecurity,
        response: { 200: ChainStatusSchema, ...problems(401, 403) },
      },
    },
    async () => {
      // One chain for the installation: its state is read at installation scope (counts only).
      const [status, stored] = await withInstallation(
        db,
        (db) => Promise.all([chainStatus(db), listStoredCheckpoints(db, 20)]),
        'audit chain state',
      );
      const file = readCheckpointFile(config.auditCheckpointFile).checkpoints;
      const seen = new Set<string>();
      const checkpoints = [...file, ...stored]
        .filter((c) => {
          const id = `${c.seq}|${c.at}|${c.sig}`;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .sort((a, b) => b.seq - a.seq || b.at.localeCompare(a.at))
        .slice(0, 20);
      return {
        linked: status.linked,
        pending: status.pending,
        oldestPendingAt: status.oldestPendingAt?.toISOString() ?? null,
        lastLinkedAt: status.lastLinkedAt?.toISOString() ?? null,
        lagP50Ms: status.lagP50Ms,
        lagP99Ms: status.lagP99Ms,
        hmacKeyId: keys.hmacKeyId,
        signingKeys: publicSigningKeys(keys).map((k) => ({ ...k, current: k.id === keys.signingKeyId })),
        retentionYears: config.auditRetentionYears,
        checkpointMinutes: config.auditCheckpointMinutes,
        checkpoints: checkpoints.map((c) => ({
          seq: c.seq,
          hash: c.hash,
          rows: c.rows,
          at: c.at,
          key: c.key,
          signatureValid: checkpointSignatureValid(keys, c),
        })),
      };
    },
  );
};
