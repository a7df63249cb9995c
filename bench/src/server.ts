// Loket in-process for a benchmark, as `loket start` builds it but without the background scheduler:
// listens on a random port on 127.0.0.1, with an application token and an undici client.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool as HttpPool } from 'undici';
import { loadConfig } from '../../server/src/config.ts';
import type { DatabaseHandle } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createToken } from '../../server/src/modules/access/access.service.ts';
import { buildApp } from '../../server/src/platform/app.ts';
import { createClock } from '../../server/src/platform/clock.ts';

export type BenchServer = Awaited<ReturnType<typeof startLoket>>;

export async function startLoket(handle: DatabaseHandle, url: string | undefined, connections: number) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_SEED: 'none',
    LOKET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'loket-bench-')),
    LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x'),
    ...(url ? { DATABASE_URL: url } : {}),
  });
  // As `loket start` does: a benchmark database loaded by an older version gets the newer migrations.
  await migrate(handle.db);
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock: createClock() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const http = new HttpPool(`http://127.0.0.1:${port}`, { connections });
  const { token } = await createToken(handle.db, `bench-${Date.now()}`);
  const headers = { authorization: `Token ${token}`, 'content-type': 'application/json' };

  /** GET that must answer 200; the error names the path only (no query string: it may hold a BSN). */
  async function get(pathAndQuery: string) {
    const res = await http.request({ method: 'GET', path: pathAndQuery, headers });
    const body = (await res.body.json()) as Record<string, unknown>;
    if (res.statusCode !== 200)
      throw new Error(
        `GET ${pathAndQuery.split('?')[0]}: ${res.statusCode} ${JSON.stringify(body).slice(0, 300)}`,
      );
    return body;
  }

  async function close() {
    await http.close();
    await app.close();
  }
  return { app, http, headers, get, close };
}

export async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}
