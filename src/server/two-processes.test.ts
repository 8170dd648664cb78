import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uuidv7 } from '../core/ids';
import type { DatabaseHandle } from './db/connection';
import { openDatabase } from './db/connection';
import { installationScope } from './db/scope';
import { CSRF_HEADER, hashToken, SESSION_COOKIE } from './http/auth';
import { isPostgresRun } from './test/test-db';

/**
 * Two server processes on one PostgreSQL database (#12, ADR 25), started at the same moment on an
 * empty database as a rollout would: both migrate and seed without tripping over each other,
 * each periodic task runs once per period across both, every queued job runs once, and a booking
 * on one process is seen by the other (no double booking across processes), and a call made on one
 * process reaches a call display connected to the other at once (LISTEN/NOTIFY). PGlite is one
 * process by design; this runs on a PostgreSQL server only.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  url: string;
  lines: string[];
}

describe.skipIf(!isPostgresRun())('two server processes on one PostgreSQL database', () => {
  const name = `bk_t_two_${randomBytes(5).toString('hex')}`;
  let adminUrl: string;
  let dbUrl: string;
  let dataDir: string;
  let database: DatabaseHandle;
  const procs: Proc[] = [];

  beforeAll(async () => {
    adminUrl = inject('testTemplates').adminUrl!;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-two-'));
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: dbUrl,
          DATABASE_POOL_MAX: '5',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'debug',
          SEED_DEMO: 'true',
          JOBS_ENABLED: 'true',
          BUILD_WEB_ON_START: 'false',
          SMTP_URL: '',
          PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
          BOOKING_MAX_PER_CONTACT_PER_DAY: '100',
          // Bot protection at test difficulty; both processes share the key file in DATA_DIR.
          ALTCHA_HMAC_KEY: '',
          ALTCHA_COST: '1',
          ALTCHA_MAX_COUNTER: '20',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const proc: Proc = { child, url: `http://127.0.0.1:${port}`, lines: [] };
      for (const stream of [child.stdout!, child.stderr!]) {
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          const parts = (rest + chunk.toString('utf8')).split('\n');
          rest = parts.pop() ?? '';
          proc.lines.push(...parts);
        });
      }
      procs.push(proc);
    }
    // Both up (each migrated and seeded the same empty database at the same time).
    const deadline = Date.now() + 90_000;
    for (const p of procs) {
      for (;;) {
        if (p.child.exitCode !== null)
          throw new Error(`process exited ${p.child.exitCode}:\n${p.lines.slice(-30).join('\n')}`);
        const ok = await fetch(`${p.url}/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`not up:\n${p.lines.slice(-30).join('\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    // The test's own view of the database is the installation's (ADR 27).
    database = await openDatabase({
      databaseUrl: dbUrl,
      poolMax: 2,
      fallbackScope: installationScope('test'),
    });
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(
      procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined)),
    );
    await database?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('seeded the database once although both started on it at the same moment', async () => {
    const runs = await database.db.selectFrom('seed_runs').select(['module', 'kind']).execute();
    const keys = runs.map((r) => `${r.module}:${r.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    const authorities = await database.db.selectFrom('authorities').select('id').execute();
    expect(authorities).toHaveLength(1);
  });

  it('runs each periodic task once per period across both processes', async () => {
    const logged = (p: Proc, msg: string) =>
      p.lines
        .filter((l) => l.startsWith('{') && l.includes(msg))
        .map((l) => JSON.parse(l) as { task?: string; tasks?: string[] });
    const registered = procs.map((p) => logged(p, 'job runner started')[0]?.tasks ?? []);
    expect(registered[0]!.length).toBeGreaterThan(0);
    expect(registered[1]).toEqual(registered[0]);
    const tasks = registered[0]!;
    const claims = () => procs.flatMap((p) => logged(p, 'periodic task claimed').map((c) => c.task!));
    // Each process asks at its first tick; wait until every task has been claimed by someone.
    await expect.poll(() => new Set(claims()).size, { timeout: 20_000 }).toBe(tasks.length);
    // Two more ticks of both: nobody runs a task again within its period (the shortest is a minute).
    await new Promise((r) => setTimeout(r, 2500));
    for (const task of tasks)
      expect(
        claims().filter((c) => c === task),
        task,
      ).toHaveLength(1);
    expect(claims()).toHaveLength(tasks.length);
    const rows = await database.db.selectFrom('periodic_runs').select(['name', 'last_runner']).execute();
    expect(rows.map((r) => r.name).sort()).toEqual([...tasks].sort());
    expect(rows.every((r) => /:\d+$/.test(r.last_runner ?? ''))).toBe(true);
  });

  it('books across both: one desk, one slot — the second process sees the first one’s booking', async () => {
    const day = await database.db
      .selectFrom('office_days')
      .select(['id', 'starts_at', 'desks', 'service_ids', 'authority_id'])
      .where('starts_at', '>', new Date(Date.now() + 3 * 86_400_000))
      .where('cancel_reason', 'is', null)
      .where('service_ids', 'is', null)
      .where('mode', '=', 'in_person')
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    const service = await database.db
      .selectFrom('catalog_services')
      .select('id')
      .where('slug', '=', 'personalausweis-beantragen')
      .where('authority_id', '=', day.authority_id)
      .executeTakeFirstOrThrow();
    // On that authority's portal (ADR 27).
    const portal = await database.db
      .selectFrom('authorities')
      .select('slug')
      .where('id', '=', day.authority_id)
      .executeTakeFirstOrThrow();
    const answers: Array<{ i: number; status: number; code?: string }> = [];
    // desks + 2 attempts at the same time, alternating processes, all at once.
    await Promise.all(
      Array.from({ length: day.desks + 2 }, async (_, i) => {
        const p = procs[i % 2]!;
        // The challenge comes from the other process: one key, one store of used challenges.
        const altcha = await solvedChallenge(`${procs[(i + 1) % 2]!.url}/${portal.slug}`);
        const res = await fetch(`${p.url}/${portal.slug}/api/booking/appointments`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `two-${name}-${i}`,
            'x-altcha': altcha,
          },
          body: JSON.stringify({
            officeDayId: day.id,
            startsAt: new Date(day.starts_at).toISOString(),
            serviceIds: [service.id],
            contact: { name: `Zwei Prozesse ${i} (fiktiv)`, email: `zwei.${i}@example.org` },
          }),
        });
        const body = (await res.json()) as { code?: string };
        answers.push({ i, status: res.status, code: body.code });
      }),
    );
    expect(
      answers.filter((a) => a.status === 201),
      JSON.stringify(answers),
    ).toHaveLength(day.desks);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.code)).toEqual(['SLOT_TAKEN', 'SLOT_TAKEN']);
    // The confirmations are queued once each and sent (stored: no SMTP here) once each.
    await expect
      .poll(
        async () =>
          (
            await database.db
              .selectFrom('jobs')
              .select(['status', 'attempts'])
              .where('status', 'in', ['pending', 'running'])
              .where('run_at', '<=', new Date())
              .execute()
          ).length,
        { timeout: 20_000 },
      )
      .toBe(0);
    const done = await database.db
      .selectFrom('jobs')
      .select(['type', 'attempts'])
      .where('status', '=', 'done')
      .execute();
    expect(done.length).toBeGreaterThanOrEqual(day.desks);
    expect(done.every((j) => j.attempts === 1)).toBe(true);
    // Retrying the first booking on the other process answers the same booking, not a second one.
    const first = answers.find((a) => a.status === 201)!.i;
    const again = await fetch(`${procs[(first + 1) % 2]!.url}/${portal.slug}/api/booking/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `two-${name}-${first}` },
      body: JSON.stringify({
        officeDayId: day.id,
        startsAt: new Date(day.starts_at).toISOString(),
        serviceIds: [service.id],
        contact: { name: `Zwei Prozesse ${first} (fiktiv)`, email: `zwei.${first}@example.org` },
      }),
    });
    expect(again.status).toBeLessThan(300);
    const booked = await database.db
      .selectFrom('appointments')
      .select('id')
      .where('office_day_id', '=', day.id)
      .where('status', 'in', ['held', 'booked'])
      .execute();
    expect(booked).toHaveLength(day.desks);
  });

  it('pushes a call made on one process to a call display connected to the other at once', async () => {
    const location = await database.db
      .selectFrom('locations')
      .select(['id', 'slug', 'authority_id'])
      .where('active', '=', true)
      .orderBy('slug')
      .executeTakeFirstOrThrow();
    // A clerk signed in on process A (a session as the sign-in creates it).
    const userId = uuidv7();
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await database.db
      .insertInto('staff_users')
      .values({
        id: userId,
        authority_id: location.authority_id,
        username: `zwei.${userId.slice(-8)}`,
        display_name: 'Zwei Prozesse (fiktiv)',
        email: null,
        roles: ['clerk'],
        password_hash: 'x',
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
    await database.db
      .insertInto('staff_sessions')
      .values({
        id: uuidv7(),
        authority_id: location.authority_id,
        user_id: userId,
        token_hash: hashToken(token),
        csrf_token: csrf,
        stage: 'active',
        absolute_expires_at: new Date(Date.now() + 3_600_000),
        revoked_at: null,
        user_agent: 'two-processes',
      })
      .execute();
    const headers = {
      'content-type': 'application/json',
      cookie: `${SESSION_COOKIE}=${token}`,
      [CSRF_HEADER]: csrf,
    };

    // The display is connected to process B.
    const controller = new AbortController();
    const events: Array<{ event: string; data: { code?: string }; at: number }> = [];
    // On the location's authority's portal (ADR 27).
    const owner = await database.db
      .selectFrom('authorities')
      .select('slug')
      .where('id', '=', location.authority_id)
      .executeTakeFirstOrThrow();
    const display = await fetch(`${procs[1]!.url}/${owner.slug}/api/queue/display/${location.slug}/events`, {
      signal: controller.signal,
    });
    expect(display.status).toBe(200);
    const reading = (async () => {
      const reader = display.body!.getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += Buffer.from(value!).toString('utf8');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
          end = buffer.indexOf('\n\n');
        }
      }
    })();
    await expect.poll(() => events.some((e) => e.event === 'state')).toBe(true);

    // A walk-in and a call on process A.
    const ticket = await fetch(`${procs[0]!.url}/api/queue/tickets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ locationId: location.id }),
    });
    expect(ticket.status, await ticket.clone().text()).toBe(201);
    const code = ((await ticket.json()) as { code: string }).code;
    const calledAt = Date.now();
    const call = await fetch(`${procs[0]!.url}/api/queue/call-next`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ locationId: location.id, deskLabel: 'Platz 1' }),
    });
    expect(call.status, await call.clone().text()).toBe(200);
    // A "call" event comes only from the bus (polling sends "state"), and well before a poll.
    await expect.poll(() => events.find((e) => e.event === 'call'), { timeout: 5000 }).toBeTruthy();
    const pushed = events.find((e) => e.event === 'call')!;
    expect(pushed.data.code).toBe(code);
    expect(pushed.at - calledAt).toBeLessThan(1500);
    controller.abort();
    await reading;
  });
});

/** A challenge from a server process, solved as the citizen's browser would (ADR 33). */
async function solvedChallenge(url: string): Promise<string> {
  const challenge = await (await fetch(`${url}/api/antibot/challenge`)).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}
