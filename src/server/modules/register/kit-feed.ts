import type { Executor } from '../../db/database';
import { recordChanges, registerEntityProvider, scope } from '../kits/changes';
import { kitResidentsByIds } from './service';

/**
 * The register's part of the kits' change feed (ADR 10): every change of a person a kit may hold
 * — a move in, within or away, a new resident, a block, an ID document — is recorded in the same
 * transaction with the municipalities the person lived in before and lives in now. A kit serving
 * one of them gets the change on its next pull; the person's data is read then, and a kit whose
 * municipality the person left gets a deletion (data minimisation).
 */

/** The municipalities where each person has a current residence. */
export async function currentMunicipalities(
  trx: Executor,
  personIds: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (personIds.length === 0) return out;
  const rows = await trx
    .selectFrom('register_residences as r')
    .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
    .select(['r.person_id', 'd.municipality_id'])
    .where('r.person_id', 'in', personIds)
    .where('r.moved_out_on', 'is', null)
    .execute();
  for (const r of rows) {
    const set = out.get(r.person_id) ?? new Set<string>();
    set.add(r.municipality_id);
    out.set(r.person_id, set);
  }
  return out;
}

/**
 * Records that these persons changed, for the kits of the municipalities they lived in
 * (`before`, read before the change) and live in now.
 */
export async function personsChangedForKits(
  trx: Executor,
  authorityId: string,
  personIds: string[],
  before: Map<string, Set<string>> = new Map(),
): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  const after = await currentMunicipalities(trx, ids);
  const refs = ids
    .map((id) => ({
      entity: 'person',
      entityId: id,
      authorityId,
      scopes: [...new Set([...(before.get(id) ?? []), ...(after.get(id) ?? [])])]
        .sort()
        .map(scope.municipality),
    }))
    // A person without a residence in the area before or after is in no kit's scope.
    .filter((r) => r.scopes.length > 0);
  await recordChanges(trx, refs);
}

/**
 * What a kit receives for a changed person: the same shape as the register subset of "prepare
 * the day", or a deletion when the person no longer lives where the kit serves.
 */
export function registerPersonProvider(): void {
  registerEntityProvider('person', async (executor, ids, kit) => {
    const found = await kitResidentsByIds(executor, kit.authorityId, ids, kit.municipalityIds);
    return new Map(ids.map((id) => [id, found.get(id) ?? null]));
  });
}
