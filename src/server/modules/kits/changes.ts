import { sql } from 'kysely';
import type { Change, PullResponse } from '../../../core/sync/protocol';
import type { Db, Executor } from '../../db/database';

/**
 * The change feed kits pull from. A module that changes a record a kit may hold calls
 * `recordChanges` in the same transaction; the row carries the record's newest version and the
 * scopes (municipality, location, kit) that may hold it. What a kit receives is read at pull time
 * through the entity's provider, which also decides whether the record is (still) in the kit's
 * scope — a resident who moved away reaches the kit as a deletion.
 */

/** Advisory lock that orders version assignment by commit (held until the transaction ends). */
const CHANGE_VERSION_LOCK = 7215470406;

export interface ChangeRef {
  entity: string;
  entityId: string;
  authorityId: string;
  /** e.g. municipality:<id>, location:<id>, kit:<id>. Give old and new scope when a record moves. */
  scopes: string[];
  deleted?: boolean;
}

export const scope = {
  municipality: (id: string) => `municipality:${id}`,
  location: (id: string) => `location:${id}`,
  kit: (id: string) => `kit:${id}`,
};

export async function recordChanges(executor: Executor, refs: ChangeRef[]): Promise<void> {
  if (refs.length === 0) return;
  await sql`select pg_advisory_xact_lock(${CHANGE_VERSION_LOCK})`.execute(executor);
  // One statement for all refs; a record changed twice in one call keeps the last entry.
  const unique = new Map<string, ChangeRef>();
  for (const r of refs) unique.set(`${r.entity}:${r.entityId}`, r);
  const rows = [...unique.values()];
  await sql`
    insert into kit_changes (entity, entity_id, authority_id, version, scopes, deleted)
    select r.entity, r.entity_id, r.authority_id, nextval('kit_change_version'), r.scopes, r.deleted
    from jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        entity: r.entity,
        entity_id: r.entityId,
        authority_id: r.authorityId,
        scopes: r.scopes,
        deleted: r.deleted ?? false,
      })),
    )}::jsonb) as r(entity text, entity_id uuid, authority_id uuid, scopes text[], deleted boolean)
    on conflict (entity, entity_id) do update set
      version = excluded.version,
      scopes = array(select distinct s from unnest(kit_changes.scopes || excluded.scopes) as s order by s),
      deleted = excluded.deleted,
      changed_at = now()`.execute(executor);
}

/** The newest committed version: the cursor a snapshot taken now starts from. */
export async function currentVersion(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('kit_changes')
    .select((eb) => eb.fn.coalesce(eb.fn.max('version'), eb.lit(0)).as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export interface KitScope {
  kitId: string;
  authorityId: string;
  municipalityIds: string[];
  locationIds: string[];
}

export function scopesOf(kit: KitScope): string[] {
  return [
    scope.kit(kit.kitId),
    ...kit.municipalityIds.map(scope.municipality),
    ...kit.locationIds.map(scope.location),
  ];
}

/**
 * Reads the current state of records for a kit: a map from id to the data the kit holds, or null
 * when the record is gone or outside the kit's scope (the kit deletes it).
 */
export type EntityProvider = (
  executor: Executor,
  ids: string[],
  kit: KitScope,
) => Promise<Map<string, unknown | null>>;

const providers = new Map<string, EntityProvider>();

export function registerEntityProvider(entity: string, provider: EntityProvider): void {
  providers.set(entity, provider);
}

/**
 * Changes in the kit's scope after `cursor`, oldest first, read in one consistent snapshot.
 * A cursor beyond the newest version means the server lost history (restored from a backup):
 * the answer tells the kit to rebuild its replica.
 */
export async function pullChanges(
  db: Db,
  kit: KitScope,
  cursor: number,
  limit: number,
): Promise<PullResponse> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const newest = await currentVersion(trx);
      if (cursor > newest) return { changes: [], cursor: 0, more: false, reset: true };
      const rows = await trx
        .selectFrom('kit_changes')
        .select(['entity', 'entity_id', 'version', 'deleted'])
        .where('authority_id', '=', kit.authorityId)
        .where('version', '>', cursor)
        .where(sql<boolean>`scopes && ${sql.val(scopesOf(kit))}::text[]`)
        .orderBy('version')
        .limit(limit + 1)
        .execute();
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const byEntity = new Map<string, string[]>();
      for (const r of page) {
        if (r.deleted) continue;
        const list = byEntity.get(r.entity) ?? [];
        list.push(r.entity_id);
        byEntity.set(r.entity, list);
      }
      const data = new Map<string, unknown | null>();
      for (const [entity, ids] of byEntity) {
        const provider = providers.get(entity);
        const found = provider ? await provider(trx, ids, kit) : new Map<string, unknown | null>();
        for (const id of ids) data.set(`${entity}:${id}`, found.get(id) ?? null);
      }
      const changes: Change[] = page.map((r) => {
        const value = r.deleted ? null : data.get(`${r.entity}:${r.entity_id}`);
        return value === null || value === undefined
          ? { entity: r.entity, id: r.entity_id, version: Number(r.version), deleted: true }
          : { entity: r.entity, id: r.entity_id, version: Number(r.version), deleted: false, data: value };
      });
      // With nothing in scope after the cursor, the kit may still move up to the newest version.
      const next = more ? Number(page[page.length - 1]!.version) : Math.max(cursor, newest);
      return { changes, cursor: next, more };
    });
}
