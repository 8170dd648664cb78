import { sql } from 'kysely';
import type { TestApp } from '../../test/test-app';
import { SYSTEM_ACTOR } from '../audit/service';
import { SEED_SERVICES } from '../catalog/seed-services';
import { applyImport, checkImportEntries } from '../catalog/transfer';

/**
 * A further authority in a test's installation (#12): the authority with one municipality and
 * one town hall, and — unless `catalogue: false` — its own published copy of the demo catalogue
 * (new ids, the same addresses), imported through the catalogue's own import path. Written by
 * the test's own view (installation scope), as the operator's onboarding would.
 */
export interface AddedAuthority {
  id: string;
  slug: string;
  municipalityId: string;
  locationId: string;
  /** Published service ids by address (slug). */
  services: Record<string, string>;
}

export async function addAuthority(
  t: TestApp,
  options: {
    /** Three digits that make ids, keys and names unique in the test. */
    n: number;
    slug: string;
    kind?: 'municipality' | 'lead_municipality' | 'service_centre';
    joined115?: boolean;
    host?: string | null;
    catalogue?: boolean;
  },
): Promise<AddedAuthority> {
  const n = String(options.n).padStart(3, '0');
  const id = `0190a000-0000-7000-8000-000000${n}000`;
  const municipalityId = `0190a000-0000-7000-8000-000000${n}001`;
  const locationId = `0190a000-0000-7000-8000-000000${n}002`;
  const name = `Gemeinde Beispiel ${n} (fiktiv)`;
  await sql`insert into authorities (id, authority_id, name, short_name, kind, slug, host, joined_115,
      street, postal_code, city)
    values (${id}, ${id}, ${name}, ${`Beispiel ${n}`}, ${options.kind ?? 'municipality'}, ${options.slug},
      ${options.host ?? null}, ${options.joined115 ?? false}, 'Dorfstraße 1', '09999', ${`Beispiel ${n}`})`.execute(
    t.db,
  );
  await sql`insert into municipalities (id, authority_id, name, ags, postal_code)
    values (${municipalityId}, ${id}, ${`Beispiel ${n}`}, ${`14999${n}`}, '09999')`.execute(t.db);
  await sql`insert into locations (id, authority_id, municipality_id, name, slug, kind, street, postal_code, city, step_free)
    values (${locationId}, ${id}, ${municipalityId}, ${`Gemeindeamt Beispiel ${n}`}, 'gemeindeamt', 'town_hall',
      'Dorfstraße 1', '09999', ${`Beispiel ${n}`}, true)`.execute(t.db);
  const services: Record<string, string> = {};
  if (options.catalogue !== false) {
    const raw = Object.values(SEED_SERVICES).map((s) => ({ content: s.content, synonyms: s.synonyms }));
    const { entries, problems } = checkImportEntries(raw, 'de');
    if (problems.length) throw new Error(`demo catalogue does not import: ${JSON.stringify(problems[0])}`);
    await t.db
      .transaction()
      .execute((trx) => applyImport(trx, { ...SYSTEM_ACTOR, authorityId: id }, id, entries, true, 'de'));
    const rows = await t.db
      .selectFrom('catalog_published')
      .select(['service_id', 'slug'])
      .where('authority_id', '=', id)
      .execute();
    for (const r of rows) services[r.slug] = r.service_id;
  }
  t.app.authorities.invalidate();
  return { id, slug: options.slug, municipalityId, locationId, services };
}
