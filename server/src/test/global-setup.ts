// Prepares one migrated template per database kind; each test file then gets a fresh copy.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPglite, connectPostgres } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { adminUrl, templateName } from './database-names.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsDir).sort())
    h.update(f).update(readFileSync(path.join(migrationsDir, f)));
  return h.digest('hex').slice(0, 12);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function preparePostgres(hash: string) {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const name = templateName(hash);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building_${process.pid}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      const handle = await connectPostgres(adminUrl(building), 1);
      await migrate(handle.db);
      await handle.close();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${building}"`); // another run won the race
      });
    }
    // Leftovers from test runs that were killed: their process no longer exists.
    const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'loket\\_t\\_%'");
    for (const row of stale.rows as { datname: string }[]) {
      const pid = Number(row.datname.split('_')[2]);
      if (pid && !processExists(pid)) {
        await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => {});
      }
    }
  } finally {
    await admin.end();
  }
  return name;
}

async function preparePglite(hash: string) {
  const file = path.join(os.tmpdir(), `loket-pglite-template-${hash}.tar.gz`);
  try {
    readFileSync(file);
    return file;
  } catch {
    const handle = await connectPglite('memory://');
    await migrate(handle.db);
    const dump = await (handle.pglite as PGlite).dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    return file;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.provide.dbKind as 'pglite' | 'postgres';
  const hash = migrationsHash();
  project.provide('testRunPid', process.pid);
  if (kind === 'pglite') {
    project.provide('pgliteTemplate', await preparePglite(hash));
    return;
  }
  project.provide('pgTemplate', await preparePostgres(hash));
  return async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      const mine = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `loket\\_t\\_${process.pid}\\_%`,
      ]);
      for (const row of mine.rows as { datname: string }[]) {
        await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'pglite' | 'postgres';
    pgTemplate: string;
    pgliteTemplate: string;
    testRunPid: number;
  }
}
