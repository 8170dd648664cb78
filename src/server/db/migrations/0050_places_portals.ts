import { type Kysely, sql } from 'kysely';

/**
 * Many authorities in one installation (#12, ADR 27, ADR 27):
 *
 * - `authorities.kind` may be `service_centre` — the 115 service centre, an organisation whose
 *   hotline agents act for the authorities that joined it (it has no portal, no register);
 * - an authority's slug may not be one of the installation's own first path segments (`api`,
 *   `leistungen`, `admin`, …), so `/<slug>/…` never shadows an app (the list is
 *   RESERVED_FIRST_SEGMENTS in src/core/portal.ts; a test keeps the two in step);
 * - addresses that were unique in the whole installation are unique per authority: a location's
 *   slug (`/<portal>/aufruf/<location>`), so two authorities can both have a "rathaus".
 * - `authorities.number_prefix`: the three letters in the authority's case numbers
 *   (MEE-2026-000123), unique in the installation, so no two authorities print the same case
 *   number; filled from the short name when an authority is created without one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table authorities drop constraint authorities_kind_check;
alter table authorities add constraint authorities_kind_check
  check (kind in ('lead_municipality','municipality','district','state','service_centre'));

alter table authorities add constraint authorities_slug_not_reserved check (slug not in (
  'leistungen','sprechtage','termin','hausbesuch','status','pruefen','terminal','desk','admin',
  'anmelden','start','konto','aufruf','barrierefreiheit','impressum','datenschutz','leichte-sprache',
  'en','koffer','api','assets','fonts','icons','health','ready','metrics','betrieb','behoerden',
  'static','well-known'));

alter table locations drop constraint locations_slug_key;
alter table locations add constraint locations_authority_slug unique (authority_id, slug);

alter table authorities add column number_prefix text check (number_prefix ~ '^[A-Z]{3}$');
create unique index authorities_number_prefix on authorities (number_prefix);

-- Three letters from the short name ("Stadt Meerane" → MEE, as src/core/cases/numbers.ts
-- derives them), varied in the last two letters until no other authority holds them.
create function authority_free_number_prefix(p_short_name text, p_id uuid) returns text
language plpgsql as $$
declare
  base text;
  candidate text;
  i integer := 0;
begin
  base := regexp_replace(p_short_name, '^(Stadt|Gemeinde|Verwaltungsgemeinschaft|Landkreis|Stadtverwaltung)[[:space:]]+', '', 'i');
  base := upper(base);
  base := replace(replace(replace(replace(base, 'Ä', 'AE'), 'Ö', 'OE'), 'Ü', 'UE'), 'ß', 'SS');
  base := regexp_replace(base, '[^A-Z]', '', 'g');
  base := rpad(coalesce(nullif(left(base, 3), ''), 'BK'), 3, 'X');
  candidate := base;
  while exists (select 1 from authorities a where a.number_prefix = candidate and a.id <> p_id) loop
    i := i + 1;
    if i >= 676 then raise exception 'no free case number prefix for %', p_short_name; end if;
    candidate := left(base, 1) || chr(65 + (i / 26)) || chr(65 + (i % 26));
  end loop;
  return candidate;
end $$;

create function authorities_number_prefix() returns trigger language plpgsql as $$
begin
  if new.number_prefix is null then
    new.number_prefix := authority_free_number_prefix(new.short_name, new.id);
  end if;
  return new;
end $$;
create trigger authorities_number_prefix before insert on authorities
  for each row execute function authorities_number_prefix();

do $$
declare r record;
begin
  for r in select id, short_name from authorities order by created_at, id loop
    update authorities set number_prefix = authority_free_number_prefix(r.short_name, r.id) where id = r.id;
  end loop;
end $$;
alter table authorities alter column number_prefix set not null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop trigger authorities_number_prefix on authorities;
drop function authorities_number_prefix();
drop function authority_free_number_prefix(text, uuid);
alter table authorities drop column number_prefix;
alter table locations drop constraint locations_authority_slug;
alter table locations add constraint locations_slug_key unique (slug);
alter table authorities drop constraint authorities_slug_not_reserved;
alter table authorities drop constraint authorities_kind_check;
alter table authorities add constraint authorities_kind_check
  check (kind in ('lead_municipality','municipality','district','state'));
`.execute(db);
}
