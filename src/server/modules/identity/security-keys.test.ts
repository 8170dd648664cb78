import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftAuthenticator } from '../../test/soft-authenticator';
import {
  type Agent,
  createTestApp,
  makeAgent,
  sessionCookieFrom,
  TEST_PASSWORD,
  type TestApp,
} from '../../test/test-app';

/**
 * Security keys and passkeys, end to end through the API with a software authenticator that
 * signs like a real one — and lies like a phishing site, a replay or a stolen, revoked key would.
 */
let t: TestApp;
let origin: string;
beforeAll(async () => {
  t = await createTestApp({ config: { loginMaxFailures: 5, loginAccountRateLimitPerMinute: 1000 } });
  origin = new URL(t.config.publicUrl).origin;
});
afterAll(async () => t?.close());

let address = 0;
const nextAddress = () => `198.18.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

async function enrol(
  agent: Agent,
  authenticator: SoftAuthenticator,
  name = 'Schlüssel blau',
  discoverable = true,
) {
  const begin = await agent.post('/api/auth/security-keys/options');
  expect(begin.statusCode).toBe(200);
  const { challengeId, options } = begin.json();
  const { response } = authenticator.register(options, origin, { discoverable });
  return agent.post('/api/auth/security-keys', { challengeId, name, response });
}

async function passwordStep(username: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: nextAddress(),
    payload: { username, password: TEST_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return { res, agent: makeAgent(t.app, sessionCookieFrom(res)!, res.json().csrfToken, null, username) };
}

async function keyStep(
  agent: Agent,
  authenticator: SoftAuthenticator,
  opts: Parameters<SoftAuthenticator['assert']>[2] = {},
) {
  const begin = await agent.post('/api/auth/security-key/options');
  expect(begin.statusCode).toBe(200);
  const { challengeId, options } = begin.json();
  const response = authenticator.assert(options, opts.rpId ? `https://${opts.rpId}` : origin, opts);
  return agent.inject({
    method: 'POST',
    url: '/api/auth/security-key',
    remoteAddress: nextAddress(),
    payload: { challengeId, response },
  });
}

async function passkey(
  authenticator: SoftAuthenticator,
  opts: { origin?: string; userVerified?: boolean } = {},
) {
  const begin = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options' });
  expect(begin.statusCode).toBe(200);
  const { challengeId, options } = begin.json();
  const response = authenticator.assert(options, opts.origin ?? origin, {
    userVerified: opts.userVerified ?? true,
  });
  return {
    challengeId,
    response,
    res: await t.app.inject({
      method: 'POST',
      url: '/api/auth/passkey',
      remoteAddress: nextAddress(),
      payload: { challengeId, response },
    }),
  };
}

describe('enrolling a security key', () => {
  it('adds the key to the own account, on record, and lists it', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    const res = await enrol(clerk, key);
    expect(res.statusCode).toBe(201);
    expect(res.json().key).toMatchObject({ name: 'Schlüssel blau', discoverable: true, revokedAt: null });
    const list = (await clerk.get('/api/auth/security-keys')).json().keys;
    expect(list.map((k: { name: string }) => k.name)).toEqual(['Schlüssel blau']);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('actor_user_id', '=', clerk.userId)
      .where('action', '=', 'auth.security_key_register')
      .execute();
    expect(audit).toEqual([{ action: 'auth.security_key_register', result: 'success' }]);
    // The same key a second time is refused (the browser is told to exclude it, too).
    const again = await clerk.post('/api/auth/security-keys/options');
    expect(again.json().options.excludeCredentials).toHaveLength(1);
  });

  it('refuses an answer made for another site, or with a used challenge', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    const begin = (await clerk.post('/api/auth/security-keys/options')).json();
    const phished = key.register(begin.options, 'https://buergerkoffer-login.example');
    const res = await clerk.post('/api/auth/security-keys', {
      challengeId: begin.challengeId,
      name: 'Fremd',
      response: phished.response,
    });
    expect(res.json().code).toBe('SECURITY_KEY_INVALID');
    const reused = key.register(begin.options, origin);
    const second = await clerk.post('/api/auth/security-keys', {
      challengeId: begin.challengeId,
      name: 'Fremd',
      response: reused.response,
    });
    expect(second.json().code).toBe('SECURITY_KEY_CHALLENGE_EXPIRED');
    expect((await clerk.get('/api/auth/security-keys')).json().keys).toEqual([]);
  });
});

