import { type Kysely, sql } from 'kysely';

/**
 * Security keys and passkeys (WebAuthn, #9, ADR 0013): staff enrol one or more; an admin can
 * revoke one (it stays on record, refused from then on) and can require keys for the roles that
 * read the resident register. Pending ceremonies keep their one-time challenge for a few
 * minutes; a challenge is used once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table staff_security_keys (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  user_id uuid not null references staff_users(id),
  -- base64url, as the browser reports it
  credential_id text not null unique check (credential_id ~ '^[A-Za-z0-9_-]+$' and length(credential_id) between 16 and 1400),
  public_key bytea not null,
  sign_count bigint not null default 0 check (sign_count >= 0),
  transports text[] not null default '{}',
  device_type text not null check (device_type in ('singleDevice','multiDevice')),
  backed_up boolean not null default false,
  -- the authenticator can sign in without a user name (a discoverable credential, a "passkey")
  discoverable boolean,
  aaguid text not null,
  name text not null check (length(name) between 1 and 60),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references staff_users(id),
  revoke_reason text,
  check ((revoked_at is null) = (revoke_reason is null))
);
create index staff_security_keys_user on staff_security_keys (user_id) where revoked_at is null;

create table webauthn_challenges (
  id uuid primary key,
  purpose text not null check (purpose in ('registration','second_factor','passwordless')),
  challenge text not null unique,
  session_id uuid references staff_sessions(id),
  user_id uuid references staff_users(id),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (purpose = 'passwordless' or (session_id is not null and user_id is not null))
);
create index webauthn_challenges_expiry on webauthn_challenges (expires_at);

create table authority_security_policies (
  authority_id uuid primary key references authorities(id),
  require_security_key boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by uuid references staff_users(id)
);

alter table staff_sessions drop constraint staff_sessions_stage_check;
alter table staff_sessions add constraint staff_sessions_stage_check check (stage in
  ('mfa_required','password_change_required','mfa_enrolment_required','key_enrolment_required','active'));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the security-key migration cannot be reverted (keys would be lost)');
}
