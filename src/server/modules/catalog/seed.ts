import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { SYSTEM_ACTOR } from '../audit/service';
import { DEMO } from '../places/demo-ids';
import { SERVICE_IDS, type SeededServiceSlug } from './demo-ids';
import { SEED_SERVICES } from './seed-services';
import { applyImport, checkImportEntries } from './transfer';

/**
 * The real catalogue of the Bürgerbüro Meerane, published as version 1 of each service with its
 * synonyms. Goes through the same checks and the same import path as a file an editor uploads.
 */
export async function seedCatalog(db: Executor): Promise<void> {
  const raw = (Object.keys(SEED_SERVICES) as SeededServiceSlug[]).map((slug) => ({
    id: SERVICE_IDS[slug],
    content: SEED_SERVICES[slug].content,
    synonyms: SEED_SERVICES[slug].synonyms,
  }));
  const { entries, problems } = checkImportEntries(raw, 'de');
  if (problems.length) {
    throw new AppError(
      'CATALOG_IMPORT_INVALID',
      { count: problems.length },
      problems.flatMap((p) => p.errors),
    );
  }
  const actor = {
    ...SYSTEM_ACTOR,
    authorityId: DEMO.authorityMeerane,
    reason: 'Leistungskatalog (Referenzdaten)',
  };
  await applyImport(db, actor, DEMO.authorityMeerane, entries, true, 'de');
}
