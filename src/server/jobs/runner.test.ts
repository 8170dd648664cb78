import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app';
import { enqueueJob, JobRunner } from './runner';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ template: 'empty' });
});
afterAll(async () => t?.close());

describe('job queue', () => {
  it('runs a job once, retries a failing one with back-off and gives up after max attempts', async () => {
    const runner = new JobRunner(t.db, t.app.log);
    const seen: string[] = [];
    let flaky = 0;
    runner.register('test.ok', async (p) => {
      seen.push(p.name);
    });
    runner.register('test.flaky', async () => {
      flaky++;
      throw new Error('SMTP down');
    });
    await enqueueJob(t.db, { type: 'test.ok', payload: { name: 'a' } });
    await enqueueJob(t.db, { type: 'test.flaky', maxAttempts: 2 });
    await runner.runDue();
    expect(seen).toEqual(['a']);
    expect(flaky).toBe(1);
    let job = await t.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'test.flaky')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMTP down' });
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    await t.db.updateTable('jobs').set({ run_at: new Date() }).where('id', '=', job.id).execute();
    await runner.runDue();
    job = await t.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('failed');
    await runner.runDue();
    expect(flaky).toBe(2);
  });

  it('keeps one pending job per de-duplication key', async () => {
    await enqueueJob(t.db, { type: 'test.dedupe', dedupeKey: 'reminder:1' });
    await enqueueJob(t.db, { type: 'test.dedupe', dedupeKey: 'reminder:1' });
    const n = await t.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dedupe_key', '=', 'reminder:1')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('takes over a job whose worker died (lease expired)', async () => {
    const runner = new JobRunner(t.db, t.app.log);
    let runs = 0;
    runner.register('test.lease', async () => {
      runs++;
    });
    await enqueueJob(t.db, { type: 'test.lease' });
    await t.db
      .updateTable('jobs')
      .set({ status: 'running', locked_until: new Date(Date.now() - 1000), attempts: 1 })
      .where('type', '=', 'test.lease')
      .execute();
    await runner.runDue();
    expect(runs).toBe(1);
  });

  it('runs a periodic task once per period across processes sharing the database', async () => {
    // Three runners stand for three server processes on one database (ADR 25).
    const runs: string[] = [];
    const runners = ['a', 'b', 'c'].map((name) => {
      const runner = new JobRunner(t.db, t.app.log);
      runner.every('test.periodic', 60_000, async () => {
        runs.push(name);
      });
      return runner;
    });
    await Promise.all(runners.map((r) => r.runDue()));
    expect(runs).toHaveLength(1);
    // Again within the period: nobody runs it, also not a runner that had not asked yet.
    await Promise.all(runners.map((r) => r.runDue()));
    expect(runs).toHaveLength(1);
    // The period ends: exactly one runs it again.
    await t.db
      .updateTable('periodic_runs')
      .set({ next_run_at: new Date(Date.now() - 1000) })
      .where('name', '=', 'test.periodic')
      .execute();
    await Promise.all(runners.map((r) => r.runDue(Date.now() + 120_000)));
    expect(runs).toHaveLength(2);
    const row = await t.db
      .selectFrom('periodic_runs')
      .selectAll()
      .where('name', '=', 'test.periodic')
      .executeTakeFirstOrThrow();
    expect(row.next_run_at.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(row.last_runner).toMatch(/:\d+$/);
  });
});
