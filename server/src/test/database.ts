// A fresh, migrated database for one test file, of the kind the vitest project runs (pglite | postgres).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { connectPglite, connectPostgres, type DatabaseHandle } from '../db/connect.ts';
import { adminUrl } from './database-names.ts';

export async function testDatabase(): Promise<DatabaseHandle> {
  const kind = inject('dbKind');
  if (kind === 'pglite') {
    const tarball = readFileSync(inject('pgliteTemplate'));
    return connectPglite('memory://', { loadDataDir: new Blob([tarball]) });
  }
  const name = `loket_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
  } finally {
    await admin.end();
  }
  const handle = await connectPostgres(adminUrl(name), 5);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const drop = new pg.Client({ connectionString: adminUrl() });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    },
  };
}
