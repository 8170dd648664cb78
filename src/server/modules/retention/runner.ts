import {
  RETENTION_SCHEDULE,
  type RetentionPeriods,
  type RetentionRule,
} from '../../../core/retention/schedule';
import { localDate } from '../../../core/time';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '../audit/service';
import { RETENTION_HANDLERS, type RetentionContext } from './handlers';

/**
 * The retention run (ADR 21): for each row of the schedule that it runs itself, in the order of
 * the schedule, it handles due records in batches — one transaction per batch, rows taken with
 * SKIP LOCKED, an audit row with the count in the same transaction. Interrupted at any point
 * (crash, shutdown, a second process), it loses nothing and repeats nothing: each committed batch
 * is done, and a rerun finds only what is still due. A dry run counts what is due and changes
 * nothing.
 */

export interface RetentionOptions {
  now?: Date;
  dryRun?: boolean;
  batchSize: number;
  periods: RetentionPeriods;
  dataDir: string;
  /** Only these kinds (tests, the CLI). */
  kinds?: string[];
  actor?: AuditActor;
  /** Called between batches; returning true stops the run (shutdown). */
  shouldStop?: () => boolean;
}

export interface RetentionKindResult {
  kind: string;
  due?: number;
  done?: number;
  batches?: number;
}

export interface RetentionResult {
  today: string;
  dryRun: boolean;
  stopped: boolean;
  kinds: RetentionKindResult[];
}

export function runnableRules(kinds?: string[]): RetentionRule[] {
  return RETENTION_SCHEDULE.filter((r) => r.runBy === 'retention' && (!kinds || kinds.includes(r.kind)));
}

export async function runRetention(db: Db, options: RetentionOptions): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const ctx: RetentionContext = { today: localDate(now), periods: options.periods, dataDir: options.dataDir };
  const actor = options.actor ?? SYSTEM_ACTOR;
  const result: RetentionResult = { today: ctx.today, dryRun: !!options.dryRun, stopped: false, kinds: [] };
  for (const rule of runnableRules(options.kinds)) {
    const handler = RETENTION_HANDLERS[rule.kind];
    if (!handler) throw new Error(`retention rule ${rule.kind} has no handler`);
    if (options.dryRun) {
      result.kinds.push({ kind: rule.kind, due: await handler.count(db, ctx) });
      continue;
    }
    let done = 0;
    let batches = 0;
    for (;;) {
      if (options.shouldStop?.()) {
        result.stopped = true;
        break;
      }
      const batch = await inTransaction(db, async (trx) => {
        const b = await handler.batch(trx, ctx, options.batchSize);
        if (b.count > 0) {
          await recordAudit(trx, actor, {
            action: 'retention.apply',
            resourceType: 'retention',
            resourceId: rule.kind,
            details: {
              kind: rule.kind,
              action: rule.action,
              count: b.count,
              today: ctx.today,
              basis: rule.basis,
            },
          });
        }
        return b;
      });
      if (batch.count > 0) {
        done += batch.count;
        batches++;
      }
      await batch.after?.(db);
      if (batch.count < options.batchSize) break;
    }
    result.kinds.push({ kind: rule.kind, done, batches });
    if (result.stopped) break;
  }
  return result;
}
