// Loads the benchmark data set into a fresh database: `loket_bench` on the PostgreSQL server
// (COPY … FROM STDIN through pg-copy-streams) or an embedded PGlite directory (COPY … FROM
// '/dev/blob'). Secondary indexes and foreign keys of the loaded tables are dropped for the load
// and recreated afterwards (one sort per index beats millions of inserts), then VACUUM ANALYZE.
// Triggers are off while copying (session_replication_role = replica): the insights triggers would
// turn each COPY into one statement over a transition table of all its rows (at 10M contacts that ran
// for over half an hour and 8 GB). So the insights rollups stay empty here; this benchmark does not
// read them (the insights benchmark has its own loader that computes them set-based).
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectPglite, connectPostgres, type DatabaseHandle } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { benchNow, columns, contactTables, type LoadTable, partyTables } from './dataset.ts';
import type { ChunkReply, ChunkRequest } from './gen-worker.ts';

export type Target =
  | { kind: 'postgres'; adminUrl: string; database: string }
  | { kind: 'pglite'; dir: string };
export type Size = { parties: number; contacts: number };
type Exec = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

export const benchUrl = (t: Extract<Target, { kind: 'postgres' }>) => {
  const u = new URL(t.adminUrl);
  u.pathname = `/${t.database}`;
  return u.toString();
};

const allTables = [...partyTables, ...contactTables];
const copySql = (t: LoadTable) => `COPY ${t} (${columns[t].join(', ')}) FROM STDIN`;

