import { type Kysely, sql } from 'kysely';

/**
 * The audit chain is keyed and linked after commit (ADR 15, superseding ADR 9).
 *
 * - A row is sealed when it is inserted: its personal payload (who, whom, why, before/after,
 *   details) gets a salted digest `payload_hash`; everything else plus that digest gets
 *   `content_hash`. Erasing the payload after its retention period keeps both digests, so the
 *   chain stays verifiable ("delete payloads, keep the links").
 * - `tx_id` is the inserting transaction (pg_current_xact_id()). Rows are never updated for the
 *   chain and no shared row is touched at commit: a chainer links committed rows afterwards into
 *   `audit_chain`, in (tx_id, seq) order, only rows of transactions older than every transaction
 *   still running (pg_snapshot_xmin) — so a late commit can never be skipped.
 * - Each link is an HMAC-SHA-256 computed by the server under a key that is not in the database
 *   (AUDIT_KEY_FILE); the chain head carries a MAC too. Signed checkpoints go to a file outside
 *   the database and to `audit_checkpoints`.
 *
 * Rows of the old SHA-256 chain (ADR 9) are sealed here and relinked by the chainer with the key
 * (they come first, tx_id 0); their old hashes go, and one audit row records how many there were,
 * the old head and whether the old chain was intact at this moment.
 */

