import { type Kysely, sql } from 'kysely';

/**
 * Bot protection (#14, ADR 33): a solved proof-of-work challenge is good for one request. Its
 * nonce is kept here until the challenge expires, so a replayed solution is refused by every
 * server process (the primary key makes the check and the mark one atomic insert).
 * Installation-wide and without personal data: a random nonce and its expiry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table antibot_used_challenges (
  nonce text primary key,
  expires_at timestamptz not null
);
create index antibot_used_challenges_expiry on antibot_used_challenges (expires_at);
`.execute(db);
}
