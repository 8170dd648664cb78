import type { FeeFrame } from '../../../core/catalog/land';
import type { Executor } from '../../db/database';
import { SYSTEM_ACTOR } from '../audit/service';
import { DEMO } from '../places/demo-ids';
import { normaliseContent } from './content-check';
import { SERVICE_IDS, type SeededServiceSlug } from './demo-ids';
import { insertLandService } from './land';
import { SEED_SERVICES } from './seed-services';

/** Fixed ids of the seeded Land services: the local service's id with 2… instead of 1… at the end. */
export const LAND_SERVICE_IDS = Object.fromEntries(
  Object.entries(SERVICE_IDS).map(([slug, id]) => [slug, id.replace(/-0000000010(\d\d)$/, '-0000000020$1')]),
) as Record<SeededServiceSlug, string>;

/**
 * The room the law leaves for the fee of a seeded service: a fee not yet confirmed is set by the
 * authority (open); every other seeded fee is fixed by federal law or by law free of charge
 * (PAuswGebV, PassV, JVKostG, BMG …), so the Land's figure is the fee.
 */
export function seededFeeFrame(slug: SeededServiceSlug): FeeFrame {
  return SEED_SERVICES[slug].content.fees.amountUnconfirmed ? { kind: 'open' } : { kind: 'fixed' };
}

/**
 * The Land catalogue of the installation, built from the reference catalogue (version 1 of each
 * service), and Meerane's services as adoptions of it. Runs once per database (seed_runs) and is
 * safe to run again: what exists is left alone. Where Meerane's text already differs from the
 * Land's, those fields count as its local overrides — nothing local is changed.
 */
export async function seedLandCatalog(db: Executor): Promise<void> {
  const actor = { ...SYSTEM_ACTOR, reason: 'Landeskatalog (Referenzdaten)' };
  for (const slug of Object.keys(SEED_SERVICES) as SeededServiceSlug[]) {
    const id = LAND_SERVICE_IDS[slug];
    const exists = await db
      .selectFrom('catalog_land_services')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) {
      const content = normaliseContent(SEED_SERVICES[slug].content);
      const { byLocation: _ids, ...duration } = content.duration;
      await insertLandService(db, actor, id, { ...content, duration }, seededFeeFrame(slug), 'Ersterfassung');
    }
    const local = await db
      .selectFrom('catalog_services')
      .select('id')
      .where('id', '=', SERVICE_IDS[slug])
      .where('authority_id', '=', DEMO.authorityMeerane)
      .executeTakeFirst();
    if (!local) continue;
    await db
      .insertInto('catalog_land_adoptions')
      .values({
        service_id: local.id,
        authority_id: DEMO.authorityMeerane,
        land_service_id: id,
        adopted_version: 1,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
