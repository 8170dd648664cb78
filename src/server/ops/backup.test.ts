import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app';
import { openDatabase } from '../db/connection';
import { installationScope } from '../db/scope';
import { linkAllPendingAuditRows } from '../modules/audit/chain';
import { loadAuditKeys } from '../modules/audit/keys';
import { pgliteDir } from '../start';
import { withDatabase } from '../test/global-setup';
import { createStaffSession, testConfig } from '../test/test-app';
import { createBackup, restoreBackup, tableCounts } from './backup';

const templates = inject('testTemplates');
let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-drill-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes data the app would keep beside the database: an attachment and a key file. */
function seedFiles(dataDir: string) {
  const attachment = path.join(dataDir, 'attachments', 'a1', 'ab', 'abcdef');
  fs.mkdirSync(path.dirname(attachment), { recursive: true });
  fs.writeFileSync(attachment, randomBytes(5000));
  fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'keys', 'audit-signing.key'), 'fiktiver Schlüssel\n');
  fs.mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'exports', 'not-in-backup.tar.gz'), 'x');
}

/** Works on the installation (an audited sign-in and search), then checks the audit chain. */
async function verifyWithApp(config: ReturnType<typeof testConfig>, work: boolean) {
  const database = await openDatabase(
    // The test's own view of the database is the installation's (ADR 27).
    {
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDir(config) }),
      fallbackScope: installationScope('test'),
    },
  );
  const app = await buildApp(config, database);
  try {
    const auditor = await createStaffSession(database.db, app, ['auditor', 'clerk']);
    if (work) await auditor.get('/api/register/persons?q=Schmidt', { 'x-audit-reason': 'Sicherungsprobe' });
    // Rows are linked into the chain after their commit (ADR 15); a running server's linker does it.
    await linkAllPendingAuditRows(database.db, loadAuditKeys(config));
    const verify = (await auditor.get('/api/audit/verify')).json();
    return verify;
  } finally {
    await app.close();
    await database.close();
  }
}

describe('backup and restore drill', () => {
  it.runIf(templates.kind === 'pglite')(
    'backs up the embedded database with its files, survives its destruction and restores every row',
    async () => {
      const dataDir = path.join(root, 'pglite');
      const config = testConfig({ dataDir, databaseUrl: undefined });
      // The installation: the demo database loaded into a data directory, then worked on.
      const seeded = await openDatabase({
        pgliteDir: pgliteDir(config),
        loadDataDir: new Blob([fs.readFileSync(templates.pgliteDemo!)]),
      });
      await seeded.close();
      seedFiles(dataDir);
      expect((await verifyWithApp(config, true)).intact).toBe(true);
      const before = await (async () => {
        const d = await openDatabase({
          pgliteDir: pgliteDir(config),
          fallbackScope: installationScope('test'),
        });
        try {
          return await tableCounts(d);
        } finally {
          await d.close();
        }
      })();
      expect(before.register_persons).toBeGreaterThan(0);

      const file = path.join(root, 'pglite-backup.tar.gz');
      const manifest = await createBackup(config, file);
      expect(manifest.database.kind).toBe('pglite');
      expect(manifest.tables).toEqual(before);
      expect(manifest.files.map((f) => f.path).sort()).toEqual([
        'files/attachments/a1/ab/abcdef',
        'files/keys/audit-signing.key',
      ]);

      // Destroy: the whole data directory is gone.
      const attachment = fs.readFileSync(path.join(dataDir, 'attachments', 'a1', 'ab', 'abcdef'));
      fs.rmSync(dataDir, { recursive: true, force: true });

      const restored = await restoreBackup(config, file);
      expect(restored.tables).toEqual(before);
      expect(
        fs.readFileSync(path.join(dataDir, 'attachments', 'a1', 'ab', 'abcdef')).equals(attachment),
      ).toBe(true);
      expect(fs.readFileSync(path.join(dataDir, 'keys', 'audit-signing.key'), 'utf8')).toBe(
        'fiktiver Schlüssel\n',
      );
      const after = await verifyWithApp(config, false);
      expect(after.intact).toBe(true);
      expect(after.rows).toBeGreaterThanOrEqual(before.audit_log!);
      expect(after.pending).toBe(0);
    },
    120_000,
  );

  it.runIf(templates.kind === 'pglite')('refuses a backup whose content was changed', async () => {
    const file = path.join(root, 'pglite-backup.tar.gz');
    const { readTarGz, TarGzWriter } = await import('../modules/operations/tar');
    const files = await readTarGz(file);
    const tampered = path.join(root, 'tampered.tar.gz');
    const w = new TarGzWriter(tampered);
    for (const [name, content] of files) {
      const c = Buffer.from(content);
      if (name.endsWith('audit-signing.key')) c[0] = c[0]! ^ 1;
      await w.add(name, c);
    }
    await w.close();
    await expect(restoreBackup(testConfig({ dataDir: path.join(root, 'other') }), tampered)).rejects.toThrow(
      /SHA-256 mismatch/,
    );
    expect(fs.existsSync(path.join(root, 'other', 'pgdata'))).toBe(false);
  });

  it.runIf(templates.kind === 'postgres')(
    'backs up a PostgreSQL database with pg_dump and restores it after it was dropped',
    async () => {
      const admin = new pg.Client({ connectionString: templates.adminUrl });
      await admin.connect();
      const name = `bk_t_${templates.runId}_drill_${randomBytes(3).toString('hex')}`;
      try {
        await admin.query(`create database "${name}" template "${templates.pgDemo}"`);
        const dataDir = path.join(root, 'server');
        const config = testConfig({ dataDir, databaseUrl: withDatabase(templates.adminUrl!, name) });
        seedFiles(dataDir);
        expect((await verifyWithApp(config, true)).intact).toBe(true);
        const file = path.join(root, 'server-backup.tar.gz');
        const manifest = await createBackup(config, file);
        expect(manifest.database.kind).toBe('postgres');

        await admin.query(`drop database "${name}" with (force)`);
        await admin.query(`create database "${name}"`);
        fs.rmSync(dataDir, { recursive: true, force: true });

        const restored = await restoreBackup(config, file);
        expect(restored.tables).toEqual(manifest.tables);
        expect(fs.existsSync(path.join(dataDir, 'keys', 'audit-signing.key'))).toBe(true);
        const after = await verifyWithApp(config, false);
        expect(after.intact).toBe(true);
        expect(after.rows).toBeGreaterThanOrEqual(manifest.tables.audit_log!);
      } finally {
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
    120_000,
  );
});