describe('signing in with a security key', () => {
  it('takes the key as second factor after the password, under a new session token', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    expect((await enrol(clerk, key)).statusCode).toBe(201);
    const step = await passwordStep(clerk.username!);
    expect(step.res.json()).toMatchObject({ stage: 'mfa_required', secondFactors: ['security_key'] });
    const done = await keyStep(step.agent, key);
    expect(done.json()).toMatchObject({ stage: 'active' });
    expect(sessionCookieFrom(done)).not.toBe(sessionCookieFrom(step.res));
    expect((await step.agent.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('signs in without a password with a passkey that verifies its user', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    await enrol(clerk, key);
    const { res } = await passkey(key);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stage: 'active', user: { username: clerk.username } });
    const session = makeAgent(t.app, sessionCookieFrom(res)!, res.json().csrfToken, null, null);
    expect((await session.get('/api/auth/session')).json().stage).toBe('active');
    // Without user verification (no PIN, no fingerprint) a key alone is one factor: refused.
    const unverified = await passkey(key, { userVerified: false });
    expect(unverified.res.json().code).toBe('SECURITY_KEY_INVALID');
  });

  it('refuses a key nobody enrolled, and another account’s key as this account’s second factor', async () => {
    const stranger = new SoftAuthenticator();
    stranger.register(
      {
        challenge: 'eA',
        rp: { id: 'localhost', name: 'x' },
        user: { id: 'eA', name: 'x', displayName: 'x' },
      },
      origin,
    );
    expect((await passkey(stranger)).res.json().code).toBe('SECURITY_KEY_INVALID');

    const owner = await t.login('clerk');
    const ownersKey = new SoftAuthenticator();
    await enrol(owner, ownersKey);
    const victim = await t.login('clerk');
    await enrol(victim, new SoftAuthenticator());
    const step = await passwordStep(victim.username!);
    const begin = (await step.agent.post('/api/auth/security-key/options')).json();
    const response = ownersKey.assert({ ...begin.options, allowCredentials: [] }, origin);
    const res = await step.agent.post('/api/auth/security-key', { challengeId: begin.challengeId, response });
    expect(res.json().code).toBe('SECURITY_KEY_INVALID');
  });

  it('is phishing-resistant: an answer made on another site does not sign in', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    await enrol(clerk, key);
    // The look-alike site relays our challenge; the key signs for the site it is on.
    const relayed = await passkey(key, { origin: 'https://buergerkoffer-meerane.example' });
    expect(relayed.res.json().code).toBe('SECURITY_KEY_INVALID');
    const step = await passwordStep(clerk.username!);
    const res = await keyStep(step.agent, key, { rpId: 'buergerkoffer-meerane.example' });
    expect(res.json().code).toBe('SECURITY_KEY_INVALID');
  });

  it('takes an answer once: a replay is refused', async () => {
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    await enrol(clerk, key);
    const first = await passkey(key);
    expect(first.res.statusCode).toBe(200);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/passkey',
      payload: { challengeId: first.challengeId, response: first.response },
    });
    expect(replay.json().code).toBe('SECURITY_KEY_CHALLENGE_EXPIRED');
    // A cloned key whose counter does not move on is refused with a fresh challenge, too.
    const counter = key.credentials[0]!.counter;
    const cloned = await passkey(key);
    expect(cloned.res.statusCode).toBe(200);
    key.credentials[0]!.counter = counter - 1;
    const stale = await passkey(key);
    expect(stale.res.json().code).toBe('SECURITY_KEY_INVALID');
  });

  it('counts wrong keys towards the lockout like wrong codes', async () => {
    const clerk = await t.login('clerk');
    await enrol(clerk, new SoftAuthenticator());
    const wrong = new SoftAuthenticator();
    wrong.register(
      {
        challenge: 'eA',
        rp: { id: 'localhost', name: 'x' },
        user: { id: 'eA', name: 'x', displayName: 'x' },
      },
      origin,
    );
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const step = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: nextAddress(),
        payload: { username: clerk.username, password: TEST_PASSWORD },
      });
      if (step.statusCode !== 200) {
        codes.push(step.json().code);
        continue;
      }
      const agent = makeAgent(t.app, sessionCookieFrom(step)!, step.json().csrfToken, null, null);
      const begin = (await agent.post('/api/auth/security-key/options')).json();
      const response = wrong.assert({ ...begin.options, allowCredentials: [] }, origin);
      codes.push(
        (await agent.post('/api/auth/security-key', { challengeId: begin.challengeId, response })).json()
          .code,
      );
    }
    expect(codes).toEqual([
      'SECURITY_KEY_INVALID',
      'SECURITY_KEY_INVALID',
      'SECURITY_KEY_INVALID',
      'SECURITY_KEY_INVALID',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
  });
});

