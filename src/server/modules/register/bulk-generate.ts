import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { insertGeneratedBatch } from './bulk-insert';
import { type GeneratorMunicipality, generateResidents } from './generator';
import { DEMO_MUNICIPALITIES, DEMO_REGISTER_AS_OF } from './seed';

/**
 * Loads many generated residents into the demo authority (npm run generate, the register
 * benchmark). The municipalities keep their demo proportions. Above a size where rebuilding is
 * cheaper than maintaining them row by row, the register's secondary indexes are dropped for the
 * load and rebuilt afterwards from their own definitions (read from pg_indexes, so nothing is
 * written twice). Each batch commits on its own.
 */

const REGISTER_TABLES = [
  'register_dwellings',
  'register_households',
  'register_persons',
  'register_residences',
  'register_blocks',
  'register_id_documents',
];

/** Removes generated (and demo) residents with everything that refers to them. */
export async function wipeRegister(db: Db): Promise<void> {
  await sql`truncate register_events, register_id_documents, register_blocks, register_residences,
    case_attachments, case_documents, case_notes, case_transitions, cases, fee_claims, payments, cash_closings,
    register_persons, register_households, register_dwellings cascade`.execute(db);
}

async function restoreParkedIndexes(db: Db): Promise<void> {
  const parked = await sql<{
    name: string;
    definition: string;
  }>`select name, definition from register_load_parked_indexes`.execute(db);
  for (const p of parked.rows) {
    const exists =
      await sql`select 1 from pg_indexes where schemaname = current_schema() and indexname = ${p.name}`.execute(
        db,
      );
    if (exists.rows.length === 0) await sql.raw(p.definition).execute(db);
    await sql`delete from register_load_parked_indexes where name = ${p.name}`.execute(db);
  }
}

export async function generateIntoDatabase(
  db: Db,
  options: {
    residents: number;
    seed?: number;
    /** The id space keeps separate runs apart (1 = the demo seed). */
    idSpace?: number;
    rebuildIndexesAbove?: number;
    onProgress?(done: number, total: number): void;
  },
): Promise<{ residents: number; seconds: number }> {
  const started = Date.now();
  const total = DEMO_MUNICIPALITIES.reduce((s, m) => s + m.residents, 0);
  let assigned = 0;
  const municipalities: GeneratorMunicipality[] = DEMO_MUNICIPALITIES.map((m, i) => {
    const share =
      i === DEMO_MUNICIPALITIES.length - 1
        ? options.residents - assigned
        : Math.round((options.residents * m.residents) / total);
    assigned += share;
    return {
      ...m,
      residents: share,
      careHomes: m.careHomes?.map((h) => ({ ...h, residents: Math.min(h.residents, share) })),
    };
  });

  // Index definitions are parked in a table while they are dropped, so an interrupted load
  // (a killed process) gets them back on the next run instead of leaving the register unindexed.
  await sql`create table if not exists register_load_parked_indexes (name text primary key, definition text not null)`.execute(
    db,
  );
  await restoreParkedIndexes(db);
  const rebuild = options.residents > (options.rebuildIndexesAbove ?? 200_000);
  if (rebuild) {
    const indexes = (
      await sql<{ indexname: string; indexdef: string }>`
        select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = current_schema() and i.tablename in (${sql.join(REGISTER_TABLES)})
          and i.indexname not in (select conname from pg_constraint where contype in ('p', 'u', 'x'))`.execute(
        db,
      )
    ).rows;
    await db.transaction().execute(async (trx) => {
      for (const i of indexes) {
        await sql`insert into register_load_parked_indexes (name, definition) values (${i.indexname}, ${i.indexdef})`.execute(
          trx,
        );
        await sql`drop index ${sql.ref(i.indexname)}`.execute(trx);
      }
    });
  }
  try {
    let done = 0;
    for (const batch of generateResidents({
      authorityId: DEMO.authorityMeerane,
      municipalities,
      seed: options.seed ?? 20260101,
      asOf: DEMO_REGISTER_AS_OF,
      batchSize: 20_000,
      idSpace: options.idSpace ?? 2,
    })) {
      await db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        await insertGeneratedBatch(trx, DEMO.authorityMeerane, batch);
      });
      done += batch.persons.length;
      options.onProgress?.(done, options.residents);
    }
  } finally {
    await restoreParkedIndexes(db);
  }
  for (const table of REGISTER_TABLES) await sql`analyze ${sql.table(table)}`.execute(db);
  return { residents: options.residents, seconds: (Date.now() - started) / 1000 };
}
