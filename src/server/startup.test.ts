import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { withDatabase } from './test/global-setup';

/**
 * `npm start` as a user runs it: a real process on a free port, a fresh data directory, the
 * first-admin banner on the console. And the failure a user will meet first: no database.
 */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  // Node itself with tsx as a loader: one process, so the SIGKILL below ends the server (through the
  // tsx command, the server was its child and outlived the kill).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', BUILD_WEB_ON_START: 'false', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function checkRunningSystem(output: () => string) {
  // A minute on a quiet machine; the test suite runs beside other work, so allow more here.
  await waitFor(() => /Einmal-Passwort \/ one-time: +\S+/.test(output()), 150_000);
  const url = /Portal \(Bürgerinnen und Bürger\): +(\S+)\//.exec(output())![1]!;
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const ready = await fetch(`${url}/ready`);
  expect(ready.status).toBe(200);
  const landing = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
  expect(landing.status).toBe(200);
  expect(await landing.text()).toMatch(/<html lang="de"/);
  const openapi = await (await fetch(`${url}/api/openapi.json`)).json();
  const result = await new Validator().validate(openapi);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(openapi.openapi).toBe('3.1.0');
  // The one-time password is printed, never logged as a structured line.
  expect(output()).not.toMatch(/"msg":"[^"]*one-time/);
}

describe('npm start', () => {
  it('brings up the whole system on the embedded database and prints how to sign in', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-start-'));
    try {
      const { output } = start({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', SEED_DEMO: 'true' });
      await checkRunningSystem(output);
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
    } finally {
      for (const c of children.splice(0)) c.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('brings up the whole system on a PostgreSQL server', async (ctx) => {
    const t = inject('testTemplates');
    if (t.kind !== 'postgres') return ctx.skip();
    const name = `bk_t_${t.runId}_start`;
    const admin = new pg.Client({ connectionString: t.adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    try {
      const { output } = start({
        DATABASE_URL: withDatabase(t.adminUrl!, name),
        PORT: '0',
        SEED_DEMO: 'false',
      });
      await checkRunningSystem(output);
    } finally {
      for (const c of children.splice(0)) c.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 180_000);

  it('says clearly that the database is unreachable and exits with code 2, without a stack trace', async () => {
    const { output, exited } = start({
      DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
      PORT: '0',
    });
    expect(await exited).toBe(2);
    expect(output()).toMatch(/Datenbank nicht erreichbar \/ database unavailable/);
    expect(output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses a broken configuration with exit code 1 and names the variable', async () => {
    const { output, exited } = start({ PORT: 'achtzig' });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/PORT must be a non-negative integer/);
  }, 60_000);
});
