import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import type { Role } from '../../../src/core/roles';
import { buildApp } from '../../../src/server/app';
import { ensureFirstAdmin, type FirstAdmin } from '../../../src/server/bootstrap';
import type { AppConfig } from '../../../src/server/config';
import type { DatabaseHandle } from '../../../src/server/db/connection';
import type { Db } from '../../../src/server/db/database';
import { SESSION_COOKIE } from '../../../src/server/http/auth';
import { type Agent, createStaffSession, testConfig } from '../../../src/server/test/test-app';
import { createTestDatabase, type TemplateKind } from '../../../src/server/test/test-db';

export interface E2EServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  database: DatabaseHandle;
  config: AppConfig;
  firstAdmin: FirstAdmin | undefined;
  /** A staff account with an active session, for API set-up calls (not for the browser). */
  staff(roles: Role | Role[]): Promise<Agent>;
  close(): Promise<void>;
}

/**
 * The real server on a fresh database (from the run's template) on a free port, with the built
 * web apps from dist/web (`npm run test:e2e` builds them first). Jobs do not run by themselves;
 * call `app.jobs.drain()` where a test needs them.
 */
export async function startE2EServer(
  options: { template?: TemplateKind; config?: Partial<AppConfig> } = {},
): Promise<E2EServer> {
  const database = await createTestDatabase(options.template ?? 'demo');
  const config = testConfig({ buildWebOnStart: false, ...options.config });
  const app = await buildApp(config, database.app);
  const firstAdmin = await ensureFirstAdmin(database.app.db, app.identity);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = address.replace('127.0.0.1', 'localhost');
  // Mails, QR codes and feeds carry links: point them at this server.
  config.publicUrl = url;
  return {
    url,
    app,
    db: database.db,
    database: database.app,
    config,
    firstAdmin,
    staff: (roles) => createStaffSession(database.db, app, Array.isArray(roles) ? roles : [roles]),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Puts a staff agent's session into a browser context, so a test can start signed in. */
export async function signInBrowser(context: BrowserContext, server: E2EServer, agent: Agent): Promise<void> {
  await context.addCookies([
    { name: SESSION_COOKIE, value: agent.cookie!, url: server.url, httpOnly: true, sameSite: 'Strict' },
  ]);
}
