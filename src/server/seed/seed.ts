import { sql } from 'kysely';
import type { AppConfig } from '../config';
import type { Db } from '../db/database';
import { withInstallation } from '../db/scope';
import { inTransaction } from '../db/transaction';
import type { ModuleDefinition } from '../modules/module';
import { MODULES } from '../modules/registry';

export interface SeedReport {
  reference: string[];
  demo: string[];
}

/** The advisory lock key that serialises seeding (an arbitrary constant, "bkseed"). */
const SEED_LOCK = 0x626b73656564;

/**
 * Runs each module's seeds once per database (recorded in seed_runs): reference data always,
 * demo data when asked. A module added later is seeded into an existing database on next start.
 */
export async function seedDatabase(
  db: Db,
  config: Pick<AppConfig, 'seedDemo'> & Partial<AppConfig>,
  modules: ModuleDefinition[] = MODULES,
): Promise<SeedReport> {
  const report: SeedReport = { reference: [], demo: [] };
  // Seeding is installation work (ADR 27): reference data of every authority, in one transaction.
  await withInstallation(db, () => seedTransaction(db, config, modules, report), 'seed');
  return report;
}

async function seedTransaction(
  db: Db,
  config: Pick<AppConfig, 'seedDemo'> & Partial<AppConfig>,
  modules: ModuleDefinition[],
  report: SeedReport,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    // Several processes starting on one database at once (#12): one seeds, the others wait here
    // and then find the seeds recorded. The lock ends with the transaction.
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const done = new Set(
      (await trx.selectFrom('seed_runs').select(['module', 'kind']).execute()).map(
        (r) => `${r.module}:${r.kind}`,
      ),
    );
    for (const kind of ['reference', 'demo'] as const) {
      if (kind === 'demo' && !config.seedDemo) continue;
      for (const mod of modules) {
        const seed = kind === 'reference' ? mod.seedReference : mod.seedDemo;
        if (!seed || done.has(`${mod.name}:${kind}`)) continue;
        await seed.call(mod, trx, { config: config as AppConfig });
        await trx.insertInto('seed_runs').values({ module: mod.name, kind }).execute();
        report[kind].push(mod.name);
      }
    }
  });
}
