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
 * change and its record commit together. The database chains the row to the previous one.
 */
export async function recordAudit(executor: Executor, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await recordAudits(executor, actor, [entry]);
}

/**
 * Several rows in one statement (e.g. one per person a register search showed); the trigger
 * chains them one after another as it does single rows.
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

export interface ChainVerification {
  intact: boolean;
  rows: number;
  /** First row (chain position) whose hash or link does not match, if any. */
  firstBrokenSeq: number | null;
  reason: 'hash_mismatch' | 'link_mismatch' | 'unchained' | 'rows_missing' | null;
  verifiedAt: string;
}

/**
 * Recomputes every row's hash in the database, checks each link to its predecessor, and checks
 * that the chain ends where its head says (rows cut off the end would otherwise go unnoticed).
 */
export async function verifyChain(db: Db): Promise<ChainVerification> {
  const result = await sql<{ chain_seq: number | null; seq: number; hash_ok: boolean; link_ok: boolean }>`
    select chain_seq, seq,
      coalesce(hash = encode(sha256(convert_to(audit_row_text(a), 'UTF8')), 'hex'), false) as hash_ok,
      coalesce(prev_hash = coalesce(lag(hash) over (order by chain_seq), repeat('0', 64)), false)
        and chain_seq = coalesce(lag(chain_seq) over (order by chain_seq), 0) + 1 as link_ok
    from audit_log a
    order by chain_seq nulls first`.execute(db);
  const head = await db.selectFrom('audit_chain_head').select(['chain_seq', 'hash']).executeTakeFirst();
  let broken: { seq: number; reason: NonNullable<ChainVerification['reason']> } | null = null;
  for (const row of result.rows) {
    if (row.chain_seq === null) {
      broken = { seq: row.seq, reason: 'unchained' };
      break;
    }
    if (!row.hash_ok) {
      broken = { seq: row.chain_seq, reason: 'hash_mismatch' };
      break;
    }
    if (!row.link_ok) {
      broken = { seq: row.chain_seq, reason: 'link_mismatch' };
      break;
    }
  }
  const last = result.rows.at(-1);
  if (!broken && head && (last?.chain_seq ?? 0) !== head.chain_seq) {
    broken = { seq: (last?.chain_seq ?? 0) + 1, reason: 'rows_missing' };
  }
  return {
    intact: broken === null,
    rows: result.rows.length,
    firstBrokenSeq: broken?.seq ?? null,
    reason: broken?.reason ?? null,
    verifiedAt: new Date().toISOString(),
  };
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
    .selectFrom('audit_log')
    .selectAll()
    // System events belong to no authority and are shown to all; failed sign-ins that matched no
    // account belong to no authority either, but are nobody's business outside operations.
    .where((eb) =>
      eb.or([
        eb('authority_id', '=', q.authorityId),
        eb.and([eb('authority_id', 'is', null), eb('action', 'not like', 'auth.%')]),
      ]),
    )
    .orderBy('seq', 'desc')
    .limit(q.limit);
  if (q.personId) query = query.where('subject_person_id', '=', q.personId);
  if (q.userId) query = query.where('actor_user_id', '=', q.userId);
  if (q.username) query = query.where(sql`lower(actor_username)`, '=', q.username.toLowerCase());
  if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('resource_id', '=', q.resourceId);
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.from) query = query.where('occurred_at', '>=', q.from);
  if (q.to) query = query.where('occurred_at', '<', q.to);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query.execute();
}
