import { defineConfig } from 'vitest/config';

/**
 * End-to-end scenarios in real Chromium (test/e2e). Two files at a time, each with its own browser,
 * server and database: most of an e2e file's time is spent waiting for pages and timers, so two
 * share the machine's cores well and keep CI under its time budget. E2E_WORKERS=1 runs one at a
 * time.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['src/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: Number(process.env.E2E_WORKERS || 2),
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
