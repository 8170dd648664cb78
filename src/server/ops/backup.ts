import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'kysely';
import type { AppConfig } from '../config';
import { type DatabaseHandle, openDatabase } from '../db/connection';
import { installationScope, runInScope } from '../db/scope';
import { readTarGz, TarGzWriter } from '../modules/operations/tar';
import { pgliteDir } from '../start';

const run = promisify(execFile);

export const BACKUP_FORMAT = 'buergerkoffer.backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Folders of DATA_DIR that are not part of a backup: the database's own files (dumped instead),
 * earlier backups, and export archives (handed out already; each is its own archive).
 */
const SKIPPED_DIRS = new Set(['pgdata', 'backups', 'exports']);

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  database: {
    kind: 'pglite' | 'postgres';
    file: string;
    sha256: string;
    bytes: number;
    serverVersion?: string;
  };
  schemaMigration: string | null;
  /** Rows per table at backup time; the restore checks them. */
  tables: Record<string, number>;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

/** Every base table of the current schema and its row count. */
export async function tableCounts(database: Pick<DatabaseHandle, 'db'>): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
    database.db,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table_name)}`.execute(
      database.db,
    );
    counts[table_name] = Number(r.rows[0]!.n);
  }
  return counts;
}

/**
 * Finds pg_dump / pg_restore: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin (where CI
 * has them), the newest version first — a dump needs a client at least as new as the server.
 */
export async function findPgTool(tool: 'pg_dump' | 'pg_restore', minimumMajor = 0): Promise<string> {
  const candidates: Array<{ file: string; major: number }> = [];
  const base = '/usr/lib/postgresql';
  for (const version of await fs.readdir(base).catch(() => [] as string[])) {
    const file = path.join(base, version, 'bin', tool);
    if (existsSync(file)) candidates.push({ file, major: Number.parseInt(version, 10) || 0 });
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, tool);
    if (dir && existsSync(file)) {
      const { stdout } = await run(file, ['--version']).catch(() => ({ stdout: '' }));
      const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1] ?? 0);
      candidates.push({ file, major });
    }
  }
  const best = candidates.filter((c) => c.major >= minimumMajor).sort((a, b) => b.major - a.major)[0];
  if (!best)
    throw new Error(
      `${tool} ${minimumMajor ? `>= ${minimumMajor} ` : ''}not found (PATH, /usr/lib/postgresql/*/bin); install the PostgreSQL client (apt-get install postgresql-client)`,
    );
  return best.file;
}

/** The connection URL without its password, and the password for PGPASSWORD (not on the command line). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  // pg_dump and pg_restore work at installation scope: row-level security (ADR 27) then shows and
  // admits every authority's rows to a role that is neither superuser nor BYPASSRLS.
  const options = `${process.env.PGOPTIONS ?? ''} -c app.scope=installation`.trim();
  return { url: u.toString(), env: { ...process.env, PGPASSWORD: password, PGOPTIONS: options } };
}

async function walk(dir: string, rel = ''): Promise<Array<{ abs: string; rel: string }>> {
  const out: Array<{ abs: string; rel: string }> = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!rel && SKIPPED_DIRS.has(e.name)) continue;
    const abs = path.join(dir, e.name);
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(abs, r)));
    else if (e.isFile()) out.push({ abs, rel: r });
  }
  return out;
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

/**
 * Writes a backup of the installation to `file` (.tar.gz): the database (PGlite: its data
 * directory dump; server: `pg_dump -Fc`), every file of DATA_DIR besides the database (the
 * attachments, logos and any key files), and a manifest with each file's SHA-256 and every
 * table's row count. PGlite is single-process: stop the server first. A server is dumped in one
 * consistent snapshot while it runs.
 */
export function createBackup(config: AppConfig, file: string): Promise<BackupManifest> {
  return runInScope(installationScope('backup'), () => backupInto(config, file));
}

async function backupInto(config: AppConfig, file: string): Promise<BackupManifest> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-backup-'));
  try {
    let dbFile: string;
    let kind: 'pglite' | 'postgres';
    let serverVersion: string | undefined;
    let tables: Record<string, number>;
    let schemaMigration: string | null;
    if (config.databaseUrl) {
      kind = 'postgres';
      const database = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: 2 });
      try {
        const v = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(
          database.db,
        );
        serverVersion = v.rows[0]!.v;
        tables = await tableCounts(database);
        schemaMigration = await lastMigration(database);
      } finally {
        await database.close();
      }
      const major = Math.floor(Number(serverVersion) / 10000);
      const pgDump = await findPgTool('pg_dump', major);
      dbFile = path.join(work, 'database.pgdump');
      const c = connection(config.databaseUrl);
      await run(
        pgDump,
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          // Read under the installation scope's policies instead of failing on forced RLS.
          '--enable-row-security',
          `--file=${dbFile}`,
          `--dbname=${c.url}`,
        ],
        {
          env: c.env,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    } else {
      kind = 'pglite';
      const dir = pgliteDir(config);
      if (!existsSync(dir)) throw new Error(`no embedded database at ${dir}`);
      const database = await openDatabase({ pgliteDir: dir });
      try {
        tables = await tableCounts(database);
        schemaMigration = await lastMigration(database);
        const dump = await database.pglite!.dumpDataDir('gzip');
        dbFile = path.join(work, 'database.pglite.tar.gz');
        await fs.writeFile(dbFile, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await database.close();
      }
    }
    const dbBytes = await fs.readFile(dbFile);
    const writer = new TarGzWriter(file);
    const dbName = path.basename(dbFile);
    await writer.addFile(dbName, dbFile);
    const files: BackupManifest['files'] = [];
    for (const f of await walk(config.dataDir)) {
      const name = `files/${f.rel}`;
      const { sha256: digest, bytes } = await writer.addFile(name, f.abs);
      files.push({ path: name, sha256: digest, bytes });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      database: {
        kind,
        file: dbName,
        sha256: sha256(dbBytes),
        bytes: dbBytes.length,
        ...(serverVersion ? { serverVersion } : {}),
      },
      schemaMigration,
      tables,
      files,
    };
    await writer.add('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await writer.close();
    return manifest;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function lastMigration(database: Pick<DatabaseHandle, 'db'>): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`
    .execute(database.db)
    .catch(() => ({ rows: [] as Array<{ name: string }> }));
  return r.rows[0]?.name ?? null;
}

/**
 * Restores a backup into the configured database and DATA_DIR. Every file's SHA-256 is checked
 * before anything is touched; a PGlite data directory in the way is moved aside, not deleted; a
 * server database is emptied (schema `public` dropped and created) and restored in one
 * transaction. Afterwards every table's row count must equal the manifest's.
 */
export function restoreBackup(
  config: AppConfig,
  file: string,
  log: (line: string) => void = () => {},
): Promise<{ manifest: BackupManifest; tables: Record<string, number> }> {
  return runInScope(installationScope('restore'), () => restoreFrom(config, file, log));
}

async function restoreFrom(
  config: AppConfig,
  file: string,
  log: (line: string) => void,
): Promise<{ manifest: BackupManifest; tables: Record<string, number> }> {
  const archive = await readTarGz(file);
  const raw = archive.get('manifest.json');
  if (!raw) throw new Error('not a Bürgerkoffer backup: manifest.json missing');
  const manifest = JSON.parse(raw.toString('utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new Error(`unknown backup format ${manifest.format} ${manifest.formatVersion}`);
  const dbBytes = archive.get(manifest.database.file);
  if (!dbBytes || sha256(dbBytes) !== manifest.database.sha256)
    throw new Error(`${manifest.database.file}: SHA-256 mismatch`);
  for (const f of manifest.files) {
    const content = archive.get(f.path);
    if (!content || sha256(content) !== f.sha256) throw new Error(`${f.path}: SHA-256 mismatch`);
    if (!f.path.startsWith('files/') || f.path.split('/').some((p) => p === '..' || p === ''))
      throw new Error(`${f.path}: unsafe path`);
  }
  const wantServer = !!config.databaseUrl;
  if (wantServer !== (manifest.database.kind === 'postgres'))
    throw new Error(
      `this backup holds a ${manifest.database.kind} database; configure ${manifest.database.kind === 'postgres' ? 'DATABASE_URL' : 'no DATABASE_URL'} to restore it`,
    );
  await fs.mkdir(config.dataDir, { recursive: true });
  if (manifest.database.kind === 'pglite') {
    const dir = pgliteDir(config);
    if (existsSync(dir)) {
      const aside = `${dir}.before-restore-${Date.now()}`;
      await fs.rename(dir, aside);
      log(`previous database moved to ${aside}`);
    }
    const pglite = await PGlite.create({
      dataDir: dir,
      loadDataDir: new Blob([new Uint8Array(dbBytes)]),
      extensions: { btree_gin, btree_gist, pg_trgm },
    });
    await pglite.close();
  } else {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-restore-'));
    try {
      const dump = path.join(work, 'database.pgdump');
      await fs.writeFile(dump, dbBytes);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: 1 });
      let major = 0;
      try {
        const v = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(
          database.db,
        );
        major = Math.floor(Number(v.rows[0]!.v) / 10000);
        await sql`drop schema if exists public cascade`.execute(database.db);
        await sql`create schema public`.execute(database.db);
      } finally {
        await database.close();
      }
      const pgRestore = await findPgTool('pg_restore', major);
      const c = connection(config.databaseUrl!);
      await run(
        pgRestore,
        [
          '--no-owner',
          '--no-privileges',
          '--single-transaction',
          '--exit-on-error',
          `--dbname=${c.url}`,
          dump,
        ],
        {
          env: c.env,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
  for (const f of manifest.files) {
    const target = path.join(config.dataDir, f.path.slice('files/'.length));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, archive.get(f.path)!, { mode: 0o600 });
  }
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl, poolMax: 1 } : { pgliteDir: pgliteDir(config) },
  );
  try {
    const tables = await tableCounts(database);
    const differences = Object.keys({ ...manifest.tables, ...tables }).filter(
      (t) => manifest.tables[t] !== tables[t],
    );
    if (differences.length > 0)
      throw new Error(
        `row counts differ after the restore: ${differences.map((t) => `${t} ${manifest.tables[t]}→${tables[t]}`).join(', ')}`,
      );
    return { manifest, tables };
  } finally {
    await database.close();
  }
}
