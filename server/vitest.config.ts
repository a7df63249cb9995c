// Every test runs twice: on embedded PGlite and on the PostgreSQL server (127.0.0.1:5432).
// Then the browser tests in e2e/, so one run and one summary line cover both.
import { defineConfig } from 'vitest/config';

const shared = {
  include: ['src/**/*.test.ts'],
  globalSetup: ['src/test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './src/test/summary-reporter.ts'],
    projects: [
      { test: { ...shared, name: 'pglite', provide: { dbKind: 'pglite' } } },
      { test: { ...shared, name: 'postgres', provide: { dbKind: 'postgres' } } },
      // Browser tests of the werkplek (e2e/): after the server tests, so Chromium has the cores.
      {
        test: {
          name: 'e2e',
          root: '../e2e',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
