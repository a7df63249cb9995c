// One SQL dialect, two homes: embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
// Both are reached through node-postgres, so Kysely and every module see the same driver.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (counts, bigserial) as numbers; dates as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;
export type DatabaseKind = 'pglite' | 'postgres';

export type DatabaseHandle = {
  db: Db;
  kind: DatabaseKind;
  pool: pg.Pool;
  /** The embedded engine itself, for dumps and loads (pglite only). */
  pglite?: PGlite;
  close: () => Promise<void>;
};

export const pgliteExtensions = { pg_trgm, unaccent };

export async function connectPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', pool, close: () => db.destroy() };
}

/** Open an embedded PGlite database. `dataDir` 'memory://' keeps it in memory (tests). */
export async function connectPglite(
  dataDir: string,
  options: { loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    extensions: pgliteExtensions,
    loadDataDir: options.loadDataDir,
  });
  return wrapPglite(pglite);
}

export function wrapPglite(pglite: PGlite): DatabaseHandle {
  // PGlite is one session: a pool of one connection serialises queries and keeps transactions whole.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pool,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export function embeddedDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

export async function connect(config: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  if (config.databaseUrl) return connectPostgres(config.databaseUrl);
  return connectPglite(embeddedDir(config.dataDir));
}
