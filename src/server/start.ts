import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { ensureFirstAdmin, type FirstAdmin } from './bootstrap';
import type { AppConfig } from './config';
import { type DatabaseHandle, openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { seedDatabase } from './seed/seed';

export interface RunningSystem {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  firstAdmin: FirstAdmin | undefined;
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function pgliteDir(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'pgdata');
}

/** Builds the web apps if they are missing (first `npm start` on a fresh clone). */
export function ensureWebBuilt(config: AppConfig, log: (line: string) => void): void {
  if (fs.existsSync(path.join(config.webDir, 'index.html')) || !config.buildWebOnStart) return;
  log('Die Weboberfläche wird gebaut (einmalig, etwa eine Minute) … / Building the web apps (once) …');
  const vite = path.resolve('node_modules/.bin/vite');
  const result = spawnSync(vite, ['build', '--outDir', config.webDir, '--emptyOutDir'], { stdio: 'inherit' });
  if (result.status !== 0)
    throw new StartupError('Building the web apps failed (npm run build shows why).', 4);
}

/** Opens the database, migrates, seeds, creates the first admin if needed, and listens. */
export async function startSystem(
  config: AppConfig,
  options: { listen?: boolean } = {},
): Promise<RunningSystem> {
  let database: DatabaseHandle;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
      poolMax: config.databasePoolMax,
    });
  } catch (error) {
    throw new StartupError(
      `Datenbank nicht erreichbar / database unavailable: ${(error as Error).message}`,
      2,
    );
  }
  try {
    if (config.migrateOnStart) await migrateToLatest(database.db);
    await seedDatabase(database.db, config);
  } catch (error) {
    await database.close().catch(() => {});
    throw new StartupError(
      `Datenbank konnte nicht vorbereitet werden / database setup failed: ${(error as Error).message}`,
      3,
    );
  }
  const app = await buildApp(config, database);
  const firstAdmin = await ensureFirstAdmin(database.db, app.identity);
  // Ready when the connections are: the first requests after a start do not pay for them.
  await database.warmUp();
  let url = config.publicUrl;
  if (options.listen !== false) {
    const address = await app.listen({ port: config.port, host: config.host });
    const port = new URL(address).port;
    url = config.publicUrl.includes(`:${config.port}`)
      ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
      : config.publicUrl;
    if (config.jobsEnabled) app.jobs.start();
  }
  return {
    app,
    database,
    url,
    firstAdmin,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
