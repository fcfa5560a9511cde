import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: the browser suite and DuckDB tests are heavy, so keep the pool small.
    maxWorkers: 2,
  },
});
