import { localDate, zonedParts } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { enqueueJob } from '../../jobs/runner';
import { runRetention } from './runner';

/**
 * Once a night, and only once across all server processes: every process checks every few
 * minutes; after 02:00 (Europe/Berlin) the first that inserts the night's row in
 * `retention_runs` enqueues the run as a job. The job queue hands it to one process (SKIP LOCKED
 * lease) and retries it when that process dies; the run itself is safe to repeat (ADR 21).
 */
export const RETENTION_JOB = 'retention.run';
export const RETENTION_HOUR = 2;

export async function scheduleNightlyRetention(db: Db, now = new Date()): Promise<boolean> {
  if (zonedParts(now).hour < RETENTION_HOUR) return false;
  const night = localDate(now);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('retention_runs')
      .values({ night, finished_at: null, result: null })
      .onConflict((oc) => oc.column('night').doNothing())
      .returning('night')
      .executeTakeFirst();
    if (!inserted) return false;
    await enqueueJob(trx, { type: RETENTION_JOB, payload: { night }, dedupeKey: `retention:${night}` });
    return true;
  });
}

export async function runNightlyRetention(db: Db, config: AppConfig, night: string): Promise<void> {
  const result = await runRetention(db, {
    batchSize: config.retentionBatchSize,
    periods: retentionPeriods(config),
    dataDir: config.dataDir,
  });
  await db
    .updateTable('retention_runs')
    .set({ finished_at: new Date(), result: JSON.stringify(result) })
    .where('night', '=', night)
    .execute();
}

export function retentionPeriods(config: AppConfig) {
  return {
    caseRetentionYears: config.caseRetentionYears,
    cashRecordsRetentionYears: config.cashRecordsRetentionYears,
  };
}
