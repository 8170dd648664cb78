import { ConfigError, loadConfig } from './config';
import { ensureWebBuilt, StartupError, startSystem } from './start';

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Konfigurationsfehler / configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    ensureWebBuilt(config, out);
    const system = await startSystem(config);
    out('');
    out('  Bürgerkoffer läuft / is running');
    out(`  Portal (Bürgerinnen und Bürger):  ${system.url}/`);
    out(`  Mitarbeitende / staff sign-in:    ${system.url}/anmelden`);
    out(`  API-Dokumentation / API docs:     ${system.url}/api/docs`);
    out(
      `  Datenbank / database:             ${system.database.kind === 'pglite' ? `eingebettet (PGlite) in ${config.dataDir}` : 'PostgreSQL-Server'}`,
    );
    if (system.firstAdmin) {
      out('');
      out('  ┌──────────────────────────────────────────────────────────────────────┐');
      out('  │ Erste Anmeldung / first sign-in (wird nur dieses eine Mal angezeigt) │');
      out(`  │   Benutzername / user name:   ${system.firstAdmin.username.padEnd(39)}│`);
      out(`  │   Einmal-Passwort / one-time: ${system.firstAdmin.oneTimePassword.padEnd(39)}│`);
      out('  │ Danach: neues Passwort wählen und Authenticator-App einrichten.      │');
      out('  │ Then: choose a new password and set up an authenticator app.         │');
      out('  └──────────────────────────────────────────────────────────────────────┘');
    } else {
      out('  Anmeldung mit einem bestehenden Konto; neues Admin-Konto: npm run admin:create');
    }
    out('');
    const shutdown = async (signal: string) => {
      out(`${signal}: Bürgerkoffer wird beendet / shutting down`);
      await system.close().catch(() => {});
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`\n${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`Start fehlgeschlagen / start failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

void main();
