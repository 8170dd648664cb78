import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../../src/server/test/test-app';
import { CHROMIUM, CHROMIUM_FLAGS, FAKE_CAMERA_FLAGS } from './browser';

/**
 * Chromium as a field-kit laptop: our own process with a persistent profile directory, so a test
 * can SIGKILL it mid-work and start it again on the same profile (TESTING.md). Connected over CDP.
 */
export interface KitBrowser {
  process: ChildProcess;
  browser: Browser;
  context: BrowserContext;
  profileDir: string;
  page(): Promise<Page>;
  /** Kills Chromium hard (no shutdown, no flush beyond what IndexedDB committed). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function launchKitBrowser(profileDir: string, extraArgs: string[] = []): Promise<KitBrowser> {
  fs.mkdirSync(profileDir, { recursive: true });
  const child = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_FLAGS,
      ...FAKE_CAMERA_FLAGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${profileDir}`,
      '--lang=de-DE',
      '--disable-features=Translate,MediaRouter,OptimizationHints',
      ...extraArgs,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: 'Europe/Berlin' } },
  );
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`Chromium did not start: ${buffer.slice(-500)}`)),
      30_000,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}): ${buffer.slice(-500)}`));
    });
  });
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(wsUrl);
  const context = browser.contexts()[0]!;
  await context.grantPermissions(['camera']).catch(() => {});
  return {
    process: child,
    browser,
    context,
    profileDir,
    async page() {
      const existing = context.pages().find((p) => p.url() !== 'about:blank') ?? context.pages()[0];
      const page = existing ?? (await context.newPage());
      if (!(page as { __bkLogged?: boolean }).__bkLogged) {
        (page as { __bkLogged?: boolean }).__bkLogged = true;
        page.on('pageerror', (e) => console.error(`[kit pageerror] ${e.message}`));
        page.on('requestfailed', (r) => {
          if (!r.url().includes('/api/'))
            console.error(`[kit requestfailed] ${r.url()} ${r.failure()?.errorText}`);
        });
        page.on('console', (m) => {
          if (m.type() === 'error') console.error(`[kit console] ${m.text()}`);
        });
      }
      return page;
    },
    async kill() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      await browser.close().catch(() => {});
    },
    async close() {
      await browser.close().catch(() => {});
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      }
    },
  };
}

/**
 * Removes a kit profile after its browser closed. Chromium's helper processes may still be writing
 * into it for a moment after the main process ended (seen in CI: ENOTEMPTY in the cleanup of a
 * passing file), so removal is retried; a temporary folder left behind is reported, not a failure.
 */
export function removeProfile(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.error(`[kit] could not remove the profile ${dir}: ${(error as Error).message}`);
  }
}

/** Every regular file under dir (symbolic links skipped). */
export function profileFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Files of the profile that contain a marker in UTF-8 or UTF-16LE. */
export function scanForPlaintext(
  dir: string,
  markers: string[],
): { file: string; marker: string; encoding: string }[] {
  const hits: { file: string; marker: string; encoding: string }[] = [];
  const needles = markers.flatMap((m) => [
    { marker: m, encoding: 'utf8', bytes: Buffer.from(m, 'utf8') },
    { marker: m, encoding: 'utf16le', bytes: Buffer.from(m, 'utf16le') },
  ]);
  for (const file of profileFiles(dir)) {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue;
    }
    for (const n of needles)
      if (content.includes(n.bytes)) hits.push({ file, marker: n.marker, encoding: n.encoding });
  }
  return hits;
}

/** Signs in on the kit's own sign-in form (the session the kit's sync is bound to). */
export async function signInOnKit(p: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await p.getByLabel('Benutzername').fill(username);
  await p.getByLabel('Passwort', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Anmelden' }).click();
}
