import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: the browser suite and DuckDB tests are heavy, so keep the pool small.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/warehouse/**', '**/node_modules/**'],
        },
      },
      {
        // Real PostgreSQL servers (a single node and two postgres_fdw shards), started once for the run
        // by tests/warehouse/globalSetup.ts; files run one at a time against them.
        extends: true,
        test: {
          name: 'warehouse',
          include: ['tests/warehouse/**/*.test.ts'],
          globalSetup: ['tests/warehouse/globalSetup.ts'],
          fileParallelism: false,
        },
      },
      {
        // Real headless Chromium against the built app: one build, one browser, one network recorder
        // for the whole run (tests/e2e/globalSetup.ts); files run one at a time.
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
