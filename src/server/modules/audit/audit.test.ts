import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { linkAllPendingAuditRows, linkPendingAuditRows } from './chain';
import { loadAuditKeys } from './keys';
import { recordAudit, SYSTEM_ACTOR } from './service';
import { linkAndVerifyAudit } from './test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('audit trail', () => {
  it('links every committed row to the one before with an HMAC and verifies intact', async () => {
    const auditor = await t.login('auditor');
    for (let i = 0; i < 5; i++) {
      await recordAudit(
        t.db,
        { ...SYSTEM_ACTOR, authorityId: null },
        {
          action: 'test.event',
          resourceType: 'test',
          resourceId: String(i),
          after: { i, text: 'Grüße aus Schönberg' },
        },
      );
    }
    const unlinked = await t.db
      .selectFrom('audit_log as a')
      .leftJoin('audit_chain as c', 'c.audit_seq', 'a.seq')
      .select(['c.chain_seq'])
      .where('a.action', '=', 'test.event')
      .execute();
    expect(unlinked.every((r) => r.chain_seq === null)).toBe(true);
    await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
    const rows = await t.db
      .selectFrom('audit_chain as c')
      .innerJoin('audit_log as a', 'a.seq', 'c.audit_seq')
      .select(['c.chain_seq', 'c.prev_hash', 'c.hash', 'c.key_id', 'a.action', 'a.resource_id'])
      .orderBy('c.chain_seq')
      .execute();
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.chain_seq).toBe(rows[i - 1]!.chain_seq + 1);
      expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    }
    expect(rows.filter((r) => r.action === 'test.event').map((r) => r.resource_id)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(rows.at(-1)!.key_id).toBe(loadAuditKeys(t.config).hmacKeyId);
    const res = await auditor.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ intact: true, firstBrokenSeq: null, problems: [] });
    expect(res.json().rows).toBe(rows.length);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows and of links', async () => {
    await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.locked', resourceType: 'test' });
    await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
    await expect(
      sql`update audit_log set action = 'forged' where seq = (select min(seq) from audit_log)`.execute(t.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_chain set hash = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_chain`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_chain_head set chain_seq = 0`.execute(t.db)).rejects.toThrow(/forward/);
    // Only the erasure of a whole payload, digests kept, passes the trigger.
    await expect(
      sql`update audit_log set actor_username = null, erased_at = now() where action = 'test.locked'`.execute(
        t.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('links several rows of one transaction in insertion order', async () => {
    await t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.tx.1', resourceType: 'test' });
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.tx.2', resourceType: 'test' });
    });
    await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
    const rows = await t.db
      .selectFrom('audit_log as a')
      .innerJoin('audit_chain as c', 'c.audit_seq', 'a.seq')
      .select(['a.action', 'c.chain_seq'])
      .where('a.action', 'like', 'test.tx.%')
      .orderBy('c.chain_seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['test.tx.1', 'test.tx.2']);
    expect(rows[1]!.chain_seq).toBe(rows[0]!.chain_seq + 1);
  });

  it('forgets nothing of a rolled-back transaction and keeps the chain intact', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.rolled_back', resourceType: 'test' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(
      await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.rolled_back').execute(),
    ).toEqual([]);
    expect((await linkAndVerifyAudit(t)).intact).toBe(true);
  });

  it('records a failed change even though its transaction rolled back', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/staff', { username: 'x', displayName: 'zu kurz', roles: ['clerk'] });
    expect(res.statusCode).toBe(400);
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'staff.create')
      .where('actor_user_id', '=', admin.userId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ result: 'failure', error_code: 'VALIDATION_FAILED', actor_role: 'admin' });
  });

  it('records refusals of signed-in staff with who, what and the reason header', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.get('/api/staff', {
      'x-audit-reason': encodeURIComponent('Prüfung für Vorgang 12'),
    });
    expect(res.statusCode).toBe(403);
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_user_id', '=', clerk.userId!)
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(row.reason).toBe('Prüfung für Vorgang 12');
    expect(row.error_code).toBe('FORBIDDEN');
  });

  it('lets only auditors search, filtered by person, user, resource and period, and records the search', async () => {
    const personId = '01900000-0000-7000-8000-00000000beef';
    await recordAudit(
      t.db,
      { ...SYSTEM_ACTOR, authorityId: '01900000-0000-7000-8000-000000000001', username: 'sb.clerk' },
      {
        action: 'register.person.read',
        resourceType: 'person',
        resourceId: personId,
        subjectPersonId: personId,
      },
    );
    const clerk = await t.login('clerk');
    expect((await clerk.get('/api/audit')).statusCode).toBe(403);
    const auditor = await t.login('auditor');
    const today = localDate(new Date());
    const byPerson = await auditor.get(`/api/audit?personId=${personId}&from=${today}&to=${today}`);
    expect(byPerson.statusCode).toBe(200);
    expect(byPerson.json().entries.map((e: { action: string }) => e.action)).toEqual([
      'register.person.read',
    ]);
    expect(byPerson.json().entries[0]).toMatchObject({ chainSeq: null, hash: null, erased: false });
    await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
    const linked = (await auditor.get(`/api/audit?personId=${personId}`)).json().entries;
    expect(
      linked.find((e: { action: string }) => e.action === 'register.person.read').chainSeq,
    ).toBeGreaterThan(0);
    const byUser = await auditor.get('/api/audit?username=SB.CLERK');
    expect(byUser.json().entries).toHaveLength(1);
    const byResource = await auditor.get(`/api/audit?resourceType=person&resourceId=${personId}`);
    expect(byResource.json().entries).toHaveLength(1);
    const empty = await auditor.get(`/api/audit?personId=${personId}&from=2020-01-01&to=2020-01-02`);
    expect(empty.json().entries).toEqual([]);
    const bad = await auditor.get('/api/audit?from=gestern');
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const searches = await t.db
      .selectFrom('audit_log')
      .select(['subject_person_id'])
      .where('action', '=', 'audit.search')
      .where('actor_user_id', '=', auditor.userId!)
      .execute();
    expect(searches.length).toBeGreaterThanOrEqual(4);
    expect(searches.some((s) => s.subject_person_id === personId)).toBe(true);
  });

  it('shows the chain’s state to auditors: rows not linked yet, lag and checkpoints', async () => {
    const auditor = await t.login('auditor');
    await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.pending', resourceType: 'test' });
    const before = (await auditor.get('/api/audit/chain')).json();
    expect(before.pending).toBeGreaterThanOrEqual(1);
    expect(before.oldestPendingAt).not.toBeNull();
    expect(before.hmacKeyId).toBe(loadAuditKeys(t.config).hmacKeyId);
    expect(before.signingKeys[0].pem).toContain('BEGIN PUBLIC KEY');
    await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
    const after = (await auditor.get('/api/audit/chain')).json();
    expect(after.pending).toBe(0);
    expect(after.linked).toBeGreaterThan(before.linked);
    expect(after.lagP99Ms).toBeGreaterThanOrEqual(0);
    expect((await (await t.login('clerk')).get('/api/audit/chain')).statusCode).toBe(403);
  });

  it('keeps the chain intact under concurrent writers, also when a long transaction commits last', async () => {
    const slow = t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.slow', resourceType: 'test' });
      await new Promise((r) => setTimeout(r, 200));
    });
    const keys = loadAuditKeys(t.config);
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        t.db.transaction().execute(async (trx) => {
          await recordAudit(trx, SYSTEM_ACTOR, {
            action: 'test.concurrent',
            resourceType: 'test',
            resourceId: String(i),
          });
        }),
      ),
      linkPendingAuditRows(t.db, keys),
      linkPendingAuditRows(t.db, keys),
    ]);
    await slow;
    const result = await linkAndVerifyAudit(t);
    expect(result).toMatchObject({ intact: true, pending: 0 });
    const slowFirst = await sql<{ before: boolean }>`
      select (select c.chain_seq from audit_chain c join audit_log a on a.seq = c.audit_seq where a.action = 'test.slow')
           < (select min(c.chain_seq) from audit_chain c join audit_log a on a.seq = c.audit_seq where a.action = 'test.concurrent') as before`.execute(
      t.db,
    );
    // The slow transaction wrote first, so its id is lower: it comes first although it committed last.
    expect(slowFirst.rows[0]!.before).toBe(true);
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)(
    'links nothing of later transactions while an earlier one is still open (PostgreSQL)',
    async () => {
      const keys = loadAuditKeys(t.config);
      await linkAllPendingAuditRows(t.db, keys);
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let written!: () => void;
      const wrote = new Promise<void>((r) => {
        written = r;
      });
      const early = t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.early', resourceType: 'test' });
        written();
        await held;
      });
      await wrote;
      await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.late', resourceType: 'test' });
      expect((await linkPendingAuditRows(t.db, keys)).linked).toBe(0);
      release();
      await early;
      await linkAllPendingAuditRows(t.db, keys);
      const order = await t.db
        .selectFrom('audit_chain as c')
        .innerJoin('audit_log as a', 'a.seq', 'c.audit_seq')
        .select(['a.action'])
        .where('a.action', 'in', ['test.early', 'test.late'])
        .orderBy('c.chain_seq')
        .execute();
      expect(order.map((r) => r.action)).toEqual(['test.early', 'test.late']);
    },
  );
});
