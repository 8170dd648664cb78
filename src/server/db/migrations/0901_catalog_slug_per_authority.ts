import { type Kysely, sql } from 'kysely';

/**
 * (Numbered after the catalogue's own migrations, whose tables it changes; #12 has 0900–0919.)
 *
 * A service's address is unique per authority, not in the whole installation (#12, ADR 27):
 * every authority's portal has its own /<portal>/leistungen/personalausweis-beantragen, and an
 * authority adopting a service of the Land catalogue keeps the Land's address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table catalog_services drop constraint catalog_services_slug_key;
alter table catalog_services add constraint catalog_services_authority_slug unique (authority_id, slug);
alter table catalog_published drop constraint catalog_published_slug_key;
alter table catalog_published add constraint catalog_published_authority_slug unique (authority_id, slug);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table catalog_published drop constraint catalog_published_authority_slug;
alter table catalog_published add constraint catalog_published_slug_key unique (slug);
alter table catalog_services drop constraint catalog_services_authority_slug;
alter table catalog_services add constraint catalog_services_slug_key unique (slug);
`.execute(db);
}
