import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { seedDatabase } from '../seed/seed';
import { pgliteDir } from '../start';

/** npm run migrate — applies pending migrations (and seeds reference data) without starting the server. */
const config = loadConfig();
try {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
  });
  const { applied } = await migrateToLatest(database.db);
  const seeded = await seedDatabase(database.db, config);
  console.log(
    applied.length
      ? `Migrationen angewendet / applied: ${applied.join(', ')}`
      : 'Datenbank ist aktuell / database is up to date.',
  );
  if (seeded.reference.length || seeded.demo.length)
    console.log(
      `Daten angelegt / seeded: ${[...seeded.reference, ...seeded.demo.map((m) => `${m} (demo)`)].join(', ')}`,
    );
  await database.close();
} catch (error) {
  console.error(`Migration fehlgeschlagen / failed: ${(error as Error).message}`);
  process.exit(2);
}
