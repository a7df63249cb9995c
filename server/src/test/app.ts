// A Loket app on a fresh test database, with helpers to act as an employee or an application.
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.ts';
import { createToken } from '../modules/access/access.service.ts';
import { seedDemo } from '../modules/demo/demo.seed.ts';
import { buildApp } from '../platform/app.ts';
import { createClock } from '../platform/clock.ts';
import { testDatabase } from './database.ts';

export type Who = { cookie?: string; token?: string; headers?: Record<string, string> };

export async function testApp(options: { seed?: boolean; now?: Date; env?: Record<string, string> } = {}) {
  const handle = await testDatabase();
  const clock = createClock(options.now ?? new Date('2026-11-23T09:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_DATA_DIR: '/tmp/loket-test',
    ...options.env,
  });
  if (options.seed !== false) await seedDemo(handle.db, { now: clock.now(), population: false }); // organisation only
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
  await app.ready();

  const headersFor = (who?: Who): Record<string, string> => ({
    ...(who?.cookie ? { cookie: who.cookie } : {}),
    ...(who?.token ? { authorization: `Token ${who.token}` } : {}),
    ...who?.headers,
  });

  async function request(
    method: string,
    url: string,
    who?: Who,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: method as 'GET',
      url,
      headers: headersFor(who),
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  /** Log in as a demo employee ('kcc', 'backoffice', 'manager', 'admin'); returns the session cookie. */
  async function login(username: string, password = `${username}-demo`): Promise<Who> {
    const res = await request('POST', '/api/v1/auth/login', undefined, { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
    return { cookie };
  }

  async function application(name = 'test-app', permissions?: string[]): Promise<Who> {
    const t = await createToken(handle.db, name, permissions);
    return { token: t.token };
  }

  return {
    app,
    db: handle.db,
    dbKind: handle.kind,
    pool: handle.pool,
    clock,
    config,
    request,
    login,
    application,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;
