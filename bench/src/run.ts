// Measures Loket over real HTTP on 127.0.0.1 against the raw SQL floor, in the same run:
// each search kind, the customer view, and contact registration throughput; plus the process RSS.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CompiledQuery } from 'kysely';
import { connectPglite, connectPostgres, type DatabaseHandle } from '../../server/src/db/connect.ts';
import { partyKind } from '../../server/src/modules/demo/demo.generate.ts';
import { seededRandom, uuidFrom } from '../../server/src/modules/demo/random.ts';
import { benchOptions } from './dataset.ts';
import { floorQueries, type RegistrationBody } from './floor.ts';
import { searchInputs } from './inputs.ts';
import { benchUrl, type Size, type Target } from './load.ts';
import { markdownReport, percentiles, type Result } from './report.ts';
import { startLoket, timed } from './server.ts';

const samples = 200;
const warmup = 20;
const registrations = 2000;
const concurrency = 8;

/**
 * Runs the API and its floors for sample n, each in turn going first: the first pays the reads of
 * pages not yet in shared_buffers, the ones after find them there.
 */
async function inTurn<T>(n: number, ...runs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(runs.length);
  for (let k = 0; k < runs.length; k++) {
    const i = (n + k) % runs.length;
    out[i] = await (runs[i] as () => Promise<T>)();
  }
  return out;
}

/**
 * Removes the contacts the registration step made. They are the newest of the data set: left there,
 * the next run's free-text search would first walk thousands of benchmark contacts about one
 * container. Foreign-key and insights triggers off (as when loading): a plain DELETE checks every
 * referencing table per row, which at 10M contacts took minutes; the few child rows go explicitly.
 */
export async function forgetRegistrations(db: DatabaseHandle['db'], from: Date) {
  await db.transaction().execute(async (trx) => {
    const run = (text: string) =>
      trx.executeQuery(CompiledQuery.raw(text, text.includes('$1') ? [from.toISOString()] : []));
    await run('SET LOCAL session_replication_role = replica');
    await run(`CREATE TEMP TABLE bench_registered ON COMMIT DROP AS
      SELECT id FROM contacts WHERE occurred_at >= $1 AND content LIKE 'Benchmark: de groene container%'`);
    for (const child of ['contact_parties', 'queue_items', 'attachments', 'contact_subjects'])
      await run(`DELETE FROM ${child} WHERE contact_id IN (SELECT id FROM bench_registered)`);
    await run('DELETE FROM contacts WHERE id IN (SELECT id FROM bench_registered)');
  });
  // Their dead rows sat at the newest end of the contacts, where free-text search starts walking:
  // without a vacuum each run's text figure came out worse than the one before (p95 13 → 21 ms).
  // INDEX_CLEANUP ON: for so few dead rows VACUUM would otherwise leave their index entries.
  for (const table of ['contacts', 'contact_parties'])
    await db.executeQuery(CompiledQuery.raw(`VACUUM (ANALYZE, INDEX_CLEANUP ON) ${table}`));
}

/**
 * Reads every table and index of the bench database once through the OS page cache (pg_prewarm
 * 'read': not into shared_buffers), so the run measures a server in its steady state, with a
 * database (9.8 GB at full scale) that fits in memory, not the disk reads left over from loading
 * (right after a load a third of it was not cached, and those reads dominated every p95).
 */
