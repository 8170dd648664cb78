import { describe, expect, it } from 'vitest';
import { addDays, localDate, zonedDateTimeToInstant } from '../../../core/time';
import { createTestApp } from '../../test/test-app';
import { linkAllPendingAuditRows } from './chain';
import { applyAuditRetention, erasableBefore, eraseAuditPayloads } from './erase';
import { loadAuditKeys } from './keys';
import { recordAudit, SYSTEM_ACTOR } from './service';
import { verifyAuditChain } from './verify';

/** The same calendar date `years` later (29 February becomes 28 February). */
function sameDateLater(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

describe('the period after which audit payloads are erased (§§ 187, 188 BGB)', () => {
  const at = (date: string, time = '12:00') => zonedDateTimeToInstant(date, time);

  it('makes a row of 10 March due on 11 March a year later, not a day earlier', () => {
    expect(erasableBefore(at('2027-03-10'), 1)).toEqual(at('2026-03-10', '00:00'));
    expect(erasableBefore(at('2027-03-11', '00:30'), 1)).toEqual(at('2026-03-11', '00:00'));
    // a row of 2026-03-10 23:59 is before the second cutoff, not before the first
    const row = at('2026-03-10', '23:59');
    expect(row < erasableBefore(at('2027-03-10', '23:59'), 1)).toBe(false);
    expect(row < erasableBefore(at('2027-03-11', '00:01'), 1)).toBe(true);
  });

  it('counts in Berlin time across daylight saving and leap days', () => {
    expect(erasableBefore(at('2027-10-31', '23:30'), 1)).toEqual(at('2026-10-31', '00:00'));
    // 29 Feb 2028: the period of a row of 28 Feb 2027 ended on 28 Feb 2028
    expect(erasableBefore(at('2028-02-29'), 1)).toEqual(at('2027-03-01', '00:00'));
    // a row of 29 Feb 2028 is due on 1 March 2029
    expect(erasableBefore(at('2029-02-28'), 1)).toEqual(at('2028-02-28', '00:00'));
    expect(erasableBefore(at('2029-03-01'), 1)).toEqual(at('2028-03-01', '00:00'));
    expect(erasableBefore(at('2036-06-01'), 10)).toEqual(at('2026-06-01', '00:00'));
  });
});

describe('erasing audit payloads after the retention period', () => {
  it('erases a row on the right day and not a day earlier, keeps every link verifiable, and is idempotent', async () => {
    const t = await createTestApp();
    try {
      const keys = loadAuditKeys(t.config);
      const personId = '01900000-0000-7000-8000-00000000e1a5';
      await recordAudit(
        t.db,
        { ...SYSTEM_ACTOR, username: 'sb.clerk', reason: 'Auskunft für Vorgang 7' },
        {
          action: 'register.person.read',
          resourceType: 'person',
          resourceId: personId,
          subjectPersonId: personId,
          details: { purpose: 'Test' },
        },
      );
      await linkAllPendingAuditRows(t.db, keys);
      const row = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject_person_id', '=', personId)
        .executeTakeFirstOrThrow();
      const eventDay = localDate(row.occurred_at);
      const dayBefore = zonedDateTimeToInstant(sameDateLater(eventDay, 1), '23:30');
      const dueDay = zonedDateTimeToInstant(addDays(sameDateLater(eventDay, 1), 1), '00:30');
      const options = {
        checkpointFile: t.config.auditCheckpointFile,
        retentionYears: t.config.auditRetentionYears,
      };

      // Rows written before the event's day (the test database's seed, when the test runs across
      // midnight) are due a day earlier; the row itself is not.
      const earlier = await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('occurred_at', '<', erasableBefore(dayBefore, 1))
        .where('erased_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect((await applyAuditRetention(t.db, 1, dayBefore)).erased).toBe(Number(earlier.n));
      expect(
        (
          await t.db
            .selectFrom('audit_log')
            .select('erased_at')
            .where('seq', '=', row.seq)
            .executeTakeFirstOrThrow()
        ).erased_at,
      ).toBeNull();

      const first = await applyAuditRetention(t.db, 1, dueDay);
      expect(first.erased).toBeGreaterThanOrEqual(1);
      const erased = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', row.seq)
        .executeTakeFirstOrThrow();
      expect(erased).toMatchObject({
        actor_username: null,
        subject_person_id: null,
        resource_id: null,
        reason: null,
        details: null,
        payload_salt: null,
        action: 'register.person.read',
        result: 'success',
        payload_hash: row.payload_hash,
        content_hash: row.content_hash,
      });
      expect(erased.erased_at).not.toBeNull();
      // The erasure is recorded, with the count and without anybody's data.
      const record = await t.db
        .selectFrom('audit_log')
        .select(['details', 'actor_username'])
        .where('action', '=', 'audit.erase')
        .executeTakeFirstOrThrow();
      expect(record.details).toMatchObject({ rows: first.erased });
      // Nobody finds the person in the trail any more.
      expect(
        await t.db.selectFrom('audit_log').select('seq').where('subject_person_id', '=', personId).execute(),
      ).toEqual([]);

      await linkAllPendingAuditRows(t.db, keys);
      const verified = await verifyAuditChain(t.db, keys, { ...options, now: dueDay });
      expect(verified).toMatchObject({ intact: true, problems: [] });
      expect(verified.erased).toBe(first.erased);
      // Judged by today's date, the same erasure came too early.
      expect((await verifyAuditChain(t.db, keys, options)).reason).toBe('erased_early');

      // Again: nothing erased twice; only what became due since (the first run's own record).
      const due = await t.db
        .selectFrom('audit_log')
        .select('seq')
        .where('erased_at', 'is', null)
        .where('occurred_at', '<', erasableBefore(dueDay, 1))
        .execute();
      expect(due.length).toBe(1);
      expect(await applyAuditRetention(t.db, 1, dueDay)).toEqual({ erased: 1, batches: 1 });
    } finally {
      await t.close();
    }
  });

  it('survives an interruption between batches and finishes the rest next time', async () => {
    const t = await createTestApp();
    try {
      const keys = loadAuditKeys(t.config);
      for (let i = 0; i < 7; i++)
        await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.batch', resourceType: 'test' });
      const total = Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      // Everything written so far is due; the erasure's own records (written later) are not.
      await new Promise((r) => setTimeout(r, 5));
      const before = new Date();
      const part = await eraseAuditPayloads(t.db, { before, batchSize: 3, maxBatches: 1 });
      expect(part).toEqual({ erased: 3, batches: 1 });
      await linkAllPendingAuditRows(t.db, keys);
      const future = new Date(Date.now() + 3 * 365 * 86_400_000);
      const midway = await verifyAuditChain(t.db, keys, {
        checkpointFile: t.config.auditCheckpointFile,
        now: future,
      });
      expect(midway).toMatchObject({ intact: true, erased: 3 });
      const rest = await eraseAuditPayloads(t.db, { before, batchSize: 3 });
      expect(rest.erased).toBe(total - 3);
      await linkAllPendingAuditRows(t.db, keys);
      const done = await verifyAuditChain(t.db, keys, {
        checkpointFile: t.config.auditCheckpointFile,
        now: future,
      });
      expect(done).toMatchObject({ intact: true, erased: total });
      const records = await t.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'audit.erase')
        .execute();
      expect(records.reduce((sum, r) => sum + ((r.details as { rows?: number } | null)?.rows ?? 0), 0)).toBe(
        total,
      );
    } finally {
      await t.close();
    }
  });
});
