import { parseArgs } from 'node:util';
import { OPERATOR_ROLE } from '../../core/roles';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { enterToolScope } from '../db/scope';
import { SYSTEM_ACTOR } from '../modules/audit/service';
import { IdentityService } from '../modules/identity/service';
import { seedDatabase } from '../seed/seed';
import { pgliteDir } from '../start';

// Installation work from here on (ADR 27).
enterToolScope('operator-create');

/**
 * npm run operator:create -- --username it.betrieb [--name "IT-Betrieb"] [--email …]
 * Creates an installation operator (role `operator`, no authority; ADR 24) with a one-time
 * password, printed once. At first sign-in at /anmelden the operator sets an own password and a
 * second factor (TOTP or a security key), then works under /betrieb. Works with the server stopped
 * (PGlite allows one process at a time) or against a PostgreSQL server at any time.
 */
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
  },
});
if (!values.username || !/^[A-Za-z0-9._-]{3,64}$/.test(values.username)) {
  console.error('Bitte --username angeben (3–64 Zeichen: Buchstaben, Ziffern, . _ -).');
  process.exit(1);
}
if (values.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
  console.error('--email ist keine gültige E-Mail-Adresse.');
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
  const identity = new IdentityService(database.db, config);
  const created = await identity.createStaff(
    { ...SYSTEM_ACTOR, username: 'cli:operator:create' },
    {
      authorityId: null,
      username: values.username,
      displayName: values.name ?? values.username,
      email: values.email ?? null,
      roles: [OPERATOR_ROLE],
    },
  );
  console.log(`Betriebskonto angelegt / operator account created: ${values.username}`);
  console.log(`Einmal-Passwort / one-time password (nur jetzt sichtbar): ${created.oneTimePassword}`);
  console.log('Anmeldung unter /anmelden; danach Passwort ändern und zweiten Faktor einrichten.');
} catch (error) {
  const message =
    (error as { code?: string }).code === 'USERNAME_TAKEN' ? 'username taken' : (error as Error).message;
  console.error(`Fehlgeschlagen / failed: ${message}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
