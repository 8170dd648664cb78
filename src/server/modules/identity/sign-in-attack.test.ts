import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../http/auth';
import {
  createTestApp,
  makeAgent,
  sessionCookieFrom,
  TEST_PASSWORD,
  type TestApp,
} from '../../test/test-app';

/**
 * The sign-in attacked as an attacker would: one known password, then guesses at the second
 * factor — in one session, across many half-signed-in sessions, with fresh sign-ins in between,
 * in parallel, and from many addresses.
 */
const MAX = 5;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    config: { loginMaxFailures: MAX, loginLockoutMinutes: 15, loginAccountRateLimitPerMinute: 1000 },
  });
});
afterAll(async () => t?.close());

let addressCounter = 0;
/** Each attempt from a different address, as a botnet would (no per-IP limit can help here). */
function nextAddress(): string {
  addressCounter++;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

async function totpUser(): Promise<{ username: string; userId: string; secret: string }> {
  const agent = await t.login('clerk');
  const secret = generateSecret();
  await t.db
    .updateTable('staff_users')
    .set({ totp_secret: secret, totp_enabled: true, totp_last_step: null })
    .where('id', '=', agent.userId!)
    .execute();
  return { username: agent.username!, userId: agent.userId!, secret };
}

async function passwordStep(username: string, password = TEST_PASSWORD) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: nextAddress(),
    payload: { username, password },
  });
  const cookie = sessionCookieFrom(res) ?? null;
  const csrf = res.statusCode === 200 ? (res.json().csrfToken as string) : null;
  return { res, cookie, csrf, agent: makeAgent(t.app, cookie, csrf, null, username) };
}

async function guess(agent: ReturnType<typeof makeAgent>, code: string) {
  return agent.inject({
    method: 'POST',
    url: '/api/auth/mfa',
    remoteAddress: nextAddress(),
    payload: { code },
  });
}

/** A code that is certainly wrong now (not the current, previous or next step). */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set<string>();
  for (const offset of [-30, 0, 30]) {
    valid.add(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset }));
  }
  let n = 100000;
  while (valid.has(String(n))) n++;
  return String(n);
}

describe('guessing the second factor with a known password', () => {
  it(`locks the account after ${MAX} wrong codes even when every guess starts a new sign-in`, async () => {
    const user = await totpUser();
    const bad = await wrongCode(user.secret);
    let guesses = 0;
    let lockedAfter: number | null = null;
    for (let i = 0; i < 40 && lockedAfter === null; i++) {
      const step = await passwordStep(user.username);
      if (step.res.statusCode !== 200) {
        expect(step.res.json().code).toBe('ACCOUNT_LOCKED');
        lockedAfter = guesses;
        break;
      }
      expect(step.res.json().stage).toBe('mfa_required');
      const res = await guess(step.agent, bad);
      guesses++;
      if (res.json().code === 'ACCOUNT_LOCKED') lockedAfter = guesses;
      else expect(res.json().code).toBe('TOTP_INVALID');
    }
    expect(lockedAfter).toBe(MAX);
    // The right password and the right code do not help while the lock lasts.
    const step = await passwordStep(user.username);
    expect(step.res.statusCode).toBe(423);
    expect(step.res.json().code).toBe('ACCOUNT_LOCKED');
  });

  it('locks every half-signed-in session of the account at once', async () => {
    const user = await totpUser();
    const bad = await wrongCode(user.secret);
    // The attacker opens many sessions first, then guesses in them one after another.
    const sessions = [];
    for (let i = 0; i < 12; i++) sessions.push(await passwordStep(user.username));
    for (const s of sessions) expect(s.res.json().stage).toBe('mfa_required');
    const answers: string[] = [];
    for (const s of sessions.slice(0, 10)) answers.push((await guess(s.agent, bad)).json().code);
    const invalid = answers.filter((c) => c === 'TOTP_INVALID').length;
    expect(invalid).toBe(MAX - 1);
    expect(answers[MAX - 1]).toBe('ACCOUNT_LOCKED');
    // A session opened before the lockout does not take even the right code.
    const right = await guess(sessions[11]!.agent, await generate({ secret: user.secret }));
    expect(right.statusCode).toBeGreaterThanOrEqual(400);
    expect(['ACCOUNT_LOCKED', 'SESSION_EXPIRED']).toContain(right.json().code);
    const open = await t.db
      .selectFrom('staff_sessions')
      .select(['id', 'stage'])
      .where('user_id', '=', user.userId)
      .where('revoked_at', 'is', null)
      .execute();
    // Only the owner's own active session (opened before the attack) is left.
    expect(open.map((s) => s.stage)).toEqual(['active']);
  });

  it('never evaluates more guesses than the limit, even when they arrive all at once', async () => {
    const user = await totpUser();
    const bad = await wrongCode(user.secret);
    const sessions = [];
    for (let i = 0; i < 20; i++) sessions.push(await passwordStep(user.username));
    const answers = await Promise.all(sessions.map((s) => guess(s.agent, bad)));
    const evaluated = answers.filter((r) => ['TOTP_INVALID', 'ACCOUNT_LOCKED'].includes(r.json().code));
    const wrongOnes = answers.filter((r) => r.json().code === 'TOTP_INVALID').length;
    expect(wrongOnes).toBeLessThanOrEqual(MAX - 1);
    expect(evaluated.length).toBeGreaterThan(0);
    const row = await t.db
      .selectFrom('staff_users')
      .select(['locked_until'])
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
  });

  it('resets the count only when a sign-in is completed', async () => {
    const user = await totpUser();
    const bad = await wrongCode(user.secret);
    for (let i = 0; i < MAX - 1; i++) {
      const step = await passwordStep(user.username);
      expect((await guess(step.agent, bad)).json().code).toBe('TOTP_INVALID');
    }
    const step = await passwordStep(user.username);
    const ok = await guess(step.agent, await generate({ secret: user.secret }));
    expect(ok.json()).toMatchObject({ stage: 'active' });
    // After a completed sign-in the count starts again.
    for (let i = 0; i < MAX - 1; i++) {
      const again = await passwordStep(user.username);
      expect((await guess(again.agent, bad)).json().code).toBe('TOTP_INVALID');
    }
  });

  it('makes each further lockout longer while the attacker keeps guessing', async () => {
    const user = await totpUser();
    const bad = await wrongCode(user.secret);
    const lockMinutes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX; i++) {
        const step = await passwordStep(user.username);
        expect(step.res.statusCode).toBe(200);
        await guess(step.agent, bad);
      }
      const row = await t.db
        .selectFrom('staff_users')
        .select('locked_until')
        .where('id', '=', user.userId)
        .executeTakeFirstOrThrow();
      lockMinutes.push(Math.round((row.locked_until!.getTime() - Date.now()) / 60_000));
      // The lock runs out (as if the time had passed).
      await t.db
        .updateTable('staff_users')
        .set({ locked_until: new Date(Date.now() - 1000) })
        .where('id', '=', user.userId)
        .execute();
    }
    expect(lockMinutes).toEqual([15, 30, 60]);
  });

  it('throttles attempts per account, whatever address they come from', async () => {
    const throttled = await createTestApp({
      config: { loginMaxFailures: 100, loginAccountRateLimitPerMinute: 4 },
    });
    try {
      const agent = await throttled.login('clerk');
      const codes: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await throttled.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: nextAddress(),
          payload: { username: agent.username, password: 'falsches-passwort' },
        });
        codes.push(res.json().code);
      }
      expect(codes.slice(0, 4)).toEqual(Array(4).fill('LOGIN_FAILED'));
      expect(codes.slice(4)).toEqual(Array(4).fill('RATE_LIMITED'));
    } finally {
      await throttled.close();
    }
  });
});

