import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { uuidv7 } from '../../core/ids';
import type { Role } from '../../core/roles';
import { buildApp } from '../app';
import { type AppConfig, loadConfig } from '../config';
import type { DatabaseHandle } from '../db/connection';
import type { Db } from '../db/database';
import { hashToken, newToken, SESSION_COOKIE } from '../http/auth';
import { hashPassword } from '../modules/identity/password';
import { DEMO } from '../modules/places/demo-ids';
import { createTestDatabase, type TemplateKind } from './test-db';

export const TEST_PASSWORD = 'Pruef-Passwort-2026!';
let testPasswordHash: Promise<string> | undefined;

export interface TestApp {
  app: FastifyInstance;
  /** The test's own view of the database: fixtures and assertions, every authority's rows. */
  db: Db;
  /** The database as the application sees it (on a server: the app role under row-level security). */
  database: DatabaseHandle;
  /** The test database's name on a PostgreSQL server ('pglite' on PGlite). */
  databaseName: string;
  config: AppConfig;
  /** A signed-in staff member (session created directly; the sign-in flow has its own tests). */
  login(roles: Role | Role[], options?: { authorityId?: string; username?: string }): Promise<Agent>;
  /** An anonymous caller (a citizen). */
  anonymous(): Agent;
  close(): Promise<void>;
}

export interface Agent {
  userId: string | null;
  username: string | null;
  cookie: string | null;
  csrf: string | null;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Audit keys shared by the test processes of this machine; a checkpoint file per test app. */
const AUDIT_KEY_DIR = path.join(os.tmpdir(), 'bk-test-audit-keys');
let checkpointFiles = 0;

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    // WEB_DIR lets parallel work build the web apps into a folder of its own.
    ...loadConfig({
      PORT: '0',
      LOG_LEVEL: process.env.BK_TEST_LOG_LEVEL ?? 'silent',
      JOBS_ENABLED: 'false',
      BUILD_WEB_ON_START: 'false',
      WEB_DIR: process.env.WEB_DIR,
    }),
    loginRateLimitPerMinute: 1000,
    publicRateLimitPerMinute: 10_000,
    // Bot protection at test difficulty: a challenge is solved in a few milliseconds (ADR 33).
    altchaHmacKey: 'test-altcha-key-not-for-production-0123456789',
    altchaCost: 1,
    altchaMaxCounter: 20,
    auditKeyFile: path.join(AUDIT_KEY_DIR, 'hmac.key'),
    auditSigningKeyFile: path.join(AUDIT_KEY_DIR, 'signing.key'),
    auditCheckpointFile: path.join(
      os.tmpdir(),
      `bk-test-checkpoints-${process.pid}-${++checkpointFiles}.jsonl`,
    ),
    ...overrides,
  };
}

function agent(
  app: FastifyInstance,
  cookie: string | null,
  csrf: string | null,
  userId: string | null,
  username: string | null,
): Agent {
  const headers = (extra?: Record<string, string>) => ({
    ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
    ...(csrf ? { 'x-csrf-token': csrf } : {}),
    ...extra,
  });
  const withBody =
    (method: 'POST' | 'PUT' | 'PATCH') => (url: string, body?: unknown, extra?: Record<string, string>) =>
      app.inject({
        method,
        url,
        headers: headers(extra),
        ...(body !== undefined ? { payload: body as object } : {}),
      });
  return {
    userId,
    username,
    cookie,
    csrf,
    inject: (options) =>
      app.inject({ ...options, headers: { ...headers(), ...(options.headers as Record<string, string>) } }),
    get: (url, extra) => app.inject({ method: 'GET', url, headers: headers(extra) }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: (url, extra) => app.inject({ method: 'DELETE', url, headers: headers(extra) }),
  };
}

/** Creates a staff account with the given roles and an active session; returns a signed-in agent. */
export async function createStaffSession(
  db: Db,
  app: FastifyInstance,
  roles: Role[],
  options: { authorityId?: string; username?: string } = {},
): Promise<Agent> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const userId = uuidv7();
  // An operator belongs to no authority (ADR 24).
  const authorityId = roles.includes('operator') ? null : (options.authorityId ?? DEMO.authorityMeerane);
  const username = options.username ?? `${roles.join('-')}-${userId.slice(-8)}`;
  await db
    .insertInto('staff_users')
    .values({
      id: userId,
      authority_id: authorityId,
      username,
      display_name: `Test ${roles.join('/')} (fiktiv)`,
      email: null,
      roles,
      password_hash: await testPasswordHash,
      must_change_password: false,
      password_changed_at: new Date(),
      totp_secret: null,
      totp_enabled: false,
      totp_last_step: null,
      locked_until: null,
      disabled_at: null,
      last_login_at: null,
    })
    .execute();
  const token = newToken();
  const csrf = newToken(24);
  await db
    .insertInto('staff_sessions')
    .values({
      id: uuidv7(),
      authority_id: authorityId,
      user_id: userId,
      token_hash: hashToken(token),
      csrf_token: csrf,
      stage: 'active',
      absolute_expires_at: new Date(Date.now() + 12 * 3_600_000),
      revoked_at: null,
      user_agent: 'test',
    })
    .execute();
  return agent(app, token, csrf, userId, username);
}

export async function createTestApp(
  options: { template?: TemplateKind; config?: Partial<AppConfig> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(options.template ?? 'demo');
  const config = testConfig(options.config);
  const app = await buildApp(config, database.app);
  await app.ready();
  return {
    app,
    db: database.db,
    database: database.app,
    databaseName: database.name,
    config,
    login: (roles, opts) =>
      createStaffSession(database.db, app, Array.isArray(roles) ? roles : [roles], opts),
    anonymous: () => agent(app, null, null, null, null),
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(config.auditCheckpointFile, { force: true });
    },
  };
}

/** Reads the session cookie value from a response's set-cookie header. */
export function sessionCookieFrom(response: LightMyRequestResponse): string | undefined {
  const raw = response.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const c of list) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

export { agent as makeAgent };
