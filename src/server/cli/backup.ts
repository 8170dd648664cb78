import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { enterToolScope } from '../db/scope';
import { createBackup } from '../ops/backup';

// Installation work from here on (ADR 27).
enterToolScope('backup');

/**
 * npm run backup [-- --out <file.tar.gz>]
 * Backs up the database (PGlite: stop the server first; PostgreSQL: at any time) with DATA_DIR's
 * files — attachments, logos, key files — into one archive with SHA-256 sums (README, "Backup").
 */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
const out = path.resolve(values.out ?? path.join(config.dataDir, 'backups', `buergerkoffer-${stamp}.tar.gz`));
try {
  await (await import('node:fs')).promises.mkdir(path.dirname(out), { recursive: true });
  const manifest = await createBackup(config, out);
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  console.log(`Sicherung geschrieben / backup written: ${out}`);
  console.log(
    `${manifest.database.kind}, ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.files.length} files`,
  );
} catch (error) {
  console.error(`Sicherung fehlgeschlagen / backup failed: ${(error as Error).message}`);
  process.exitCode = 2;
}
