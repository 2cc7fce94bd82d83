import { defineConfig } from 'vitest/config';

// End-to-end tests drive real Chromium processes: one file at a time keeps 2 cores usable.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
