import { type Kysely, sql } from 'kysely';

/**
 * A desk has at most one active call (#10): at one location on one day, only one ticket may be
 * `called` or `serving` at a desk (desk labels compared without case and surrounding spaces).
 * "Call next" takes a lock per desk and answers a repeat with the current call; this index is
 * the database's guarantee behind it. Tickets a field kit recorded offline (`kit_ref`) are
 * history from the kit's own queue and stay outside the rule.
 *
 * Existing data that already breaks the rule (two tickets called to one desk before this
 * migration) keeps the latest call; the older ones go back to waiting, as a clerk's "back to
 * the queue" would — nothing is deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
update tickets set desk_label = btrim(regexp_replace(desk_label, '\\s+', ' ', 'g'))
  where desk_label is not null;

with ranked as (
  select id, row_number() over (
    partition by location_id, service_date, lower(desk_label)
    order by last_called_at desc nulls last, id desc
  ) as n
  from tickets
  where status in ('called', 'serving') and kit_ref is null and desk_label is not null
)
update tickets t set status = 'waiting', desk_label = null, clerk_id = null
  from ranked r where r.id = t.id and r.n > 1;

create unique index tickets_one_active_call_per_desk
  on tickets (location_id, service_date, lower(desk_label))
  where status in ('called', 'serving') and kit_ref is null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tickets_one_active_call_per_desk;`.execute(db);
}
