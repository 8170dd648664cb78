import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { generateIntoDatabase, wipeRegister } from '../modules/register/bulk-generate';
import { seedDatabase } from '../seed/seed';
import { pgliteDir } from '../start';

/**
 * npm run generate -- --residents 4000000 [--seed 7]
 *
 * Fills the resident register of the demo authority with clearly fictitious, deterministic
 * residents (Saxony-scale benchmarks; meant for a PostgreSQL server via DATABASE_URL, works on
 * the embedded database too). The register — and the cases that refer to it — is emptied first,
 * which is refused when it holds a single real (not fictitious) person.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const residents = Number((arg('residents') ?? '').replace(/[_.,]/g, ''));
if (!Number.isInteger(residents) || residents < 1 || residents > 20_000_000) {
  console.error('usage: npm run generate -- --residents <1 … 20000000> [--seed <n>]');
  process.exit(2);
}
const seed = Number(arg('seed') ?? 20260101);
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
  poolMax: 2,
});
try {
  await migrateToLatest(database.db);
  await seedDatabase(database.db, { ...config, seedDemo: false });
  const real = await database.db
    .selectFrom('register_persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('fictitious', '=', false)
    .executeTakeFirstOrThrow();
  if (Number(real.n) > 0) {
    console.error(
      'Das Melderegister enthält echte Personen; es wird nicht überschrieben. / The register holds real persons.',
    );
    process.exit(3);
  }
  await wipeRegister(database.db);
  let last = 0;
  const result = await generateIntoDatabase(database.db, {
    residents,
    seed,
    onProgress(done, total) {
      if (done - last >= 100_000 || done === total) {
        last = done;
        process.stderr.write(
          `  ${done.toLocaleString('de-DE')} / ${total.toLocaleString('de-DE')} Einwohner\n`,
        );
      }
    },
  });
  console.log(
    `${result.residents.toLocaleString('de-DE')} fiktive Einwohner erzeugt in ${result.seconds.toFixed(0)} s (${database.kind})`,
  );
} finally {
  await database.close();
}
