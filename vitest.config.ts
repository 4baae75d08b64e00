import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Real-server tests start their own PostgreSQL + PgBouncer; keep files from fighting over 2 cores.
    fileParallelism: false,
  },
});
