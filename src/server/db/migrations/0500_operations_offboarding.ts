import { type Kysely, sql } from 'kysely';

/**
 * Offboarding an authority (#12, ADR 26): after its data was exported, the operator deletes it.
 * Two guards that keep records unchangeable (published catalogue versions, the cash book) let a
 * delete through only for the authority named in the transaction-local setting
 * `bk.offboarding` — set by the offboarding service alone, inside the deleting transaction.
 * The audit trail is not deleted (ADR 26).
 *
 * `authority_exports` remembers each export (file, size, SHA-256), also after the deletion —
 * the proof of what was handed over — and so has no foreign key to the authority.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function catalog_versions_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and coalesce(current_setting('bk.offboarding', true), '') = old.authority_id::text then
    return old;
  end if;
  raise exception 'published catalogue versions are immutable' using errcode = 'insufficient_privilege';
end $$;

create or replace function payments_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if coalesce(current_setting('bk.retention', true), '') = 'cash' then
      return old;
    end if;
    if coalesce(current_setting('bk.offboarding', true), '') = old.authority_id::text then
      return old;
    end if;
    raise exception 'payments are append-only' using errcode = 'insufficient_privilege';
  end if;
  if old.closing_id is null and new.closing_id is not null
     and (to_jsonb(new) - 'closing_id') = (to_jsonb(old) - 'closing_id') then
    return new;
  end if;
  raise exception 'payments cannot be changed; record a reversal instead' using errcode = 'insufficient_privilege';
end $$;

create table authority_exports (
  id uuid primary key,
  authority_id uuid not null,
  authority_slug text not null,
  file_name text not null,
  bytes bigint not null check (bytes >= 0),
  sha256 char(64) not null,
  tables integer not null,
  rows bigint not null,
  attachments integer not null,
  created_at timestamptz not null default now(),
  created_by uuid references staff_users(id) on delete set null
);
create index authority_exports_authority on authority_exports (authority_id, created_at);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the offboarding migration cannot be reverted');
}