describe('session tokens', () => {
  it('are replaced at every step of sign-in: the token of an earlier step no longer works', async () => {
    const user = await totpUser();
    const step = await passwordStep(user.username);
    const before = step.cookie!;
    const done = await guess(step.agent, await generate({ secret: user.secret }));
    expect(done.json().stage).toBe('active');
    const after = sessionCookieFrom(done);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    const old = await t.db
      .selectFrom('staff_sessions')
      .select('id')
      .where('token_hash', '=', hashToken(before))
      .executeTakeFirst();
    expect(old).toBeUndefined();
    const oldAgent = makeAgent(t.app, before, step.csrf, null, null);
    expect((await oldAgent.get('/api/auth/session')).statusCode).toBe(401);
    const newAgent = makeAgent(t.app, after!, done.json().csrfToken, null, null);
    const session = await newAgent.get('/api/auth/session');
    expect(session.json().stage).toBe('active');
    // The CSRF token changed with it.
    expect(session.json().csrfToken).not.toBe(step.csrf);
  });

  it('are replaced when a first sign-in moves from the password change to TOTP enrolment', async () => {
    const admin = await t.login('admin');
    const created = (
      await admin.post('/api/staff', {
        username: `neu.${Date.now()}`,
        displayName: 'Neu',
        roles: ['auditor'],
      })
    ).json();
    const list = (await admin.get('/api/staff')).json().staff as { id: string; username: string }[];
    const username = list.find((s) => s.id === created.id)!.username;
    const step = await passwordStep(username, created.oneTimePassword);
    expect(step.res.json().stage).toBe('password_change_required');
    const changed = await step.agent.post('/api/auth/password', {
      currentPassword: created.oneTimePassword,
      newPassword: 'Ein-langes-neues-Passwort-7',
    });
    expect(changed.json().stage).toBe('mfa_enrolment_required');
    const rotated = sessionCookieFrom(changed);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(step.cookie);
    expect((await step.agent.get('/api/auth/session')).statusCode).toBe(401);
    const next = makeAgent(t.app, rotated!, changed.json().csrfToken, null, null);
    const setup = await next.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const enabled = await next.post('/api/auth/totp/enable', {
      code: await generate({ secret: setup.json().secret }),
    });
    expect(enabled.json().stage).toBe('active');
    const last = sessionCookieFrom(enabled);
    expect(last).toBeTruthy();
    expect(last).not.toBe(rotated);
    expect((await next.get('/api/auth/session')).statusCode).toBe(401);
  });
});

describe('failed sign-ins with an unknown user name', () => {
  it('keep no typed name and are not shown to the auditors of every authority', async () => {
    const typed = 'Mein-Geheimes-Passwort-123';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: typed, password: 'egal' },
    });
    expect(res.json().code).toBe('LOGIN_FAILED');
    const rows = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', res.headers['x-request-id'] as string)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(typed);
    const auditor = await t.login('auditor');
    const found = (await auditor.get('/api/audit?action=auth.login&limit=500')).json().entries as {
      actorUsername: string | null;
    }[];
    expect(found.some((e) => e.actorUsername === typed)).toBe(false);
    const ids = new Set(rows.map((r) => r.id));
    expect(found.some((e) => ids.has((e as unknown as { id: string }).id))).toBe(false);
  });
});
