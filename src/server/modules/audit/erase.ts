import { sql } from 'kysely';
import { localDate, zonedDateTimeToInstant } from '../../../core/time';
import type { Db } from '../../db/database';
import { recordAudit, SYSTEM_ACTOR } from './service';

/**
 * Retention of the audit trail: delete the payloads, keep the links (ADR 15).
 *
 * After AUDIT_RETENTION_YEARS a row loses its personal payload — who acted (user id, name, kit),
 * whom it was about (resource id, person), why, before/after, details, request id — and the salt
 * of its payload digest. What stays: time, action, kind of record, role, result, error code and
 * the two digests the chain links, so every link stays verifiable and the verifier can tell an
 * erased row (allowed once its period is over, counted) from a changed one.
 */

/**
 * The first instant that is still inside the retention period on the day of `now` (Berlin): rows
 * before it are due. The period is counted as §§ 187, 188 BGB count periods — the day of the event
 * is not counted, the period ends with the day that has the same date `years` later (or the last
 * day of that month) — so a row of 10 March 2026 is due on 11 March 2027, not a day earlier.
 */
export function erasableBefore(now: Date, years: number): Date {
  const [y, m, d] = localDate(now).split('-').map(Number) as [number, number, number];
  const year = y - years;
  // 29 February in a year without it: the period ends on 28 February, due from 1 March.
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const date =
    d > lastDay
      ? `${year}-${String(m + 1).padStart(2, '0')}-01`
      : `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return zonedDateTimeToInstant(date, '00:00');
}

export interface EraseResult {
  /** Rows whose payload was erased in this run. */
  erased: number;
  batches: number;
}

/**
 * Erases the personal payload of every audit row that occurred before `before`, in batches of
 * `batchSize` (at most `maxBatches` of them in one run), one transaction each together with an
 * audit row that records the count. Idempotent
 * (erased rows are left alone) and safe to interrupt (every batch is whole or not at all); rows
 * another process is erasing at the same moment are skipped, not waited for.
 */
export async function eraseAuditPayloads(
  db: Db,
  options: { before: Date; batchSize?: number; maxBatches?: number },
): Promise<EraseResult> {
  const batchSize = options.batchSize ?? 5000;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  let erased = 0;
  let batches = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      const result = await sql<{ seq: number }>`
        with due as (
          select seq from audit_log
           where erased_at is null and occurred_at < ${options.before}
           order by occurred_at
           limit ${batchSize}
           for update skip locked)
        update audit_log a
           set payload_salt = null, actor_user_id = null, actor_username = null, actor_kit_id = null,
               resource_id = null, subject_person_id = null, reason = null, before = null, after = null,
               details = null, request_id = null, erased_at = now()
          from due where a.seq = due.seq
        returning a.seq`.execute(trx);
      const n = result.rows.length;
      if (n > 0) {
        await recordAudit(trx, SYSTEM_ACTOR, {
          action: 'audit.erase',
          resourceType: 'audit_log',
          details: { rows: n, before: options.before.toISOString() },
        });
      }
      return n;
    });
    if (count === 0) break;
    erased += count;
    batches++;
    if (count < batchSize || batches >= maxBatches) break;
  }
  return { erased, batches };
}

/** The daily job: erases what is due today under AUDIT_RETENTION_YEARS. */
export async function applyAuditRetention(db: Db, years: number, now = new Date()): Promise<EraseResult> {
  return eraseAuditPayloads(db, { before: erasableBefore(now, years) });
}
