import { type Kysely, sql } from 'kysely';

/**
 * The installation's operator (#12, ADR 24): a staff account tied to no authority. Its
 * `authority_id` is null — and only its: a check keeps every other account inside one authority,
 * and an operator account holds the role `operator` and nothing else, so it can never carry an
 * authority role. Its sessions and security keys have no authority either (the same checks, via
 * the account).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table staff_users drop constraint staff_users_roles_check;
alter table staff_users
  alter column authority_id drop not null,
  add constraint staff_users_roles_check check (
    cardinality(roles) > 0
    and roles <@ array['admin','coordinator','clerk','hotline','evaluator','auditor','operator']::text[]
  ),
  add constraint staff_users_operator_installation_wide check (
    (authority_id is null) = (roles = array['operator']::text[])
    and (authority_id is null or not ('operator' = any(roles)))
  );

alter table staff_sessions alter column authority_id drop not null;
alter table staff_security_keys alter column authority_id drop not null;

-- A session's and a key's authority is its account's: kept equal by the database.
create unique index staff_users_id_authority on staff_users (id, authority_id);
create function staff_owned_authority_matches() returns trigger language plpgsql as $$
declare owner_authority uuid;
begin
  select authority_id into owner_authority from staff_users where id = new.user_id;
  if new.authority_id is distinct from owner_authority then
    raise exception '%: authority % does not match the account''s authority %', tg_table_name, new.authority_id, owner_authority
      using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger staff_sessions_authority before insert or update of authority_id, user_id on staff_sessions
  for each row execute function staff_owned_authority_matches();
create trigger staff_security_keys_authority before insert or update of authority_id, user_id on staff_security_keys
  for each row execute function staff_owned_authority_matches();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the operator migration cannot be reverted while operator accounts may exist');
}
