import { type Kysely, sql } from 'kysely';

/**
 * What an installation needs to know about each authority it serves (#12): its portal address
 * (a path slug, optionally its own host name), whether it is active or suspended, what kind of
 * body it is, its lead municipality, whether it joined the 115 service centre, and its look and
 * imprint. Written once here so the operator's onboarding and the per-authority portal share one
 * schema.
 *
 * - `slug`: the portal address `/<slug>/…`; lower-case letters, digits and hyphens (filled from
 *   the id when an insert leaves it out).
 * - `host`: an optional own host name (`buergerbuero.example.de`), lower-case, no port.
 * - `status`: `active` or `suspended` (no staff sign-in, the portal shows `status_note`).
 * - `body_kind`: the legal form of the administrative body (Verwaltungsgemeinschaft,
 *   Verwaltungsverband, Einheitsgemeinde, Stadt); `kind` keeps its older meaning.
 * - `branding`: `{ logo?: string (stored file name), primaryColour?: '#rrggbb', … }`, checked
 *   against KERN's rules by the application.
 * - `imprint`: the legal notice (responsible person, supervisory authority, VAT id …).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table authorities
  add column slug text,
  add column host text,
  add column status text not null default 'active' check (status in ('active','suspended')),
  add column status_changed_at timestamptz,
  add column status_note text,
  add column body_kind text check (body_kind in ('verwaltungsgemeinschaft','verwaltungsverband','einheitsgemeinde','stadt')),
  add column lead_municipality_id uuid references municipalities(id),
  add column joined_115 boolean not null default false,
  add column branding jsonb not null default '{}'::jsonb,
  add column imprint jsonb not null default '{}'::jsonb;

update authorities set slug = case
  when ags = '14524190' then 'meerane'
  else 'behoerde-' || left(replace(id::text, '-', ''), 12)
end;
update authorities set body_kind = 'verwaltungsgemeinschaft', joined_115 = true where ags = '14524190';

alter table authorities
  alter column slug set not null,
  add constraint authorities_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
  add constraint authorities_host_format check (host is null or host ~ '^[a-z0-9.-]{1,253}$');
create unique index authorities_slug on authorities (slug);
create unique index authorities_host on authorities (host) where host is not null;

-- An authority created without a slug (tests, older tools) gets a stable one from its id.
create function authorities_default_slug() returns trigger language plpgsql as $$
begin
  if new.slug is null then
    new.slug := 'behoerde-' || left(replace(new.id::text, '-', ''), 12);
  end if;
  return new;
end $$;
create trigger authorities_default_slug before insert on authorities
  for each row execute function authorities_default_slug();
`.execute(db);
}
