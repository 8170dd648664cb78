/**
 * The sign-in attacked (#9): figures an attacker gets, measured against the real app on PGlite.
 *
 *   npm run bench -- sign-in-attack
 *
 * 1. Requests with a rotating, forged X-Forwarded-For that pass the per-IP sign-in limit before
 *    the first 429 — with the old setting (trust every proxy) as the baseline, TRUST_PROXY off,
 *    one trusted hop behind a proxy that appends the client's address, and one trusted hop when
 *    the app is (wrongly) reachable directly.
 * 2. TOTP guesses evaluated before the lockout for an attacker who knows the password: with a
 *    fresh sign-in before each guess, across many half-signed-in sessions, all at once in
 *    parallel — and the guesses in the first 24 hours as the lockouts double.
 *
 * Not a speed benchmark: the figures are counts. The last line is JSON.
 */

import type { FastifyInstance } from 'fastify';
import { generate, generateSecret } from 'otplib';
import { uuidv7 } from '../src/core/ids';
import { buildApp } from '../src/server/app';
import { type AppConfig, loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { hashPassword } from '../src/server/modules/identity/password';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { seedDatabase } from '../src/server/seed/seed';

const PASSWORD = 'Angreifer-kennt-das-Passwort-1';
const handle = await openDatabase({});
await migrateToLatest(handle.db);
await seedDatabase(handle.db, { seedDemo: false });
const passwordHash = await hashPassword(PASSWORD);

async function app(overrides: Partial<AppConfig>): Promise<FastifyInstance> {
  const config = {
    ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
    ...overrides,
  };
  const a = await buildApp(config, handle);
  await a.ready();
  return a;
}

async function victim(secret: string | null): Promise<string> {
  const id = uuidv7();
  await handle.db
    .insertInto('staff_users')
    .values({
      id,
      authority_id: DEMO.authorityMeerane,
      username: `opfer-${id.slice(-8)}`,
      display_name: 'Opfer (fiktiv)',
      email: null,
      roles: ['clerk'],
      password_hash: passwordHash,
      must_change_password: false,
      password_changed_at: new Date(),
      totp_secret: secret,
      totp_enabled: secret !== null,
      totp_last_step: null,
      locked_until: null,
      disabled_at: null,
      last_login_at: null,
    })
    .execute();
  return id;
}

// ---- 1. forged X-Forwarded-For ------------------------------------------------------------

const LIMIT = 20;
const CAP = 200;
async function throughBefore429(
  trustProxy: AppConfig['trustProxy'] | true,
  headers: (i: number) => Record<string, string>,
): Promise<number> {
  const a = await app({ trustProxy: trustProxy as AppConfig['trustProxy'], loginRateLimitPerMinute: LIMIT });
  try {
    for (let i = 0; i < CAP; i++) {
      const res = await a.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: headers(i),
        payload: { username: 'niemand', password: 'x' },
      });
      if (res.statusCode === 429) return i;
    }
    return CAP;
  } finally {
    await a.close();
  }
}
const forged = (i: number) => `203.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const xff = {
  trustAll: await throughBefore429(true, (i) => ({ 'x-forwarded-for': forged(i) })),
  off: await throughBefore429(false, (i) => ({ 'x-forwarded-for': forged(i) })),
  oneHopBehindProxy: await throughBefore429(1, (i) => ({ 'x-forwarded-for': `${forged(i)}, 198.51.100.7` })),
  oneHopReachableDirectly: await throughBefore429(1, (i) => ({ 'x-forwarded-for': forged(i) })),
};
console.log(
  `sign-in attempts with a rotating forged X-Forwarded-For before the first 429 (limit ${LIMIT}/min, cap ${CAP}):`,
);
console.log(
  `  baseline, trust every proxy (the old setting):      ${xff.trustAll}${xff.trustAll === CAP ? ' (never limited)' : ''}`,
);
console.log(`  TRUST_PROXY off (default):                           ${xff.off}`);
console.log(`  TRUST_PROXY=1 behind a proxy that appends the client: ${xff.oneHopBehindProxy}`);
console.log(
  `  TRUST_PROXY=1 but the app reachable directly:         ${xff.oneHopReachableDirectly}${xff.oneHopReachableDirectly === CAP ? ' (never limited: only the proxy may reach the app)' : ''}`,
);

// ---- 2. TOTP guesses with a known password --------------------------------------------------

const MAX = 5;
const LOCKOUT = 15;
const a = await app({
  loginMaxFailures: MAX,
  loginLockoutMinutes: LOCKOUT,
  loginAccountRateLimitPerMinute: 10_000,
});
let address = 0;
const from = () => `198.18.${Math.floor(++address / 250) % 250}.${(address % 250) + 1}`;
async function passwordStep(username: string) {
  const res = await a.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from(),
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) return null;
  const cookie = /bk_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  return { cookie, csrf: res.json().csrfToken as string };
}
async function guess(s: { cookie: string; csrf: string }, code: string) {
  const res = await a.inject({
    method: 'POST',
    url: '/api/auth/mfa',
    remoteAddress: from(),
    headers: { cookie: `bk_session=${s.cookie}`, 'x-csrf-token': s.csrf },
    payload: { code },
  });
  return res.json().code as string | undefined;
}
async function wrong(secret: string) {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set(await Promise.all([-30, 0, 30].map((o) => generate({ secret, epoch: now + o }))));
  let n = 100000;
  while (valid.has(String(n))) n++;
  return String(n);
}
/**
 * Guesses whose code was actually checked: the audit trail records each as a failure (a refused
 * attempt — locked, throttled — is recorded as denied, and a revoked session never gets that far).
 */
async function evaluatedGuesses(userId: string): Promise<number> {
  const row = await handle.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resource_id', '=', userId)
    .where('action', 'in', ['auth.mfa', 'auth.lockout'])
    .where('result', '=', 'failure')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function freshSignInEachGuess(): Promise<number> {
  const secret = generateSecret();
  const id = await victim(secret);
  const username = (
    await handle.db
      .selectFrom('staff_users')
      .select('username')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).username;
  const bad = await wrong(secret);
  for (let i = 0; i < 200; i++) {
    const s = await passwordStep(username);
    if (!s) break;
    await guess(s, bad);
  }
  return evaluatedGuesses(id);
}

async function manySessions(count: number, parallel: boolean): Promise<number> {
  const secret = generateSecret();
  const id = await victim(secret);
  const username = (
    await handle.db
      .selectFrom('staff_users')
      .select('username')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).username;
  const bad = await wrong(secret);
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const s = await passwordStep(username);
    if (s) sessions.push(s);
  }
  if (parallel) await Promise.all(sessions.map((s) => guess(s, bad)));
  else for (const s of sessions) await guess(s, bad);
  return evaluatedGuesses(id);
}

/** Guesses in the first 24 hours: each lockout is waited out (the clock moved on by hand). */
async function firstDay(): Promise<{ guesses: number; lockouts: number[] }> {
  const secret = generateSecret();
  const id = await victim(secret);
  const username = (
    await handle.db
      .selectFrom('staff_users')
      .select('username')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).username;
  const bad = await wrong(secret);
  let elapsedMinutes = 0;
  const lockouts: number[] = [];
  while (elapsedMinutes < 24 * 60) {
    const s = await passwordStep(username);
    if (!s) {
      const row = await handle.db
        .selectFrom('staff_users')
        .select('locked_until')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const minutes = Math.round((row.locked_until!.getTime() - Date.now()) / 60_000);
      lockouts.push(minutes);
      elapsedMinutes += minutes;
      await handle.db
        .updateTable('staff_users')
        .set({ locked_until: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute();
      continue;
    }
    await guess(s, bad);
  }
  return { guesses: await evaluatedGuesses(id), lockouts };
}

const totp = {
  freshSignInEachGuess: await freshSignInEachGuess(),
  halfSignedInSessions: await manySessions(30, false),
  parallel: await manySessions(30, true),
  firstDay: await firstDay(),
};
await a.close();
console.log(`\nTOTP guesses evaluated before the lockout, password known (LOGIN_MAX_FAILURES=${MAX}):`);
console.log(`  a fresh sign-in before each guess (200 tried): ${totp.freshSignInEachGuess}`);
console.log(`  30 half-signed-in sessions, one guess each:    ${totp.halfSignedInSessions}`);
console.log(`  30 sessions guessing at the same moment:       ${totp.parallel}`);
console.log(
  `  first 24 hours, lockouts waited out:           ${totp.firstDay.guesses} guesses; lockouts of ${totp.firstDay.lockouts.join(', ')} minutes`,
);
const chance = 1 - (1 - 3 / 1_000_000) ** totp.firstDay.guesses;
console.log(`  chance of hitting a valid code (3 of 10^6 per guess) in 24 h: ${(chance * 100).toFixed(4)} %`);
console.log('  (before #9: 100 wrong codes with fresh sign-ins, never locked; the issue’s report)');

await handle.close();
console.log(
  JSON.stringify({
    xffThroughBefore429: xff,
    totpGuessesBeforeLockout: {
      freshSignInEachGuess: totp.freshSignInEachGuess,
      halfSignedInSessions: totp.halfSignedInSessions,
      parallel: totp.parallel,
    },
    totpGuessesFirst24h: totp.firstDay.guesses,
    lockoutMinutes: totp.firstDay.lockouts,
  }),
);