async function prewarm(db: DatabaseHandle['db'], log: (s: string) => void) {
  const t = performance.now();
  await db.executeQuery(CompiledQuery.raw('CREATE EXTENSION IF NOT EXISTS pg_prewarm'));
  const { rows } = await db.executeQuery<{ blocks: string }>(
    CompiledQuery.raw(`SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) AS blocks FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'm', 't')`),
  );
  const gb = (Number(rows[0]?.blocks) * 8192) / 1e9;
  log(`  OS-cache voorverwarmd: ${gb.toFixed(1)} GB in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

export async function runBench(
  target: Target,
  size: Size,
  log: (s: string) => void,
  options: { cold?: boolean } = {},
): Promise<Result> {
  const url = target.kind === 'postgres' ? benchUrl(target) : undefined;
  const handle: DatabaseHandle =
    target.kind === 'postgres'
      ? await connectPostgres(benchUrl(target), 10)
      : await connectPglite(target.dir);
  // The floor runs on its own pool on the server; on PGlite there is only the one session.
  const raw: DatabaseHandle = url ? await connectPostgres(url, concurrency) : handle;
  const { http, headers, get, close } = await startLoket(handle, url, concurrency);
  if (url && !options.cold) await prewarm(raw.db, log);

  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  const floor = floorQueries(raw.db);
  const o = benchOptions(size);
  const result: Result = {
    db: target.kind,
    size,
    searches: [],
    view: null,
    registration: null,
    rssMb: 0,
    peakRssMb: 0,
  };
  try {
    // ── Search, one kind at a time; API and floor interleaved so drift hits both alike, and which of
    // the two runs an input first alternates: the first pays the reads of pages not yet in
    // shared_buffers, the second finds them there (always API first made the ratio look worse).
    for (const [kind, inputs] of Object.entries(searchInputs(o, samples + warmup))) {
      const api: number[] = [];
      const sql: number[] = [];
      const logged: number[] = [];
      let hits = 0;
      const detected = new Map<string, number>();
      for (const [n, q] of inputs.entries()) {
        const [[a, body], [s], [l]] = (await inTurn<[number, unknown]>(
          n,
          () => timed(() => get(`/api/v1/search?q=${encodeURIComponent(q)}`)),
          () => timed(() => floor.search(q)),
          () => timed(() => floor.searchLogged(q)),
        )) as [[number, Record<string, unknown>], [number, unknown], [number, unknown]];
        if (n < warmup) continue;
        api.push(a);
        sql.push(s);
        logged.push(l);
        if ((body.results as unknown[]).length > 0) hits++;
        detected.set(String(body.detected), (detected.get(String(body.detected)) ?? 0) + 1);
      }
      result.searches.push({
        kind,
        api: percentiles(api),
        sql: percentiles(sql),
        logged: percentiles(logged),
        hitRate: hits / api.length,
        detected: Object.fromEntries(detected),
      });
      log(
        `  zoeken ${kind}: p95 ${percentiles(api).p95.toFixed(1)} ms (SQL ${percentiles(sql).p95.toFixed(1)} ms, met log ${percentiles(logged).p95.toFixed(1)} ms), gevonden ${hits}/${api.length}`,
      );
    }

    // ── Customer view of random persons and organisations.
    const rng = seededRandom(99);
    const api: number[] = [];
    const sql: number[] = [];
    let items = 0;
    for (let n = 0; n < samples + warmup; n++) {
      const i = rng.int(0, size.parties - 1);
      const id = o.id('party', partyKind(i) === 'contact_person' ? i - 1 : i);
      const [[a, body], [s]] = (await inTurn<[number, unknown]>(
        n,
        () => timed(() => get(`/api/v1/parties/${id}/view`)),
        () => timed(() => floor.view(id)),
      )) as [[number, Record<string, unknown>], [number, unknown]];
      if (n < warmup) continue;
      api.push(a);
      sql.push(s);
      items += ((body.timeline as { items: unknown[] }).items ?? []).length;
    }
    result.view = { api: percentiles(api), sql: percentiles(sql), avgItems: items / api.length };
    log(`  klantbeeld: p95 ${result.view.api.p95.toFixed(1)} ms (SQL ${result.view.sql.p95.toFixed(1)} ms)`);

    // ── Registration throughput at the same concurrency, same durability (default synchronous_commit).
    const reasonId = uuidFrom('reason:afval');
    const pool = async (n: number, one: (k: number) => Promise<void>) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) await one(next++);
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    const body = (k: number): RegistrationBody => ({
      channel: 'phone',
      direction: 'in',
      reasonId,
      subject: 'Container niet geleegd',
      content: `Benchmark: de groene container aan de Dorpsstraat ${k} is niet geleegd.`,
      resolvedFirstContact: true,
      parties: [
        { partyId: o.id('party', 2 + (k % Math.max(1, size.parties - 2))), role: 'klant', initiator: true },
      ],
    });
    const registeredFrom = new Date();
    const apiRate = await pool(registrations, async (k) => {
      const res = await http.request({
        method: 'POST',
        path: '/api/v1/contacts',
        headers,
        body: JSON.stringify(body(k)),
      });
      const text = await res.body.text();
      if (res.statusCode !== 201 && res.statusCode !== 200)
        throw new Error(`POST /api/v1/contacts: ${res.statusCode} ${text.slice(0, 300)}`);
    });
    const sqlRate = await pool(registrations, (k) => floor.register(body(k)));
    result.registration = { apiPerSecond: apiRate, sqlPerSecond: sqlRate, n: registrations, concurrency };
    log(`  registratie: ${apiRate.toFixed(0)}/s via API, ${sqlRate.toFixed(0)}/s raw SQL`);
    await forgetRegistrations(raw.db, registeredFrom);
  } finally {
    clearInterval(rssTimer);
    result.rssMb = process.memoryUsage().rss / 2 ** 20;
    result.peakRssMb = Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20;
    await close();
    if (raw !== handle) await raw.close();
    await handle.close();
  }
  return result;
}

export function writeReport(
  file: string,
  machine: Record<string, unknown>,
  results: (Result & Record<string, unknown>)[],
) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ machine, results }, null, 2));
  process.stdout.write(`\n${markdownReport(results)}\n`);
}
