// A real Loket server for the browser tests: fresh embedded database in a temp dir, the demo
// municipality seeded, listening on a random loopback port, serving the built werkplek.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { startServer } from '../../server/src/server.ts';

/** `now`: start the server's clock there (it runs on from it), e.g. inside opening hours. */
export async function startLoket(opts: { now?: Date; env?: Record<string, string> } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loket-e2e-'));
  // Start from the demo seeded once by global-setup.ts, unless the test sets its own clock: the
  // demo's dates are relative to the moment it is seeded.
  const template = opts.now ? undefined : inject('loketTemplate');
  if (template) cpSync(template, dataDir, { recursive: true });
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOKET_DATA_DIR: dataDir,
    LOKET_SEED: 'demo',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_SMTP_PORT: '0', // several browser-test servers may run at once
    ...opts.env,
  });
  const started = Date.now();
  const server = await startServer(config, createClock(opts.now));
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    db: server.db,
    /** The server's live-event hub: tests announce what a channel adapter would. */
    realtime: server.app.loket.realtime,
    startupMs: Date.now() - started,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type Loket = Awaited<ReturnType<typeof startLoket>>;
