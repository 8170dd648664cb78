import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { recordAudit, SYSTEM_ACTOR } from './service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('audit trail', () => {
  it('chains every row to the one before and verifies intact', async () => {
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
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['seq', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const res = await auditor.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect(res.json().rows).toBeGreaterThanOrEqual(5);
  });

  it('refuses UPDATE and DELETE of audit rows', async () => {
    await expect(
      sql`update audit_log set action = 'forged' where seq = (select min(seq) from audit_log)`.execute(t.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('detects a row changed behind the trigger’s back', async () => {
    const other = await createTestApp();
    try {
      await recordAudit(other.db, SYSTEM_ACTOR, { action: 'test.a', resourceType: 'test' });
      await recordAudit(other.db, SYSTEM_ACTOR, { action: 'test.b', resourceType: 'test' });
      await recordAudit(other.db, SYSTEM_ACTOR, { action: 'test.c', resourceType: 'test' });
      const target = await other.db
        .selectFrom('audit_log')
        .select(['seq', 'chain_seq'])
        .where('action', '=', 'test.b')
        .executeTakeFirstOrThrow();
      // A database superuser can switch the trigger off; the chain still tells.
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(other.db);
      await sql`update audit_log set reason = 'nachträglich geändert' where seq = ${target.seq}`.execute(
        other.db,
      );
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(other.db);
      const auditor = await other.login('auditor');
      const res = (await auditor.get('/api/audit/verify')).json();
      expect(res).toMatchObject({ intact: false, firstBrokenSeq: target.chain_seq, reason: 'hash_mismatch' });
    } finally {
      await other.close();
    }
  });

  it('detects rows cut off the end of the chain', async () => {
    const other = await createTestApp();
    try {
      await recordAudit(other.db, SYSTEM_ACTOR, { action: 'test.a', resourceType: 'test' });
      await recordAudit(other.db, SYSTEM_ACTOR, { action: 'test.last', resourceType: 'test' });
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(other.db);
      await sql`delete from audit_log where action = 'test.last'`.execute(other.db);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(other.db);
      const auditor = await other.login('auditor');
      expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({
        intact: false,
        reason: 'rows_missing',
      });
    } finally {
      await other.close();
    }
  });

  it('chains several rows of one transaction in order, at commit', async () => {
    await t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.tx.1', resourceType: 'test' });
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.tx.2', resourceType: 'test' });
      const inFlight = await trx
        .selectFrom('audit_log')
        .select(['hash'])
        .where('action', 'like', 'test.tx.%')
        .execute();
      expect(inFlight.every((r) => r.hash === null)).toBe(true);
    });
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'chain_seq', 'hash'])
      .where('action', 'like', 'test.tx.%')
      .orderBy('chain_seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['test.tx.1', 'test.tx.2']);
    expect(rows.every((r) => r.hash !== null)).toBe(true);
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
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json().intact).toBe(true);
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

  it('keeps the chain intact under concurrent writers, also when a long transaction commits last', async () => {
    const slow = t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'test.slow', resourceType: 'test' });
      await new Promise((r) => setTimeout(r, 200));
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.db.transaction().execute(async (trx) => {
          await recordAudit(trx, SYSTEM_ACTOR, {
            action: 'test.concurrent',
            resourceType: 'test',
            resourceId: String(i),
          });
        }),
      ),
    );
    await slow;
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json().intact).toBe(true);
  });
});
