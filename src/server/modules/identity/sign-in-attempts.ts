import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/**
 * How many guesses an account allows. Every attempt is claimed in the database BEFORE its answer
 * is checked, in one atomic update that also checks the lock, the count and the per-minute
 * throttle; so parallel guesses, many half-signed-in sessions and many addresses together never
 * get more than the limit evaluated (ADR 0012).
 *
 * - Password failures count until the right password; `maxFailures` of them lock the account for
 *   `lockoutMinutes`.
 * - Second-factor failures (TOTP code, security key) count until a sign-in is completed — a
 *   right password does not reset them. `maxFailures` of them lock the account; each further
 *   lockout before a completed sign-in lasts twice as long (at most a day): someone who holds the
 *   password gets 5 guesses, then 5 more after 15 minutes, 30, 60, …
 * - A lockout ends every half-signed-in session of the account at once.
 * - At most `perMinute` attempts per account and minute, from whatever address.
 */
export interface AttemptLimits {
  maxFailures: number;
  lockoutMinutes: number;
  perMinute: number;
}

export type AttemptKind = 'password' | 'second_factor';

export type Claim =
  | { ok: true; failures: number }
  | { ok: false; reason: 'locked'; minutes: number }
  | { ok: false; reason: 'throttled' };

const MAX_LOCKOUT_MINUTES = 24 * 60;

/** Claims one attempt for the account, or says why none may be made now. */
export async function claimAttempt(
  db: Executor,
  userId: string,
  kind: AttemptKind,
  limits: AttemptLimits,
): Promise<Claim> {
  const counter = kind === 'password' ? sql.ref('failed_logins') : sql.ref('mfa_failures');
  const inWindow = sql`attempt_window_start > now() - interval '1 minute'`;
  const claimed = await sql<{ failures: number }>`
    update staff_users set
      attempts_in_window = case when ${inWindow} then attempts_in_window + 1 else 1 end,
      attempt_window_start = case when ${inWindow} then attempt_window_start else now() end,
      ${counter} = ${counter} + 1
    where id = ${userId}
      and (locked_until is null or locked_until <= now())
      and ${counter} < ${limits.maxFailures}
      and not (${inWindow} and attempts_in_window >= ${limits.perMinute})
    returning ${counter} as failures`.execute(db);
  const row = claimed.rows[0];
  if (row) return { ok: true, failures: Number(row.failures) };
  const state = await db
    .selectFrom('staff_users')
    .select(['locked_until'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const until = state?.locked_until?.getTime() ?? 0;
  if (until > Date.now())
    return { ok: false, reason: 'locked', minutes: Math.ceil((until - Date.now()) / 60_000) };
  // The minute's allowance is used up, or the limit of guesses is already being evaluated.
  return { ok: false, reason: 'throttled' };
}

/**
 * A claimed attempt was wrong. Locks the account if it was the last one allowed; returns the
 * lockout's length in minutes, or null if the account is not locked by this failure.
 */
export async function attemptFailed(
  trx: Executor,
  userId: string,
  kind: AttemptKind,
  claim: { failures: number },
  limits: AttemptLimits,
): Promise<number | null> {
  if (claim.failures < limits.maxFailures) return null;
  let minutes = limits.lockoutMinutes;
  if (kind === 'password') {
    await trx
      .updateTable('staff_users')
      .set({ failed_logins: 0, locked_until: sql`now() + make_interval(mins => ${minutes})` as never })
      .where('id', '=', userId)
      .execute();
  } else {
    const row = await trx
      .selectFrom('staff_users')
      .select('mfa_lockouts')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    minutes = Math.min(limits.lockoutMinutes * 2 ** Math.min(row.mfa_lockouts, 16), MAX_LOCKOUT_MINUTES);
    await trx
      .updateTable('staff_users')
      .set({
        mfa_failures: 0,
        mfa_lockouts: sql`mfa_lockouts + 1` as never,
        locked_until: sql`now() + make_interval(mins => ${minutes})` as never,
      })
      .where('id', '=', userId)
      .execute();
  }
  // The lock holds for every half-signed-in session of the account, not only this one.
  await trx
    .updateTable('staff_sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('stage', '!=', 'active')
    .execute();
  return minutes;
}

/** The right password: its failures are forgotten (second-factor failures are not). */
export async function passwordSucceeded(trx: Executor, userId: string): Promise<void> {
  await trx.updateTable('staff_users').set({ failed_logins: 0 }).where('id', '=', userId).execute();
}

/** Every factor of the account proven: all counts start again. */
export async function signInCompleted(trx: Executor, userId: string): Promise<void> {
  await trx
    .updateTable('staff_users')
    .set({ failed_logins: 0, mfa_failures: 0, mfa_lockouts: 0 })
    .where('id', '=', userId)
    .execute();
}
