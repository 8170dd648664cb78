import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../bootstrap';
import { SESSION_COOKIE } from '../../http/auth';
import { createTestApp, makeAgent, sessionCookieFrom, type TestApp } from '../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { loginMaxFailures: 3, loginLockoutMinutes: 15 } });
});
afterAll(async () => t?.close());

async function signIn(username: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookie = sessionCookieFrom(res);
  return {
    res,
    cookie,
    agent: makeAgent(
      t.app,
      cookie ?? null,
      res.statusCode === 200 ? res.json().csrfToken : null,
      null,
      username,
    ),
  };
}

describe('first administrator', () => {
  it('is created once with a one-time password that must be changed, then TOTP enrolled', async () => {
    await t.db.deleteFrom('staff_sessions').execute();
    await t.db.deleteFrom('staff_users').execute();
    const first = await ensureFirstAdmin(t.db, t.app.identity);
    expect(first?.username).toBe('admin');
    expect(first?.oneTimePassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect(await ensureFirstAdmin(t.db, t.app.identity)).toBeUndefined();

    const stored = await t.db
      .selectFrom('staff_users')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.password_hash).not.toContain(first!.oneTimePassword);

    const { res, agent } = await signIn('admin', first!.oneTimePassword);
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('password_change_required');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');

    // Nothing else is allowed before the sign-in is complete.
    expect((await agent.get('/api/staff')).json().code).toBe('SESSION_STAGE_INCOMPLETE');

    const weak = await agent.post('/api/auth/password', {
      currentPassword: first!.oneTimePassword,
      newPassword: 'kurz',
    });
    expect(weak.json().code).toBe('PASSWORD_TOO_WEAK');
    const changed = await agent.post('/api/auth/password', {
      currentPassword: first!.oneTimePassword,
      newPassword: 'Ein-langes-neues-Passwort-7',
    });
    expect(changed.json()).toMatchObject({ stage: 'mfa_enrolment_required' });
    // The next step runs under a new session token and CSRF token.
    const enrolling = makeAgent(t.app, sessionCookieFrom(changed)!, changed.json().csrfToken, null, 'admin');

    const setup = await enrolling.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = setup.json();
    expect(otpauthUri).toContain('otpauth://totp/');
    expect(qrSvg).toContain('<svg');
    const wrong = await enrolling.post('/api/auth/totp/enable', { code: '000000' });
    expect(wrong.json().code).toBe('TOTP_INVALID');
    // A wrong code is called wrong, not badly formatted.
    expect(wrong.json().errors[0].message).toBe(
      'Der Code ist falsch oder abgelaufen. Geben Sie den aktuellen Code aus Ihrer App ein.',
    );
    const enabled = await enrolling.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    expect(enabled.json()).toMatchObject({ stage: 'active' });
    const active = makeAgent(t.app, sessionCookieFrom(enabled)!, enabled.json().csrfToken, null, 'admin');
    expect((await active.get('/api/staff')).statusCode).toBe(200);

    // Next sign-in asks for the code.
    await active.post('/api/auth/logout');
    const again = await signIn('admin', 'Ein-langes-neues-Passwort-7');
    expect(again.res.json().stage).toBe('mfa_required');
    expect((await again.agent.post('/api/auth/mfa', { code: '123456' })).json().code).toBe('TOTP_INVALID');
  });
});

describe('sign-in', () => {
  it('refuses a wrong password without saying whether the user exists', async () => {
    const clerk = await t.login('clerk');
    const a = await signIn(clerk.username!, 'falsches-passwort');
    const b = await signIn('gibt-es-nicht', 'falsches-passwort');
    expect(a.res.statusCode).toBe(401);
    expect(a.res.json().code).toBe('LOGIN_FAILED');
    expect(b.res.json()).toMatchObject({ code: 'LOGIN_FAILED', detail: a.res.json().detail });
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const clerk = await t.login('clerk');
    for (let i = 0; i < 3; i++) await signIn(clerk.username!, 'falsches-passwort');
    const locked = await signIn(clerk.username!, 'Pruef-Passwort-2026!');
    expect(locked.res.statusCode).toBe(423);
    expect(locked.res.json().code).toBe('ACCOUNT_LOCKED');
    expect(locked.res.json().detail).toMatch(/Minuten/);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 2 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'x', password: 'y' },
        });
        codes.push(r.json().code);
      }
      expect(codes).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });

  it('refuses a disabled account', async () => {
    const admin = await t.login('admin');
    const clerk = await t.login('clerk');
    expect((await admin.patch(`/api/staff/${clerk.userId}`, { disabled: true })).statusCode).toBe(204);
    expect((await signIn(clerk.username!, 'Pruef-Passwort-2026!')).res.json().code).toBe('ACCOUNT_DISABLED');
    // Its open session ended too.
    expect((await clerk.get('/api/auth/session')).json().code).toBe('SESSION_EXPIRED');
  });
});

