import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { enterToolScope } from '../db/scope';
import { restoreBackup } from '../ops/backup';

// Installation work from here on (ADR 27).
enterToolScope('restore');

/**
 * npm run restore -- --from <backup.tar.gz> --yes
 * Restores a backup made by `npm run backup` into the configured database and DATA_DIR (stop the
 * server first). The server database is emptied first; an embedded database is moved aside.
 * Checks every file's SHA-256 before and every table's row count after (README, "Backup").
 */
const { values } = parseArgs({ options: { from: { type: 'string' }, yes: { type: 'boolean' } } });
if (!values.from) {
  console.error('Bitte --from <sicherung.tar.gz> angeben.');
  process.exit(1);
}
if (!values.yes) {
  console.error('Die Wiederherstellung ersetzt die Datenbank. Zur Bestätigung --yes angeben.');
  process.exit(1);
}
const config = loadConfig();
try {
  const { manifest, tables } = await restoreBackup(config, path.resolve(values.from), (line) =>
    console.log(line),
  );
  console.log(`Wiederhergestellt / restored: ${manifest.database.kind} from ${manifest.createdAt}`);
  console.log(`${Object.keys(tables).length} tables, every row count equal; ${manifest.files.length} files`);
} catch (error) {
  console.error(`Wiederherstellung fehlgeschlagen / restore failed: ${(error as Error).message}`);
  process.exitCode = 2;
}