/** Drops the loaded tables' foreign keys and non-constraint indexes; returns how to recreate them. */
async function dropForLoad(exec: Exec): Promise<string[]> {
  const list = `ARRAY[${allTables.map((t) => `'${t}'::regclass`).join(', ')}]`;
  const fks = await exec(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(${list})`);
  const idx = await exec(`SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
    FROM pg_index WHERE indrelid = ANY(${list}) AND NOT indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)`);
  for (const r of fks.rows) await exec(`ALTER TABLE ${r.tbl} DROP CONSTRAINT "${r.conname}"`);
  for (const r of idx.rows) await exec(`DROP INDEX ${r.name}`);
  return [
    ...idx.rows.map((r) => String(r.def)),
    ...fks.rows.map((r) => `ALTER TABLE ${r.tbl} ADD CONSTRAINT "${r.conname}" ${r.def}`),
  ];
}

async function finishLoad(exec: Exec, recreate: string[], log: (s: string) => void) {
  await exec(`SET maintenance_work_mem = '256MB'`);
  for (const stmt of recreate) {
    const t = performance.now();
    await exec(stmt);
    log(`  ${stmt.slice(0, 90)}… ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const t = performance.now();
  await exec(`VACUUM ANALYZE ${allTables.join(', ')}`);
  log(`  VACUUM ANALYZE ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/**
 * Generates rows in chunks on two worker threads (a few chunks ahead, in order) and hands each
 * table's chunk to `write`; generation overlaps the database's work.
 */
async function generate(
  size: Size,
  chunkRows: number,
  write: (t: LoadTable, text: string) => Promise<void>,
  log: (s: string) => void,
) {
  const workers = [0, 1].map(
    () =>
      new Worker(new URL('./thread-boot.mjs', import.meta.url), {
        workerData: { entry: new URL('./gen-worker.ts', import.meta.url).href },
      }),
  );
  const pending = new Map<number, (r: ChunkReply) => void>();
  // Forget each chunk's resolver once answered: at full scale the map would otherwise keep every chunk alive.
  for (const w of workers)
    w.on('message', (r: ChunkReply) => {
      pending.get(r.seq)?.(r);
      pending.delete(r.seq);
    });
  let seq = 0;
  const request = (phase: ChunkRequest['phase'], from: number, to: number) => {
    const s = seq++;
    const reply = new Promise<ChunkReply>((resolve) => pending.set(s, resolve));
    (workers[s % workers.length] as Worker).postMessage({
      size,
      phase,
      from,
      to,
      seq: s,
    } satisfies ChunkRequest);
    return reply;
  };
  try {
    for (const [phase, n] of [
      ['parties', size.parties],
      ['contacts', size.contacts],
    ] as const) {
      const t0 = performance.now();
      const starts: number[] = [];
      for (let from = 0; from < n; from += chunkRows) starts.push(from);
      const ahead = 3;
      const queue = starts.slice(0, ahead).map((from) => request(phase, from, Math.min(n, from + chunkRows)));
      for (let k = 0; k < starts.length; k++) {
        const next = starts[k + ahead];
        if (next !== undefined) queue.push(request(phase, next, Math.min(n, next + chunkRows)));
        const chunk = await (queue[k] as Promise<ChunkReply>);
        queue[k] = Promise.resolve({ seq: -1, text: {} }); // let the text be collected
        await Promise.all(Object.entries(chunk.text).map(([t, text]) => write(t as LoadTable, text)));
        if (k % 20 === 0)
          log(`  ${phase}: ${(starts[k] ?? 0).toLocaleString('en')} / ${n.toLocaleString('en')}`);
      }
      log(`  ${phase} and children: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function prepare(handle: DatabaseHandle) {
  await migrate(handle.db);
  // The demo organisation (teams, reasons, employees, token): contacts refer to its ids.
  await seedDemo(handle.db, { now: benchNow, population: { parties: 0, contacts: 0 } });
}

export async function loadPostgres(
  target: Extract<Target, { kind: 'postgres' }>,
  size: Size,
  log: (s: string) => void,
) {
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${target.database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${target.database}"`);
  await admin.end();
  const handle = await connectPostgres(benchUrl(target), allTables.length + 1);
  try {
    await prepare(handle);
    const exec: Exec = (s) => handle.pool.query(s);
    const recreate = await dropForLoad(exec);
    // One COPY stream per table, each on its own connection, open for the whole load.
    const streams = new Map<
      LoadTable,
      { stream: ReturnType<typeof copyFrom>; done: Promise<void>; release: () => void }
    >();
    for (const t of allTables) {
      const client = await handle.pool.connect();
      await client.query('SET session_replication_role = replica');
      const stream = client.query(copyFrom(copySql(t)));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', () => resolve());
        stream.on('error', reject);
      });
      const release = () => {
        // Not back into the pool with the triggers off: the connection is closed instead.
        client.release(true);
      };
      streams.set(t, { stream, done, release });
    }
    await generate(
      size,
      10_000,
      async (t, text) => {
        const s = streams.get(t);
        if (s && !s.stream.write(text)) await new Promise((r) => s.stream.once('drain', r));
      },
      log,
    );
    for (const s of streams.values()) {
      s.stream.end();
      await s.done;
      s.release();
    }
    await finishLoad(exec, recreate, log);
  } finally {
    await handle.close();
  }
}

export async function openPglite(dir: string) {
  return connectPglite(dir);
}

export async function loadPglite(
  target: Extract<Target, { kind: 'pglite' }>,
  size: Size,
  log: (s: string) => void,
) {
  rmSync(target.dir, { recursive: true, force: true });
  const handle = await connectPglite(target.dir);
  try {
    await prepare(handle);
    const lite = handle.pglite as PGlite;
    const exec: Exec = (s) => lite.query(s) as Promise<{ rows: Record<string, unknown>[] }>;
    const recreate = await dropForLoad(exec);
    // PGlite reads COPY data from a Blob at the virtual path /dev/blob.
    await exec('SET session_replication_role = replica');
    await generate(
      size,
      50_000,
      async (t, text) => {
        await lite.query(`COPY ${t} (${columns[t].join(', ')}) FROM '/dev/blob'`, [], {
          blob: new Blob([text]),
        });
      },
      log,
    );
    await exec('RESET session_replication_role');
    await finishLoad(exec, recreate, log);
  } finally {
    await handle.close();
  }
}
