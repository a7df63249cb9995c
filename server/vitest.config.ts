// Every test runs twice: on embedded PGlite and on the PostgreSQL server (127.0.0.1:5432).
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
    ],
  },
});
