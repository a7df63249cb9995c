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
  // Named after the vitest main process: its global teardown drops them all at the end. Dropping here
  // would wait for the checkpoint DROP DATABASE forces, which can take long on a busy server.
  const name = `loket_t_${inject('testRunPid')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
  } finally {
    await admin.end();
  }
  const handle = await connectPostgres(adminUrl(name), 5);
  return handle;
}
