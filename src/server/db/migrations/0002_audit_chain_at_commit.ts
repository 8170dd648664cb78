import { type Kysely, sql } from 'kysely';

/**
 * Chain audit rows at commit time instead of at insert time.
 *
 * 0001 took the chain lock when a row was inserted and held it until the transaction ended, so
 * every audited transaction waited for every other one from its first audit row to its commit —
 * a booking's whole transaction. Now a row is inserted unchained and a deferred constraint
 * trigger links it when the transaction commits: the lock (the row lock on `audit_chain_head`)
 * is held only for the last moments of a transaction. `chain_seq` is the position in the chain;
 * `seq` stays the insertion order. Rows of 0001 keep their hashes (chain_seq = seq for them).
 *
 * The head row also detects rows cut off the end of the chain, which links alone cannot show.
 * In a REPEATABLE READ or SERIALIZABLE transaction the head update fails with a serialization
 * error when another transaction chained meanwhile — the caller retries — so no snapshot can
 * chain to a stale head.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();

alter table audit_log
  alter column seq set default nextval('audit_log_seq'),
  alter column prev_hash drop not null,
  alter column hash drop not null,
  add column chain_seq bigint unique;

alter table audit_log disable trigger audit_log_no_update;
update audit_log set chain_seq = seq;
alter table audit_log enable trigger audit_log_no_update;

create table audit_chain_head (
  id integer primary key check (id = 1),
  chain_seq bigint not null,
  hash text not null
);
insert into audit_chain_head (id, chain_seq, hash)
  select 1, coalesce(max(chain_seq), 0),
    coalesce((select hash from audit_log order by chain_seq desc limit 1), repeat('0', 64))
  from audit_log;

-- What the hash covers: the row's content, its position in the chain and its predecessor's hash.
create or replace function audit_row_text(r audit_log) returns text language sql stable as $$
  select concat_ws('|', coalesce(r.chain_seq, r.seq)::text, r.id::text, coalesce(r.authority_id::text, ''),
    to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(r.actor_user_id::text, ''), coalesce(r.actor_username, ''), coalesce(r.actor_role, ''),
    coalesce(r.actor_kit_id::text, ''), r.action, r.resource_type, coalesce(r.resource_id, ''),
    coalesce(r.subject_person_id::text, ''), coalesce(r.reason, ''), r.result, coalesce(r.error_code, ''),
    coalesce(r.before::text, ''), coalesce(r.after::text, ''), coalesce(r.details::text, ''),
    coalesce(r.request_id, ''), coalesce(r.prev_hash, ''))
$$;

create function audit_log_prepare() returns trigger language plpgsql as $$
begin
  new.occurred_at := date_trunc('microseconds', coalesce(new.occurred_at, now()));
  new.chain_seq := null;
  new.prev_hash := null;
  new.hash := null;
  return new;
end $$;
create trigger audit_log_prepare before insert on audit_log for each row execute function audit_log_prepare();

create function audit_log_chain() returns trigger language plpgsql as $$
declare
  r audit_log;
  position bigint;
  previous text;
begin
  update audit_chain_head set chain_seq = chain_seq + 1 where id = 1 returning chain_seq, hash into position, previous;
  r := new;
  r.chain_seq := position;
  r.prev_hash := previous;
  r.hash := encode(sha256(convert_to(audit_row_text(r), 'UTF8')), 'hex');
  update audit_chain_head set hash = r.hash where id = 1;
  update audit_log set chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash where seq = new.seq;
  return null;
end $$;
create constraint trigger audit_log_chain after insert on audit_log
  deferrable initially deferred for each row execute function audit_log_chain();

-- Append-only, except for the one update that links a fresh row into the chain.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.hash is null and old.chain_seq is null and new.hash is not null
     and (old.seq, old.id, old.authority_id, old.occurred_at, old.actor_user_id, old.actor_username, old.actor_role,
          old.actor_kit_id, old.action, old.resource_type, old.resource_id, old.subject_person_id, old.reason,
          old.result, old.error_code, old.before, old.after, old.details, old.request_id)
     is not distinct from
         (new.seq, new.id, new.authority_id, new.occurred_at, new.actor_user_id, new.actor_username, new.actor_role,
          new.actor_kit_id, new.action, new.resource_type, new.resource_id, new.subject_person_id, new.reason,
          new.result, new.error_code, new.before, new.after, new.details, new.request_id) then
    return new;
  end if;
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;

create or replace function audit_chain_head_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.chain_seq >= old.chain_seq then return new; end if;
  raise exception 'audit_chain_head only moves forward' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_chain_head_guard before update or delete on audit_chain_head for each row execute function audit_chain_head_guard();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the audit chain migration cannot be reverted');
}
