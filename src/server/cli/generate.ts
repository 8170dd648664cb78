import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { enterToolScope } from '../db/scope';
import { generateAuthorities } from '../modules/operations/generate';
import { generateIntoDatabase, wipeRegister } from '../modules/register/bulk-generate';
import { seedDatabase } from '../seed/seed';
import { pgliteDir } from '../start';

// Installation work from here on (ADR 27).
enterToolScope('generate');

/**
 * npm run generate -- --residents 4000000 [--seed 7]
 *
 * Fills the resident register of the demo authority with clearly fictitious, deterministic
 * residents (Saxony-scale benchmarks; meant for a PostgreSQL server via DATABASE_URL, works on
 * the embedded database too). The register — and the cases that refer to it — is emptied first,
 * which is refused when it holds a single real (not fictitious) person.
 *
 * npm run generate -- --authorities 50 [--residents-per-authority 2000] [--weeks 8] [--seed 7]
 *
 * A Saxony-sized demo (#12): adds fictitious authorities (names marked "(fiktiv)", keys 149xxxxx
 * that no real municipality has, portal addresses fiktiv-NN-…) until the installation holds that
 * many, each onboarded as the operator would, with the seed catalogue, weekly office days and
 * generated residents. Deterministic for a seed; a second run adds nothing.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const count = (value: string | undefined) => Number((value ?? '').replace(/[_.,]/g, ''));

if (arg('authorities') !== undefined) {
  const authorities = count(arg('authorities'));
  const perAuthority =
    arg('residents-per-authority') === undefined ? 2000 : count(arg('residents-per-authority'));
  const weeks = arg('weeks') === undefined ? 8 : count(arg('weeks'));
  if (
    !Number.isInteger(authorities) ||
    authorities < 1 ||
    authorities > 500 ||
    !Number.isInteger(perAuthority) ||
    perAuthority < 0 ||
    perAuthority > 1_000_000 ||
    !Number.isInteger(weeks) ||
    weeks < 0 ||
    weeks > 52
  ) {
    console.error(
      'usage: npm run generate -- --authorities <1 … 500> [--residents-per-authority <0 … 1000000>] [--weeks <0 … 52>] [--seed <n>]',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
    poolMax: 2,
  });
  try {
    await migrateToLatest(database.db);
    await seedDatabase(database.db, config);
    const result = await generateAuthorities(database.db, {
      authorities,
      residentsPerAuthority: perAuthority,
      weeks,
      seed: Number(arg('seed') ?? 20260112),
      dataDir: config.dataDir,
      onProgress(done, total, slug) {
        process.stderr.write(`  ${done} / ${total} ${slug}\n`);
      },
    });
    console.log(
      `${result.created} fiktive Behörden angelegt (${result.existing} schon vorhanden), ${result.authorities} Behörden insgesamt, ${result.residents.toLocaleString('de-DE')} fiktive Einwohner, ${result.officeDays} Sprechtage in ${result.seconds.toFixed(0)} s (${database.kind})`,
    );
  } finally {
    await database.close();
  }
  process.exit(0);
}

const residents = count(arg('residents'));
if (!Number.isInteger(residents) || residents < 1 || residents > 20_000_000) {
  console.error(
    'usage: npm run generate -- --residents <1 … 20000000> [--seed <n>]   or   --authorities <1 … 500> [--residents-per-authority <n>] [--weeks <n>]',
  );
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
