// `loket start` (startServer) starts the SMTP receiver on LOKET_SMTP_PORT and stops it on close.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import { startServer } from '../../../server.ts';
import { adminUrl } from '../../../test/database-names.ts';
import { seedDemo } from '../../demo/demo.seed.ts';
import { contactIdOf, mailClient } from './email.fixtures.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loket-mail-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** On the postgres project a database of its own, copied from the migrated template. */
async function databaseUrl(): Promise<Record<string, string>> {
  if (inject('dbKind') !== 'postgres') return {};
  const name = `loket_t_${inject('testRunPid')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
  await admin.end();
  return { DATABASE_URL: adminUrl(name) };
}

it('receives mail on LOKET_SMTP_PORT while Loket runs, and stops listening when it stops', async () => {
  const smtpPort = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOKET_SMTP_PORT: String(smtpPort),
    LOKET_SEED: 'none',
    LOKET_DATA_DIR: dataDir,
    LOKET_LOG_LEVEL: 'silent',
    ...(await databaseUrl()),
  });
  const server = await startServer(config);
  let stopped = false;
  try {
    await seedDemo(server.db, { now: new Date(), population: false });
    expect(server.smtpPort).toBe(smtpPort);
    const client = mailClient(smtpPort);
    const sent = await client.send({
      from: 'start@example.nl',
      to: 'loket@localhost',
      subject: 'Via npm start',
      text: 'Hallo',
    });
    client.close();
    expect(sent.ok, sent.response).toBe(true);
    const id = await contactIdOf(server.app.loket, sent.response);
    const row = await server.db
      .selectFrom('contacts')
      .select(['subject', 'channel'])
      .where('id', '=', id as string)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ subject: 'Via npm start', channel: 'email' });
    await server.stop();
    stopped = true;
    const after = mailClient(smtpPort);
    const refused = await after.send({
      from: 'start@example.nl',
      to: 'loket@localhost',
      subject: 'Te laat',
      text: 'x',
    });
    after.close();
    expect(refused.ok).toBe(false);
  } finally {
    if (!stopped) await server.stop();
  }
}, 240_000); // a fresh embedded database migrates every migration at start
