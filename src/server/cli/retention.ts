import { parseArgs } from 'node:util';
import { isIsoDate, zonedDateTimeToInstant } from '../../core/time';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { enterToolScope } from '../db/scope';
import { retentionPeriods } from '../modules/retention/nightly';
import { runRetention } from '../modules/retention/runner';
import { pgliteDir } from '../start';

// Installation work from here on (ADR 27).
enterToolScope('retention');

/**
 * npm run retention -- --dry-run [--on 2031-01-01] [--kind cases.other]
 * Shows what the retention schedule deletes or restricts (dry run), or runs it now. `--on` asks
 * "what would be due on that day" (dry run only). With the embedded database, stop the server
 * first.
 */
const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    on: { type: 'string' },
    kind: { type: 'string', multiple: true },
  },
});
const config = loadConfig();
if (values.on && (!isIsoDate(values.on) || !values['dry-run'])) {
  console.error('--on YYYY-MM-DD is for a dry run only (--dry-run)');
  process.exit(2);
}
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
});
try {
  const result = await runRetention(database.db, {
    dryRun: values['dry-run'],
    now: values.on ? zonedDateTimeToInstant(values.on, '12:00') : new Date(),
    batchSize: config.retentionBatchSize,
    periods: retentionPeriods(config),
    dataDir: config.dataDir,
    ...(values.kind ? { kinds: values.kind } : {}),
  });
  console.log(`${result.dryRun ? 'Probelauf / dry run' : 'Lauf / run'} ${result.today}`);
  for (const k of result.kinds)
    console.log(
      `  ${k.kind.padEnd(24)} ${result.dryRun ? `fällig / due: ${k.due}` : `erledigt / done: ${k.done}`}`,
    );
} finally {
  await database.close();
}