/** The personal payload: erased after the retention period (parameter name, type, column). */
const PAYLOAD: [string, string][] = [
  ['payload_salt', 'text'],
  ['actor_user_id', 'uuid'],
  ['actor_username', 'text'],
  ['actor_kit_id', 'uuid'],
  ['resource_id', 'text'],
  ['subject_person_id', 'uuid'],
  ['reason', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['details', 'jsonb'],
  ['request_id', 'text'],
];

/** What stays, with the payload's digest. */
const CONTENT: [string, string][] = [
  ['seq', 'bigint'],
  ['id', 'uuid'],
  ['tx_id', 'xid8'],
  ['authority_id', 'uuid'],
  ['occurred_at', 'timestamptz'],
  ['actor_role', 'text'],
  ['action', 'text'],
  ['resource_type', 'text'],
  ['result', 'text'],
  ['error_code', 'text'],
  ['payload_hash', 'text'],
];

/**
 * A digest function over columns passed one by one (not the whole row: forming the row for every
 * field would cost more than the hashing). The text is the columns' record output
 * (`row(…)::text`): one C function, and unambiguous — a field with a comma, a quote or a
 * parenthesis is quoted and escaped, NULL is an empty field, an empty text is "". The instant is
 * written as microseconds since the epoch (no locale, no time zone); no other column's output
 * depends on a setting.
 */
function digestFunction(name: string, columns: [string, string][], prefix: string | null): string {
  const parts = columns.map(([, type], i) =>
    type === 'timestamptz' ? `(extract(epoch from $${i + 1}) * 1000000)::bigint` : `$${i + 1}`,
  );
  const text = `row(${[...(prefix ? [`'${prefix}'::text`] : []), ...parts].join(', ')})::text`;
  // stable, not immutable: extract() on timestamptz and record output are stable, and an
  // immutable function with a stable body would not be inlined into the queries that call it.
  return `create function ${name}(${columns.map(([c, t]) => `${c} ${t}`).join(', ')}) returns text
  language sql stable parallel safe as $$ select encode(sha256(convert_to(${text}, 'UTF8')), 'hex') $$;`;
}

/** The call of a digest function with a row's columns (`new` in the trigger, `a` in a query). */
function digestCall(name: string, columns: [string, string][], row: string): string {
  return `${name}(${columns.map(([c]) => `${row}.${c}`).join(', ')})`;
}

const PAYLOAD_HASH = (row: string) => digestCall('audit_payload_hash', PAYLOAD, row);
const CONTENT_HASH = (row: string) => digestCall('audit_content_hash', CONTENT, row);

export async function up(db: Kysely<any>): Promise<void> {
  // What the old chain said before it goes (ADR 9's own check).
  const legacy = await sql<{ rows: number; head: string | null; intact: boolean }>`
    select count(*)::int as rows,
      (select hash from audit_chain_head where id = 1) as head,
      coalesce(bool_and(ok), true) as intact
    from (
      select coalesce(hash = encode(sha256(convert_to(audit_row_text(a), 'UTF8')), 'hex'), false)
         and coalesce(prev_hash = coalesce(lag(hash) over (order by chain_seq), repeat('0', 64)), false) as ok
      from audit_log a
    ) x`.execute(db);
  const old = legacy.rows[0]!;

  await sql
    .raw(`
drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();
drop trigger audit_log_prepare on audit_log;
drop function audit_log_prepare();
drop table audit_chain_head;
drop function audit_chain_head_guard();
drop function audit_row_text(audit_log);

alter table audit_log
  add column tx_id xid8,
  add column payload_salt text,
  add column payload_hash text,
  add column content_hash text,
  add column erased_at timestamptz;

-- The digests: of the salted payload (an erased row's digest reveals nothing), and of what the
-- chain links (the kept fields and the payload's digest).
${digestFunction('audit_payload_hash', PAYLOAD, null)}
${digestFunction('audit_content_hash', CONTENT, 'bk-audit-2')}

alter table audit_log disable trigger audit_log_no_update;
update audit_log set tx_id = '0', payload_salt = gen_random_uuid()::text;
update audit_log a set payload_hash = ${PAYLOAD_HASH('a')};
update audit_log a set content_hash = ${CONTENT_HASH('a')};
alter table audit_log enable trigger audit_log_no_update;

alter table audit_log
  drop column chain_seq,
  drop column prev_hash,
  drop column hash,
  alter column tx_id set default pg_current_xact_id(),
  alter column tx_id set not null,
  alter column payload_hash set not null,
  alter column content_hash set not null;
create index audit_log_chain_order on audit_log (tx_id, seq);
create index audit_log_erasable on audit_log (occurred_at) where erased_at is null;

create function audit_log_seal() returns trigger language plpgsql as $$
begin
  new.tx_id := pg_current_xact_id();
  new.occurred_at := coalesce(new.occurred_at, now());
  new.erased_at := null;
  new.payload_salt := gen_random_uuid()::text;
  new.payload_hash := ${PAYLOAD_HASH('new')};
  new.content_hash := ${CONTENT_HASH('new')};
  return new;
end $$;
create trigger audit_log_seal before insert on audit_log for each row execute function audit_log_seal();

-- Append-only, except erasing a row's personal payload (eraseAuditPayloads) with its digests kept.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.erased_at is null and new.erased_at is not null
     and row(new.payload_salt, new.actor_user_id, new.actor_username, new.actor_kit_id, new.resource_id,
             new.subject_person_id, new.reason, new.before, new.after, new.details, new.request_id) is null
     and (old.seq, old.id, old.tx_id, old.authority_id, old.occurred_at, old.actor_role, old.action,
          old.resource_type, old.result, old.error_code, old.payload_hash, old.content_hash)
         is not distinct from
         (new.seq, new.id, new.tx_id, new.authority_id, new.occurred_at, new.actor_role, new.action,
          new.resource_type, new.result, new.error_code, new.payload_hash, new.content_hash) then
    return new;
  end if;
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;

-- The links: one per audit row, in chain order; hash = HMAC(key, chain_seq|key_id|content_hash|prev_hash).
create table audit_chain (
  chain_seq bigint primary key,
  audit_seq bigint not null unique,
  key_id text not null,
  prev_hash text not null,
  hash text not null,
  linked_at timestamptz not null default clock_timestamp()
);

-- Where the chain ends; the chainer's lease (FOR UPDATE SKIP LOCKED) and its position.
create table audit_chain_head (
  id integer primary key check (id = 1),
  chain_seq bigint not null,
  tx_id xid8 not null,
  audit_seq bigint not null,
  hash text not null,
  key_id text,
  mac text,
  updated_at timestamptz not null default now()
);
insert into audit_chain_head (id, chain_seq, tx_id, audit_seq, hash) values (1, 0, '0', 0, repeat('0', 64));

-- The chainer links rows of transactions below this id: every transaction of this database
-- that was running at the statement's snapshot is at or above it. Transactions of other databases
-- on the same server (they cannot write here) do not hold it back when pg_stat_activity shows
-- them (superuser or pg_read_all_stats; otherwise they count, which only delays the chain).
create function audit_chain_horizon() returns xid8 language sql stable as $$
  select coalesce(
    (select min(x) from pg_snapshot_xip(pg_current_snapshot()) x
      where not exists (
        select 1 from pg_stat_activity a
         where a.backend_xid is not null
           and a.datname is distinct from current_database()
           and a.backend_xid::text::bigint = x::text::bigint % 4294967296)),
    pg_snapshot_xmax(pg_current_snapshot()))
$$;

-- A copy of each signed checkpoint (the file outside the database is the anchor).
create table audit_checkpoints (
  id bigint generated always as identity primary key,
  chain_seq bigint not null,
  hash text not null,
  rows bigint not null,
  created_at timestamptz not null,
  signing_key_id text not null,
  signature text not null
);

create function audit_chain_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;
create trigger audit_chain_no_update before update or delete on audit_chain
  for each row execute function audit_chain_append_only();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function audit_chain_append_only();
create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints
  for each row execute function audit_chain_append_only();

create function audit_chain_head_forward() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.chain_seq >= old.chain_seq then return new; end if;
  raise exception 'audit_chain_head only moves forward' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_chain_head_forward before update or delete on audit_chain_head
  for each row execute function audit_chain_head_forward();
`)
    .execute(db);

  if (old.rows > 0) {
    await sql`insert into audit_log (id, authority_id, action, resource_type, result, details)
      values (gen_random_uuid(), null, 'audit.chain.rekeyed', 'audit_log', 'success',
        ${JSON.stringify({ legacyRows: old.rows, legacyHead: old.head, legacyIntact: old.intact })}::jsonb)`.execute(
      db,
    );
  }
}

export async function down(): Promise<void> {
  throw new Error('the keyed audit chain cannot be reverted');
}
