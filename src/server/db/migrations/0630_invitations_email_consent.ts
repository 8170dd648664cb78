import { type Kysely, sql } from 'kysely';

/**
 * Invitations by e-mail with a consent record (#14, ADR 34):
 *
 * - `invitation_consents`: a resident's consent to receive the invitation before an ID expires
 *   by e-mail — person, address, purpose, language, when and by whom it was recorded (the desk),
 *   the double opt-in (confirmation deadline, confirmed at) and its end (withdrawn at the desk or
 *   by the citizen, replaced, moved away, died, never confirmed). At most one open consent per
 *   person and purpose. When a consent ends its address is removed; its SHA-256 stays as proof
 *   of which address had consented (Art. 7 Abs. 1 DSGVO) until the retention period ends.
 * - `invitation_consent_tokens`: hashes of the links in the confirmation mail and in every
 *   invitation mail (confirm, withdraw). Never the token itself.
 * - `invitations.channel` may be `email`; `invitation_runs.mails` counts the mails of a run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table invitation_consents (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  person_id uuid not null,
  purpose text not null check (purpose in ('id_expiry_invitation')),
  email text check (email is null or length(email) <= 254),
  email_sha256 text not null,
  locale text not null check (locale in ('de','en')),
  given_at timestamptz not null default now(),
  given_where text not null check (given_where in ('desk')),
  given_by uuid,
  confirm_by timestamptz not null,
  confirmed_at timestamptz,
  ended_at timestamptz,
  end_reason text check (end_reason in
    ('withdrawn_at_desk','withdrawn_by_citizen','replaced','moved_away','deceased','not_confirmed')),
  ended_by uuid,
  check ((ended_at is null) = (end_reason is null)),
  check (ended_at is not null or email is not null)
);
create unique index invitation_consents_one_open
  on invitation_consents (authority_id, person_id, purpose) where ended_at is null;
create index invitation_consents_person on invitation_consents (person_id);

create table invitation_consent_tokens (
  token_hash text primary key,
  authority_id uuid not null references authorities(id),
  consent_id uuid not null references invitation_consents(id) on delete cascade,
  kind text not null check (kind in ('confirm','withdraw')),
  created_at timestamptz not null default now()
);
create index invitation_consent_tokens_consent on invitation_consent_tokens (consent_id);

alter table invitations drop constraint invitations_channel_check;
alter table invitations add constraint invitations_channel_check check (channel in ('letter','email'));
alter table invitations add column consent_id uuid;
alter table invitation_runs add column mails integer not null default 0;
`.execute(db);
}
