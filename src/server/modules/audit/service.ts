import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../db/database';
import type { AuditResult } from './tables';
import { markAuditWriteFailure } from './write-failure';

export interface AuditActor {
  authorityId: string | null;
  userId: string | null;
  username: string | null;
  role: string | null;
  kitId: string | null;
  reason: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  subjectPersonId?: string | null;
  result?: AuditResult;
  errorCode?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Overrides the actor's authority (e.g. a login before a session exists). */
  authorityId?: string | null;
}

export const AUDIT_REASON_HEADER = 'x-audit-reason';

/**
 * Who is acting, from the request: the staff member, their roles, the kit, and the stated reason
 * (X-Audit-Reason, checked by the audit hook before the handler runs; see hook.ts).
 */
export function auditActor(request: FastifyRequest): AuditActor {
  const reason = request.auditReason ?? null;
  return {
    // An operator has no authority (ADR 24); its entries name the authority they concern.
    authorityId: request.staff && !request.staff.operator ? request.staff.authorityId : null,
    userId: request.staff?.userId ?? null,
    username: request.staff?.username ?? null,
    role: request.staff?.roles.join(',') ?? null,
    kitId: request.kitId ?? null,
    reason,
    requestId: request.id,
  };
}

export const SYSTEM_ACTOR: AuditActor = {
  authorityId: null,
  userId: null,
  username: 'system',
  role: null,
  kitId: null,
  reason: null,
  requestId: null,
};

/**
 * Appends one row to the audit trail. Call it inside the transaction that makes the change, so the
 * change and its record commit together. The database seals the row (digests of its content) at
 * insert; the chainer links it shortly after the commit (ADR 15).
 */
export async function recordAudit(executor: Executor, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await recordAudits(executor, actor, [entry]);
}

/**
 * Several rows in one statement (e.g. one per person a register search showed); they are linked
 * one after another in the order given.
 */
export async function recordAudits(
  executor: Executor,
  actor: AuditActor,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await executor
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        id: uuidv7(),
        authority_id: entry.authorityId !== undefined ? entry.authorityId : actor.authorityId,
        actor_user_id: actor.userId,
        actor_username: actor.username,
        actor_role: actor.role,
        actor_kit_id: actor.kitId,
        action: entry.action,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId ?? null,
        subject_person_id: entry.subjectPersonId ?? null,
        reason: actor.reason,
        result: entry.result ?? 'success',
        error_code: entry.errorCode ?? null,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
        request_id: actor.requestId,
      })) as never,
    )
    .execute()
    .catch((error: unknown) => {
      throw markAuditWriteFailure(error);
    });
}

export interface AuditQuery {
  authorityId: string;
  personId?: string;
  userId?: string;
  username?: string;
  resourceType?: string;
  resourceId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit: number;
}

export async function searchAudit(db: Db, q: AuditQuery) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('audit_chain as c', 'c.audit_seq', 'a.seq')
    .selectAll('a')
    .select(['c.chain_seq', 'c.hash'])
    // System events belong to no authority and are shown to all; failed sign-ins that matched no
    // account belong to no authority either, but are nobody's business outside operations.
    .where((eb) =>
      eb.or([
        eb('a.authority_id', '=', q.authorityId),
        eb.and([eb('a.authority_id', 'is', null), eb('a.action', 'not like', 'auth.%')]),
      ]),
    )
    .orderBy('a.seq', 'desc')
    .limit(q.limit);
  if (q.personId) query = query.where('a.subject_person_id', '=', q.personId);
  if (q.userId) query = query.where('a.actor_user_id', '=', q.userId);
  if (q.username) query = query.where(sql`lower(a.actor_username)`, '=', q.username.toLowerCase());
  if (q.resourceType) query = query.where('a.resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('a.resource_id', '=', q.resourceId);
  if (q.action) query = query.where('a.action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.from) query = query.where('a.occurred_at', '>=', q.from);
  if (q.to) query = query.where('a.occurred_at', '<', q.to);
  if (q.beforeSeq) query = query.where('a.seq', '<', q.beforeSeq);
  return query.execute();
}
