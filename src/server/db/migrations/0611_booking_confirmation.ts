import { type Kysely, sql } from 'kysely';

/**
 * "Kommen Sie?" (#14): an authority may ask citizens to confirm their appointment some hours
 * before it; an appointment not confirmed by the deadline is released to the wait-list.
 *
 * - `booking_confirmation_rules`: the authority's switch and its hours (off until an admin turns
 *   it on).
 * - `appointments.confirm_token_hash`: SHA-256 of the single-purpose token in the request's links
 *   (it confirms or cancels this appointment, nothing else; the manage link is another token).
 * - `confirmation_requested_at` / `attendance_confirmed_at`: the request went out once; the
 *   citizen said yes.
 * - cancel reason `unconfirmed`: released at the deadline without an answer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table booking_confirmation_rules (
  authority_id uuid primary key references authorities(id),
  enabled boolean not null default false,
  request_hours integer not null default 48 check (request_hours between 2 and 336),
  deadline_hours integer not null default 24 check (deadline_hours between 1 and 335),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  check (deadline_hours < request_hours)
);

alter table appointments
  add column confirm_token_hash text,
  add column confirmation_requested_at timestamptz,
  add column attendance_confirmed_at timestamptz;
create unique index appointments_confirm_token on appointments (confirm_token_hash) where confirm_token_hash is not null;
create index appointments_confirmation_due on appointments (authority_id, starts_at)
  where status = 'booked' and attendance_confirmed_at is null;

alter table appointments drop constraint appointments_cancel_reason_check;
alter table appointments add constraint appointments_cancel_reason_check
  check (cancel_reason in ('citizen','staff','office_day_moved','office_day_cancelled','rescheduled','unconfirmed'));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('confirmation requests cannot be reverted');
}