describe('sessions', () => {
  it('answers AUTH_REQUIRED without a session and SESSION_EXPIRED for an ended one', async () => {
    expect((await t.anonymous().get('/api/staff')).json().code).toBe('AUTH_REQUIRED');
    const admin = await t.login('admin');
    await admin.post('/api/auth/logout');
    const res = await admin.get('/api/staff');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
  });

  it('ends a session after the idle timeout', async () => {
    const admin = await t.login('admin');
    await t.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('user_id', '=', admin.userId!)
      .execute();
    expect((await admin.get('/api/staff')).json().code).toBe('SESSION_EXPIRED');
  });

  it('ends a session at the absolute timeout even when active', async () => {
    const admin = await t.login('admin');
    await t.db
      .updateTable('staff_sessions')
      .set({ absolute_expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', admin.userId!)
      .execute();
    expect((await admin.get('/api/staff')).json().code).toBe('SESSION_EXPIRED');
  });

  it('signs out everywhere', async () => {
    const clerk = await t.login('clerk');
    const res = await signIn(clerk.username!, 'Pruef-Passwort-2026!');
    expect(res.res.json().stage).toBe('active');
    await res.agent.post('/api/auth/logout-all');
    expect((await clerk.get('/api/auth/session')).json().code).toBe('SESSION_EXPIRED');
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const admin = await t.login('admin');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}` },
      payload: { username: 'neu.person', displayName: 'Neu', roles: ['clerk'] },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await admin.post(
      '/api/staff',
      { username: 'neu.person', displayName: 'Neu', roles: ['clerk'] },
      { 'x-csrf-token': 'falsch' },
    );
    expect(wrong.json().code).toBe('CSRF_TOKEN_INVALID');
  });
});

describe('staff administration', () => {
  it('lets an admin invite a clerk with a one-time password and change roles', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/staff', {
      username: 'erika.beispiel',
      displayName: 'Erika Beispiel (fiktiv)',
      roles: ['clerk'],
    });
    expect(created.statusCode).toBe(201);
    const { id, oneTimePassword } = created.json();
    const dup = await admin.post('/api/staff', {
      username: 'Erika.Beispiel',
      displayName: 'x',
      roles: ['clerk'],
    });
    expect(dup.json().code).toBe('USERNAME_TAKEN');
    expect((await admin.patch(`/api/staff/${id}`, { roles: ['clerk', 'hotline'] })).statusCode).toBe(204);
    const list = (await admin.get('/api/staff')).json().staff;
    expect(list.find((s: { id: string }) => s.id === id).roles).toEqual(['clerk', 'hotline']);
    const first = await signIn('erika.beispiel', oneTimePassword);
    expect(first.res.json().stage).toBe('password_change_required');
  });

  it('keeps other roles out of staff administration', async () => {
    for (const role of ['clerk', 'coordinator', 'hotline', 'evaluator', 'auditor'] as const) {
      const a = await t.login(role);
      expect((await a.get('/api/staff')).statusCode).toBe(403);
    }
  });

  it('never lets the last admin be disabled', async () => {
    const other = await createTestApp({ template: 'demo' });
    try {
      const admin = await other.login('admin');
      const res = await admin.patch(`/api/staff/${admin.userId}`, { disabled: true });
      expect(res.json().code).toBe('LAST_ADMIN');
    } finally {
      await other.close();
    }
  });

  it('does not let an admin of another authority touch these accounts', async () => {
    const otherAuthority = '01900000-0000-7000-8000-00000000a0a0';
    await t.db
      .insertInto('authorities')
      .values({
        id: otherAuthority,
        authority_id: otherAuthority,
        name: 'Testbehörde (fiktiv)',
        short_name: 'Test',
        kind: 'municipality',
        ags: null,
        ars: null,
        street: 'x',
        postal_code: '00000',
        city: 'x',
        phone: null,
        email: null,
        website: null,
      })
      .execute();
    const foreignAdmin = await t.login('admin', { authorityId: otherAuthority });
    const clerk = await t.login('clerk');
    expect((await foreignAdmin.patch(`/api/staff/${clerk.userId}`, { roles: ['admin'] })).statusCode).toBe(
      404,
    );
    const list = (await foreignAdmin.get('/api/staff')).json().staff;
    expect(list.every((s: { username: string }) => s.username !== clerk.username)).toBe(true);
  });
});
