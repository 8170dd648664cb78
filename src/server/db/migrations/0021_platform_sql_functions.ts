import { type Kysely, sql } from 'kysely';

/**
 * The platform's write helpers for functions in the database (ADR 14): a write path that runs as
 * one PL/pgSQL call (a booking) records its audit row and queues its jobs through these, so the
 * audit and job tables keep one shape however they are written. And the change notification that
 * keeps the processes' caches honest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
-- UUIDv7 (time-ordered, as src/core/ids.ts makes them) for rows created inside the database.
create function bk_uuidv7() returns uuid language sql volatile as $$
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

-- recordAudit() for PL/pgSQL: the actor as auditActor() gives it (JSON), the entry's fields.
-- (PL/pgSQL, not SQL: its statement's plan is kept per connection instead of made per call.)
create function audit_record(
  p_actor jsonb, p_authority_id uuid, p_action text, p_resource_type text, p_resource_id text,
  p_after jsonb default null, p_details jsonb default null
) returns void language plpgsql volatile as $$
begin
  insert into audit_log (id, authority_id, actor_user_id, actor_username, actor_role, actor_kit_id,
    action, resource_type, resource_id, subject_person_id, reason, result, error_code, before, after,
    details, request_id)
  values (bk_uuidv7(), p_authority_id, (p_actor->>'userId')::uuid, p_actor->>'username',
    p_actor->>'role', (p_actor->>'kitId')::uuid, p_action, p_resource_type, p_resource_id, null,
    p_actor->>'reason', 'success', null, null, p_after, p_details, p_actor->>'requestId');
end $$;

-- enqueueJob() for PL/pgSQL: at most one pending job per dedupe key.
create function job_enqueue(
  p_type text, p_payload jsonb, p_authority_id uuid, p_run_at timestamptz, p_max_attempts integer,
  p_dedupe_key text
) returns void language plpgsql volatile as $$
begin
  insert into jobs (id, authority_id, type, payload, run_at, max_attempts, dedupe_key)
  values (bk_uuidv7(), p_authority_id, p_type, p_payload, p_run_at, p_max_attempts, p_dedupe_key)
  on conflict (dedupe_key) where dedupe_key is not null and status in ('pending','running') do nothing;
end $$;

-- Caches of rarely changing tables are dropped when a statement changes them: every process
-- listens on this channel (src/server/db/table-changes.ts); a module adds the trigger to the
-- tables its caches read (0250 for booking's).
create function bk_notify_table_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('bk_table_change', tg_table_name);
  return null;
end $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the platform SQL functions cannot be reverted');
}
