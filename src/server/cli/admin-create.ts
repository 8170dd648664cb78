import { parseArgs } from 'node:util';
import { isRole, type Role } from '../../core/roles';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { enterToolScope } from '../db/scope';
import { SYSTEM_ACTOR } from '../modules/audit/service';
import { IdentityService } from '../modules/identity/service';
import { seedDatabase } from '../seed/seed';
import { pgliteDir } from '../start';

// Installation work from here on (ADR 27).
enterToolScope('admin-create');

/**
 * npm run admin:create -- --username anna.admin --name "Anna Admin" [--roles admin,auditor]
 * Creates a staff account with a one-time password, printed once. Works with the server stopped
 * (PGlite allows one process at a time) or against a PostgreSQL server at any time.
 */
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: 'admin' },
    email: { type: 'string' },
  },
});
if (!values.username || !/^[A-Za-z0-9._-]{3,64}$/.test(values.username)) {
  console.error('Bitte --username angeben (3–64 Zeichen: Buchstaben, Ziffern, . _ -).');
  process.exit(1);
}
const roles = (values.roles ?? 'admin').split(',').map((r) => r.trim());
if (!roles.every(isRole)) {
  console.error(`Unbekannte Rolle. Erlaubt: admin, coordinator, clerk, hotline, evaluator, auditor.`);
  process.exit(1);
}
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : pgliteDir(config),
});
try {
  await migrateToLatest(database.db);
  await seedDatabase(database.db, { ...config, seedDemo: false });
  const authority = await database.db
    .selectFrom('authorities')
    .select(['id', 'short_name'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirstOrThrow();
  const identity = new IdentityService(database.db, config);
  const created = await identity.createStaff(
    { ...SYSTEM_ACTOR, authorityId: authority.id, username: 'cli' },
    {
      authorityId: authority.id,
      username: values.username,
      displayName: values.name ?? values.username,
      email: values.email ?? null,
      roles: roles as Role[],
    },
  );
  console.log(
    `Konto angelegt / account created: ${values.username} (${roles.join(', ')}) — ${authority.short_name}`,
  );
  console.log(`Einmal-Passwort / one-time password (nur jetzt sichtbar): ${created.oneTimePassword}`);
} catch (error) {
  console.error(`Fehlgeschlagen / failed: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
