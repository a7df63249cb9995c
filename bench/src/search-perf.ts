// `npx tsx src/search-perf.ts [database] [--scale small|full] [--counts]`: the search module on an
// already loaded bench database, without HTTP: per kind of search p50/p95 of the service call (one
// transaction with the processing-log insert, as the API does) beside the repo's SQL alone (the
// floor in run.ts). --counts prints how many contacts each free-text input matches (EXPLAIN ANALYZE of a count).
// A measuring aid while tuning search.repo.ts; `npm run bench` stays the benchmark of record.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { withoutJit } from '../../server/src/modules/search/search.repo.ts';
import { search } from '../../server/src/modules/search/search.service.ts';
import { permissionsForRoles } from '../../server/src/platform/actor.ts';
import { benchOptions, type ScaleName, scales } from './dataset.ts';
import { floorQueries } from './floor.ts';
import { searchInputs } from './inputs.ts';
import { percentiles } from './report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scale: { type: 'string', default: 'full' },
    counts: { type: 'boolean', default: false },
    n: { type: 'string', default: '100' },
  },
});
const database = positionals[0] ?? 'loket_bench';
const size = scales[values.scale as ScaleName];
const n = Number(values.n);
const handle = await connectPostgres(`postgres://postgres@127.0.0.1:5432/${database}`, 2);
const db = handle.db;
const actor = {
  kind: 'application' as const,
  id: '00000000-0000-4000-8000-000000000000',
  name: 'search-perf',
  permissions: permissionsForRoles(['kcc']),
  onBehalfOf: null,
};
const rc = { actor, endpoint: 'GET /api/v1/search' };
const inputs = searchInputs(benchOptions(size), n);

for (const [kind, qs] of Object.entries(inputs)) {
  const api: number[] = [];
  const raw: number[] = [];
  for (const [i, q] of [...qs.slice(0, 10), ...qs].entries()) {
    let t = performance.now();
    await search(db, { q }, rc);
    const a = performance.now() - t;
    t = performance.now();
    // The floor as the service runs it: in a transaction without JIT (search.repo.ts withoutJit).
    await db.transaction().execute(async (trx) => {
      await withoutJit(trx);
      await floorQueries(trx).search(q);
    });
    const f = performance.now() - t;
    if (i >= 10) {
      api.push(a);
      raw.push(f);
    }
  }
  const p = (xs: number[]) => {
    const r = percentiles(xs);
    return `p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} p99 ${r.p99.toFixed(1)}`;
  };
  console.log(`${kind.padEnd(8)} service ${p(api)} | sql ${p(raw)}`);
}

if (values.counts) {
  const { buildTsQuery, queryWords } = await import('../../server/src/modules/search/search.tsquery.ts');
  const { stemWords } = await import('../../server/src/modules/search/search.repo.ts');
  for (const q of new Set(inputs.text)) {
    const tq = buildTsQuery(await stemWords(db, queryWords(q)));
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
      SELECT count(*) FROM contacts WHERE search_contact_doc(search_vector, occurred_at) @@ to_tsquery('simple', ${tq})`.execute(
      db,
    );
    console.log(q, tq, rows.at(-1)?.['QUERY PLAN']);
  }
}
await handle.close();
