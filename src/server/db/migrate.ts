import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { withInstallation } from './scope';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Migrations are TypeScript files in db/migrations, named `NNNN_what.ts` and applied in name
 * order. Number ranges per module keep parallel work from colliding: 0001–0099 platform,
 * 0100 catalogue, 0200 schedule/booking/queue, 0300 register/cases/payments, 0400 kits, 0500 stats.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.ts$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = mod;
    }
    return migrations;
  }
}

export interface MigrationReport {
  applied: string[];
  /** Tables with an authority_id that got the standard row-level security policy now (ADR 27). */
  secured: string[];
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  // Number ranges per module mean a later platform migration (0002) sorts before module
  // migrations an existing database already has (0100…): apply what is missing, in name order.
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    allowUnorderedMigrations: true,
  });
  // Migrations are installation work: they see and change every authority's rows (ADR 27).
  const { error, results } = await withInstallation(db, () => migrator.migrateToLatest(), 'migrations');
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const wrapped = new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`,
    );
    (wrapped as { cause?: unknown }).cause = error;
    throw wrapped;
  }
  // A table with an authority_id that a later migration added without row-level security gets
  // the standard policy now (migration 0900): no tenant table is ever left open.
  const secured = await withInstallation(
    db,
    async (db) => {
      const exists = await sql<{ ok: boolean }>`select to_regproc('app_rls_sweep') is not null as ok`.execute(
        db,
      );
      if (!exists.rows[0]?.ok) return [];
      const r = await sql<{ changed: string[] }>`select app_rls_sweep() as changed`.execute(db);
      return r.rows[0]?.changed ?? [];
    },
    'migrations',
  );
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    secured,
  };
}
