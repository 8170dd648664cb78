import { type Kysely, sql } from 'kysely';

/**
 * A citizen's hold or booking in one statement again (#13, ADR 14 and 33): the bot protection's
 * used-challenge mark and the no-show rule (#14) had each added a round trip (and its CPU on both
 * sides) before the booking function's call. Now the booking functions do both themselves:
 *
 * - `booking_hold`, `booking_book_direct` and `booking_confirm` become wrappers around the
 *   functions of migration 0251 (renamed `…_core`, unchanged). With `p.challenge` ({nonce,
 *   expiresAt}, verified by the server) the wrapper marks the challenge used first
 *   (`antibot_used_challenges`, primary key: a replay — in parallel, in another process — is
 *   refused with CHALLENGE_FAILED). With `p.noShow` ({contactHash, defaultLimit, defaultMonths})
 *   it applies the authority's no-show rule (BOOKING_NO_SHOW_LIMIT) before the booking.
 * - A solution is used up even when the booking is refused afterwards (time taken, day closed, a
 *   rule): as before, when its mark was written in a statement of its own. The booking runs in a
 *   block with an exception handler (a subtransaction): a refusal rolls back the booking's writes
 *   but not the mark, and is answered as `{refused: {code, message, detail, constraint}}`, which
 *   the server turns into the same error as a raised one (booking/write-path.ts). A deadlock or
 *   serialization failure, and a place the server's cache had wrong (STALE_LOCATION), are raised
 *   as before: the server tries the whole call again, mark included.
 * - With `p.scopeAuthorityId` (the authority of the work's scope, ADR 27) a hold's or booking's
 *   office day, and a confirmation's hold, of another authority is refused as unknown
 *   (OFFICE_DAY_NOT_FOUND, BOOKING_TOKEN_INVALID): the application's wall, in the same statement.
 *   On a server row-level security hides such rows anyway (the look-up finds none and the core
 *   function reports them unknown); on PGlite, which runs as superuser, this is the wall.
 *
 * Staff bookings (hotline, desk) pass no challenge and no no-show rule; only the scope check
 * runs before the core function.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter function booking_hold(jsonb) rename to booking_hold_core;
alter function booking_book_direct(jsonb) rename to booking_book_direct_core;
alter function booking_confirm(jsonb) rename to booking_confirm_core;

-- ADR 33: the first use of a verified challenge marks it; a second use finds the mark.
create function booking_use_challenge(c jsonb) returns void language plpgsql as $$
begin
  if c is null then return; end if;
  insert into antibot_used_challenges (nonce, expires_at)
  values (c->>'nonce', (c->>'expiresAt')::timestamptz)
  on conflict (nonce) do nothing;
  if not found then perform booking_fail('CHALLENGE_FAILED'); end if;
end $$;

-- #14: the authority's no-show rule (its own or the default) for a citizen's own booking.
-- The months are counted back from the request's UTC date, as the rule page explains.
create function booking_no_show_check(p_authority uuid, n jsonb, p_now timestamptz) returns void
language plpgsql as $$
declare
  lim integer := (n->>'defaultLimit')::int;
  months integer := (n->>'defaultMonths')::int;
  counted integer;
begin
  if n is null or p_authority is null then return; end if; -- the booking reports an unknown day or hold
  select r.no_show_limit, r.no_show_months into lim, months
    from booking_confirmation_rules r where r.authority_id = p_authority;
  if not found then
    lim := (n->>'defaultLimit')::int;
    months := (n->>'defaultMonths')::int;
  end if;
  if lim = 0 then return; end if;
  select count(*) into counted from booking_no_shows s
   where s.authority_id = p_authority and s.contact_hash = n->>'contactHash'
     and s.service_date >= ((p_now at time zone 'UTC') - make_interval(months => months))::date;
  if counted >= lim then
    perform booking_fail('BOOKING_NO_SHOW_LIMIT', jsonb_build_object('limit', lim, 'months', months));
  end if;
end $$;

-- ADR 27: the target (office day or hold) belongs to the work's authority, or is unknown.
create function booking_scope_check(p_authority uuid, p_scope text, p_code text) returns void
language plpgsql as $$
begin
  if p_scope is not null and p_authority is not null and p_authority <> p_scope::uuid then
    perform booking_fail(p_code);
  end if;
end $$;

-- A refusal inside the guarded block, as an answer (the challenge's mark stays).
create function booking_refused(p_state text, p_message text, p_detail text, p_constraint text)
returns jsonb language sql immutable as $$
  select jsonb_build_object('refused', jsonb_build_object('code', p_state, 'message', p_message,
    'detail', p_detail, 'constraint', p_constraint))
$$;

create function booking_hold(p jsonb) returns jsonb language plpgsql as $$
declare
  st text; msg text; det text; con text;
begin
  if p->'challenge' is null then
    perform booking_scope_check(
      (select authority_id from office_days where id = (p->>'officeDayId')::uuid), p->>'scopeAuthorityId',
      'OFFICE_DAY_NOT_FOUND');
    return booking_hold_core(p);
  end if;
  perform booking_use_challenge(p->'challenge');
  begin
    perform booking_scope_check(
      (select authority_id from office_days where id = (p->>'officeDayId')::uuid), p->>'scopeAuthorityId',
      'OFFICE_DAY_NOT_FOUND');
    return booking_hold_core(p);
  exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail,
      con = constraint_name;
    if st in ('40001', '40P01') or msg = 'bk:STALE_LOCATION' then raise; end if;
    return booking_refused(st, msg, det, con);
  end;
end $$;

create function booking_book_direct(p jsonb) returns jsonb language plpgsql as $$
declare
  st text; msg text; det text; con text;
  day_authority uuid := (select authority_id from office_days where id = (p->>'officeDayId')::uuid);
begin
  if p->'challenge' is null then
    perform booking_scope_check(day_authority, p->>'scopeAuthorityId', 'OFFICE_DAY_NOT_FOUND');
    perform booking_no_show_check(day_authority, p->'noShow', (p->>'now')::timestamptz);
    return booking_book_direct_core(p);
  end if;
  perform booking_use_challenge(p->'challenge');
  begin
    perform booking_scope_check(day_authority, p->>'scopeAuthorityId', 'OFFICE_DAY_NOT_FOUND');
    perform booking_no_show_check(day_authority, p->'noShow', (p->>'now')::timestamptz);
    return booking_book_direct_core(p);
  exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail,
      con = constraint_name;
    if st in ('40001', '40P01') or msg = 'bk:STALE_LOCATION' then raise; end if;
    return booking_refused(st, msg, det, con);
  end;
end $$;

-- A confirmation needs no challenge (the hold had one); the no-show rule applies to it.
create function booking_confirm(p jsonb) returns jsonb language plpgsql as $$
declare
  hold_authority uuid := (select authority_id from appointments where id = (p->>'holdId')::uuid);
begin
  perform booking_scope_check(hold_authority, p->>'scopeAuthorityId', 'BOOKING_TOKEN_INVALID');
  perform booking_no_show_check(hold_authority, p->'noShow', (p->>'now')::timestamptz);
  return booking_confirm_core(p);
end $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the booking write path cannot be reverted');
}
