import { type Kysely, sql } from 'kysely';

/**
 * The same office day (place, date, start and end) can be planned only once (#10). The schedule
 * service refuses it with a clear message under a lock per place and date; this index is the
 * database's guarantee behind it. Overlapping but different windows stay possible — the
 * coordinator must confirm them explicitly.
 *
 * A database that already holds such a duplicate keeps the copy with the most appointments (the
 * earliest on a tie); a copy without appointments is cancelled with a reason. Two copies that
 * both carry appointments cannot be merged without telling citizens, so the migration stops and
 * names them: cancel one under Sprechtage (its citizens are told), then start again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
with counted as (
  select o.id, o.location_id, o.date, o.start_time, o.end_time, o.created_at,
    (select count(*) from appointments a
      where a.office_day_id = o.id and a.status in ('held', 'booked', 'attended', 'no_show')) as appointments
  from office_days o
  where o.status = 'planned'
), ranked as (
  select id, appointments, row_number() over (
    partition by location_id, date, start_time, end_time
    order by appointments desc, created_at, id
  ) as n
  from counted
)
update office_days o
  set status = 'cancelled', cancel_reason = 'Doppelt geplant – beim Einführen der Regel „ein Tag nur einmal“ abgesagt (ohne Termine)',
      version = o.version + 1, updated_at = now()
  from ranked r
  where r.id = o.id and r.n > 1 and r.appointments = 0;

do $$
declare clash text;
begin
  select string_agg(ids, '; ') into clash from (
    select string_agg(id::text, ', ') as ids from office_days where status = 'planned'
    group by location_id, date, start_time, end_time having count(*) > 1
  ) d;
  if clash is not null then
    raise exception 'office days planned twice, each with appointments: % — cancel one of each under Sprechtage, then migrate again', clash;
  end if;
end $$;

create unique index office_days_no_duplicate
  on office_days (location_id, date, start_time, end_time)
  where status = 'planned';
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists office_days_no_duplicate;`.execute(db);
}
