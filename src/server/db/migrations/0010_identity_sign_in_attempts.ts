import { type Kysely, sql } from 'kysely';

/**
 * Sign-in attempts counted per account (#9). Second-factor failures have their own count, which
 * only a completed sign-in resets (a right password no longer does), and each lockout they cause
 * doubles the next. A sliding minute of attempts per account throttles guesses from many
 * addresses at once. See ADR 0012.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table staff_users
  add column mfa_failures integer not null default 0 check (mfa_failures >= 0),
  add column mfa_lockouts integer not null default 0 check (mfa_lockouts >= 0),
  add column attempt_window_start timestamptz,
  add column attempts_in_window integer not null default 0 check (attempts_in_window >= 0);
`.execute(db);
}

export async function down(): Promise<void> {
  // The counts are security state; dropping them would hand an attacker fresh guesses.
  throw new Error('the sign-in attempt migration cannot be reverted');
}
