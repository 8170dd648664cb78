import { defineConfig } from 'vitest/config';

/**
 * End-to-end scenarios in real Chromium (test/e2e). Two files at a time, each with its own browser,
 * server and database: most of an e2e file's time is spent waiting for pages and timers, so two
 * share the machine's cores well and keep CI under its time budget. E2E_WORKERS=1 runs one at a
 * time.
 *
 * The time limits are for a slow machine, not a fast one: on a CI machine about half as fast as a
 * developer's (seen 2026-12-07: the video call's scenario took over 120 s, and a staff page took
 * over a second to show its first field, the default of expect.poll), a passing scenario must not
 * fail by the clock. A poll that succeeds returns at once; only a real failure waits the limit.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['src/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: Number(process.env.E2E_WORKERS || 2),
    fileParallelism: true,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default'],
  },
});
