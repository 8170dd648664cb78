import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../modules/places/demo-ids';
import { createTestApp, type TestApp } from '../../test/test-app';

/**
 * The audit trail attacked from the request side: reasons that would break the insert, denied
 * and failed requests, and a database that refuses the audit row.
 */
let t: TestApp;
let personId: string;
beforeAll(async () => {
  t = await createTestApp();
  const person = await t.db
    .selectFrom('register_persons')
    .select('id')
    .where('authority_id', '=', DEMO.authorityMeerane)
    .limit(1)
    .executeTakeFirstOrThrow();
  personId = person.id;
});
afterAll(async () => t?.close());

async function rowsOf(requestId: unknown) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('request_id', '=', String(requestId))
    .orderBy('seq')
    .execute();
}

describe('X-Audit-Reason', () => {
  it.each([
    ['a NUL byte', 'Prüfung%00'],
    ['a line break', 'Prüfung%0Aforged: yes'],
    ['an escape sequence', '%1B%5B31mrot'],
    ['a raw control character', 'Pr\u0007fung'],
  ])('refuses %s with 400 before the handler runs, and records the refusal', async (_label, reason) => {
    const clerk = await t.login('clerk');
    const res = await clerk.get(`/api/register/persons/${personId}`, { 'x-audit-reason': reason });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: '/headers/x-audit-reason', code: 'controlCharacter' }),
    ]);
    const rows = await rowsOf(res.headers['x-request-id']);
    // No read took place (the handler did not run), but the refused attempt is on record.
    expect(rows.map((r) => [r.action, r.result, r.error_code])).toEqual([
      ['register.read', 'failure', 'VALIDATION_FAILED'],
    ]);
    expect(rows[0]!.actor_user_id).toBe(clerk.userId);
    expect(rows[0]!.reason).toBeNull();
  });

  it('refuses a reason longer than 500 characters instead of cutting it', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.get(`/api/register/persons/${personId}`, {
      'x-audit-reason': encodeURIComponent('ä'.repeat(501)),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: '/headers/x-audit-reason', code: 'maxLength' });
  });

  it('keeps a well-formed reason with umlauts', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.get(`/api/register/persons/${personId}`, {
      'x-audit-reason': encodeURIComponent('Anfrage Bürgerin, Meldebescheinigung'),
    });
    expect(res.statusCode).toBe(200);
    const rows = await rowsOf(res.headers['x-request-id']);
    expect(rows.map((r) => r.reason)).toContain('Anfrage Bürgerin, Meldebescheinigung');
  });
});

describe('denied and failed requests', () => {
  it('records a denied request whose reason carries a NUL byte', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.get('/api/audit', { 'x-audit-reason': 'neugierig%00' });
    expect(res.statusCode).toBe(400);
    const rows = await rowsOf(res.headers['x-request-id']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: clerk.userId, result: 'failure' });
  });

  it('records a colleague’s refused look into the register (403) and the anonymous attempt (401)', async () => {
    const hotline = await t.login('hotline');
    const denied = await hotline.get(`/api/register/persons/${personId}?purpose=neugierig`);
    expect(denied.statusCode).toBe(403);
    expect((await rowsOf(denied.headers['x-request-id'])).map((r) => [r.result, r.error_code])).toEqual([
      ['denied', 'FORBIDDEN'],
    ]);
    const anonymous = await t.anonymous().get(`/api/register/persons/${personId}?purpose=neugierig`);
    expect(anonymous.statusCode).toBe(401);
    expect((await rowsOf(anonymous.headers['x-request-id'])).map((r) => [r.result, r.error_code])).toEqual([
      ['denied', 'AUTH_REQUIRED'],
    ]);
  });

  it('records an expired session’s request on any staff route', async () => {
    const coordinator = await t.login('coordinator');
    await coordinator.post('/api/auth/logout');
    const res = await coordinator.get('/api/kits');
    expect(res.json().code).toBe('SESSION_EXPIRED');
    expect((await rowsOf(res.headers['x-request-id'])).map((r) => r.result)).toEqual(['denied']);
  });
});

describe('when the audit row cannot be written', () => {
  let broken: TestApp;
  beforeAll(async () => {
    broken = await createTestApp();
    // Someone with write access to the database makes audit inserts of one marked reason fail.
    await sql`
      create function refuse_marked_audit() returns trigger language plpgsql as $$
      begin
        if new.reason = 'audit-kaputt' then raise exception 'audit storage refused'; end if;
        return new;
      end $$;
      create trigger refuse_marked_audit before insert on audit_log
        for each row execute function refuse_marked_audit();`.execute(broken.db);
  });
  afterAll(async () => broken?.close());

  it('does not serve a read of personal data (503, nothing of the record in the answer)', async () => {
    const clerk = await broken.login('clerk');
    const person = await broken.db
      .selectFrom('register_persons')
      .select(['id', 'family_name'])
      .limit(1)
      .executeTakeFirstOrThrow();
    const res = await clerk.get(`/api/register/persons/${person.id}`, { 'x-audit-reason': 'audit-kaputt' });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body).not.toContain(person.family_name);
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('turns a denial it cannot record into 503', async () => {
    const hotline = await broken.login('hotline');
    const res = await hotline.get('/api/register/persons?familyName=Muster', {
      'x-audit-reason': 'audit-kaputt',
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
  });

  it('turns a failed request it cannot record into 503', async () => {
    const admin = await broken.login('admin');
    const res = await admin.post('/api/staff', { username: 'x' }, { 'x-audit-reason': 'audit-kaputt' });
    expect(res.statusCode).toBe(503);
  });

  it('turns a change it cannot record into 503 and keeps nothing of the change', async () => {
    const admin = await broken.login('admin');
    const res = await admin.post(
      '/api/staff',
      { username: 'nie.gespeichert', displayName: 'Nie', roles: ['clerk'] },
      { 'x-audit-reason': 'audit-kaputt' },
    );
    expect(res.statusCode).toBe(503);
    const row = await broken.db
      .selectFrom('staff_users')
      .select('id')
      .where('username', '=', 'nie.gespeichert')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
