import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterEach, expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a machine without internet (see shared/TESTING.md). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Adds a fake camera that serves frames without a prompt (getUserMedia). */
export const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    headless: true,
  });
}

export async function newPage(
  browser: Browser,
  options: BrowserContextOptions & { locale?: 'de-DE' | 'en-GB' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', ...options });
  const page = await context.newPage();
  trackConsole(page);
  return { context, page };
}

const consoleLogs = new WeakMap<Page, string[]>();
function trackConsole(page: Page) {
  const lines: string[] = [];
  consoleLogs.set(page, lines);
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
}

/**
 * On a failed test, keeps a screenshot and the console log of the given pages under
 * test-results/e2e/ (CI keeps that folder as the run's artefacts).
 */
export function keepArtifactsOnFailure(pages: () => (Page | undefined)[]): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const dir = path.resolve('test-results/e2e');
    fs.mkdirSync(dir, { recursive: true });
    const base = context.task.name.replace(/[^\w-]+/g, '_').slice(0, 80);
    let i = 0;
    for (const page of pages()) {
      if (!page || page.isClosed()) continue;
      const name = `${base}-${i++}`;
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => {});
      fs.writeFileSync(
        path.join(dir, `${name}.console.log`),
        `${page.url()}\n${(consoleLogs.get(page) ?? []).join('\n')}\n`,
      );
    }
  });
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules and fails with a readable list of violations.
 * Call it on every page and every error state a test visits.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/**
 * Waits until the form's security check (the altcha proof of work, ADR 33) has solved its
 * challenge in the browser — cheap at the tests' difficulty — as a person would see it announced.
 */
export async function securityCheckPassed(page: Page): Promise<void> {
  await page
    .locator('.bk-botcheck [role="status"]')
    .filter({ hasText: /Sicherheitsprüfung erfolgreich|Security check passed/ })
    .waitFor({ timeout: 15_000 });
}