describe('a lost key', () => {
  it('is revoked by an admin, on record; it no longer signs in and the owner’s sessions end', async () => {
    const admin = await t.login('admin');
    const clerk = await t.login('clerk');
    const key = new SoftAuthenticator();
    const keyId = (await enrol(clerk, key)).json().key.id;
    const keys = (await admin.get(`/api/staff/${clerk.userId}/security-keys`)).json().keys;
    expect(keys.map((k: { id: string }) => k.id)).toEqual([keyId]);
    const revoked = await admin.post(`/api/staff/${clerk.userId}/security-keys/${keyId}/revoke`, {
      reason: 'Schlüssel im Zug verloren',
    });
    expect(revoked.statusCode).toBe(204);
    expect((await clerk.get('/api/auth/session')).json().code).toBe('SESSION_EXPIRED');
    expect((await passkey(key)).res.json().code).toBe('SECURITY_KEY_INVALID');
    const after = (await admin.get(`/api/staff/${clerk.userId}/security-keys`)).json().keys;
    expect(after[0]).toMatchObject({ revokeReason: 'Schlüssel im Zug verloren' });
    expect(after[0].revokedAt).toBeTruthy();
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'resource_id'])
      .where('action', '=', 'staff.security_key_revoke')
      .where('resource_id', '=', keyId)
      .execute();
    expect(audit).toEqual([
      { action: 'staff.security_key_revoke', actor_user_id: admin.userId, resource_id: keyId },
    ]);
    // The account signs in with its password again and has no second factor left.
    const step = await passwordStep(clerk.username!);
    expect(step.res.json().stage).toBe('active');
  });

  it('cannot be revoked by an admin of another authority or by a colleague without the admin role', async () => {
    const clerk = await t.login('clerk');
    const keyId = (await enrol(clerk, new SoftAuthenticator())).json().key.id;
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post(`/api/staff/${clerk.userId}/security-keys/${keyId}/revoke`, {
      reason: 'Versuch',
    });
    expect(res.statusCode).toBe(403);
    const otherAuthority = '01900000-0000-7000-8000-00000000b0b0';
    await t.db
      .insertInto('authorities')
      .values({
        id: otherAuthority,
        authority_id: otherAuthority,
        name: 'Andere Behörde (fiktiv)',
        short_name: 'Andere',
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
    const foreign = await foreignAdmin.post(`/api/staff/${clerk.userId}/security-keys/${keyId}/revoke`, {
      reason: 'Versuch',
    });
    expect(foreign.statusCode).toBe(404);
    expect((await foreignAdmin.get(`/api/staff/${clerk.userId}/security-keys`)).statusCode).toBe(404);
    expect((await clerk.get('/api/auth/security-keys')).json().keys).toHaveLength(1);
  });
});

describe('requiring security keys for the roles that read the register', () => {
  it('is an admin setting, on record, and enforced at the next sign-in', async () => {
    const policyApp = await createTestApp({ config: { loginAccountRateLimitPerMinute: 1000 } });
    const origin2 = new URL(policyApp.config.publicUrl).origin;
    try {
      const admin = await policyApp.login('admin');
      const clerk = await policyApp.login('clerk');
      const secret = generateSecret();
      await policyApp.db
        .updateTable('staff_users')
        .set({ totp_secret: secret, totp_enabled: true })
        .where('id', '=', clerk.userId!)
        .execute();
      expect(
        (
          await (
            await policyApp.login('coordinator')
          ).put('/api/security/policy', { requireSecurityKey: true })
        ).statusCode,
      ).toBe(403);
      const set = await admin.put('/api/security/policy', { requireSecurityKey: true });
      expect(set.json()).toEqual({ requireSecurityKey: true, roles: ['clerk'] });

      const signIn = async () => {
        const res = await policyApp.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: clerk.username, password: TEST_PASSWORD },
        });
        return {
          res,
          agent: makeAgent(policyApp.app, sessionCookieFrom(res)!, res.json().csrfToken, null, null),
        };
      };
      // Without a key yet: the code is still taken, then a key must be enrolled before anything else.
      const first = await signIn();
      expect(first.res.json()).toMatchObject({ stage: 'mfa_required', secondFactors: ['totp'] });
      const afterCode = await first.agent.post('/api/auth/mfa', { code: await generate({ secret }) });
      expect(afterCode.json().stage).toBe('key_enrolment_required');
      const enrolling = makeAgent(
        policyApp.app,
        sessionCookieFrom(afterCode)!,
        afterCode.json().csrfToken,
        null,
        null,
      );
      expect((await enrolling.get('/api/register/persons?familyName=Muster&purpose=x')).json().code).toBe(
        'SESSION_STAGE_INCOMPLETE',
      );
      const key = new SoftAuthenticator();
      const begin = (await enrolling.post('/api/auth/security-keys/options')).json();
      const enrolled = await enrolling.post('/api/auth/security-keys', {
        challengeId: begin.challengeId,
        name: 'Pflichtschlüssel',
        response: key.register(begin.options, origin2).response,
      });
      expect(enrolled.json()).toMatchObject({ stage: 'active' });

      // From now on a code no longer completes the sign-in; the key does.
      const second = await signIn();
      expect(second.res.json().secondFactors).toEqual(['security_key']);
      const code = await second.agent.post('/api/auth/mfa', { code: '123456' });
      expect(code.json().code).toBe('SECURITY_KEY_REQUIRED');
      const optionsRes = (await second.agent.post('/api/auth/security-key/options')).json();
      const done = await second.agent.post('/api/auth/security-key', {
        challengeId: optionsRes.challengeId,
        response: key.assert(optionsRes.options, origin2),
      });
      expect(done.json().stage).toBe('active');
      // The last key of an account that must have one cannot be removed by its owner.
      const active = makeAgent(policyApp.app, sessionCookieFrom(done)!, done.json().csrfToken, null, null);
      const own = (await active.get('/api/auth/security-keys')).json().keys;
      expect((await active.delete(`/api/auth/security-keys/${own[0].id}`)).json().code).toBe(
        'LAST_SECURITY_KEY',
      );

      // Roles that do not read the register are not affected.
      const coordinator = await policyApp.login('coordinator');
      const coordinatorSignIn = await policyApp.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: coordinator.username, password: TEST_PASSWORD },
      });
      expect(coordinatorSignIn.json().stage).toBe('active');

      const audit = await policyApp.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('action', '=', 'security.policy_change')
        .where('result', '=', 'success')
        .execute();
      expect(audit).toEqual([{ before: { requireSecurityKey: false }, after: { requireSecurityKey: true } }]);
    } finally {
      await policyApp.close();
    }
  });
});
