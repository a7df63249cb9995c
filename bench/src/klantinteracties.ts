// `npm run bench:ki -w bench [-- --database loket_bench --n 300 --concurrency 4]`: the two calls a
// KCC front end makes through the Klantinteracties API, on an already loaded bench database on the
// PostgreSQL server (`npm run bench -- --only load`): find a person by BSN
// (GET /partijen?partijIdentificator__objectId=…&partijIdentificator__codeSoortObjectId=bsn) and list
// that person's klantcontacten (GET /klantcontacten?hadBetrokkene__wasPartij__uuid=…). Each request
// is followed by its raw SQL floor (hand-written, reads the same rows) in the same worker, so
// drift hits both alike. Not a test: nothing asserts a time.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { nodeCpuMeter, poolCpuMeter } from './cpu.ts';
import { percentiles } from './report.ts';
import { startLoket, timed } from './server.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'loket_bench' },
    n: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '4' },
  },
});
const n = Number(values.n);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);
const url = `postgres://postgres@127.0.0.1:5432/${values.database}`;
const log = (s: string) => process.stdout.write(`${s}\n`);

const handle = await connectPostgres(url, 10);
const raw = await connectPostgres(url, concurrency);
const server = await startLoket(handle, url, concurrency);
const base = '/klantinteracties/api/v1';

// Inputs: persons with a BSN, in a fixed pseudo-random order (md5 of the BSN).
const people = (
  await sql<{ party_id: string; bsn: string }>`
    SELECT party_id, value AS bsn FROM party_identifiers WHERE type = 'bsn'
    ORDER BY md5(value) LIMIT ${n + warmup}`.execute(raw.db)
).rows;

const floorBsn = (bsn: string) =>
  sql`
    SELECT p.*,
           (SELECT json_agg(i) FROM party_identifiers i WHERE i.party_id = p.id) AS identifiers,
           (SELECT array_agg(d.id) FROM digital_addresses d WHERE d.party_id = p.id) AS digital_addresses,
           (SELECT array_agg(cp.id) FROM contact_parties cp WHERE cp.party_id = p.id) AS involvements
    FROM party_identifiers x JOIN parties p ON p.id = x.party_id
    WHERE x.type = 'bsn' AND x.value = ${bsn}`.execute(raw.db);

const floorContacts = (partyId: string) =>
  sql`
    SELECT c.*, count(*) OVER () AS total,
           (SELECT array_agg(cp.id) FROM contact_parties cp WHERE cp.contact_id = c.id) AS involvements
    FROM contacts c
    WHERE c.id IN (SELECT contact_id FROM contact_parties WHERE party_id = ${partyId})
    ORDER BY c.occurred_at DESC LIMIT 100`.execute(raw.db);

type Kind = {
  name: string;
  target: number;
  api: (p: (typeof people)[number]) => string;
  floor: (p: (typeof people)[number]) => Promise<unknown>;
  count: (body: Record<string, unknown>) => number;
};
const kinds: Kind[] = [
  {
    name: 'BSN lookup (partijen)',
    target: 10,
    api: (p) =>
      `${base}/partijen?partijIdentificator__objectId=${p.bsn}&partijIdentificator__codeSoortObjectId=bsn`,
    floor: (p) => floorBsn(p.bsn),
    count: (b) => Number(b.count),
  },
  {
    name: 'klantcontacten of a party',
    target: 30,
    api: (p) => `${base}/klantcontacten?hadBetrokkene__wasPartij__uuid=${p.party_id}`,
    floor: (p) => floorContacts(p.party_id),
    count: (b) => Number(b.count),
  },
];

const fmt = (x: number) => x.toFixed(1);
const rows: string[] = [];
try {
  for (const kind of kinds) {
    const api: number[] = [];
    const floor: number[] = [];
    let results = 0;
    let next = 0;
    let apiDbCpu = 0;
    // CPU per request besides the times (steadier on a loaded machine): the server processes of
    // Loket's connections, and this Node process (Loket, the HTTP client and the floor's driver).
    const dbCpu = await poolCpuMeter(handle.pool, 10);
    const nodeCpu = nodeCpuMeter();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < people.length) {
          const k = next++;
          const p = people[k];
          if (!p) break;
          const [a, body] = await timed(() => server.get(kind.api(p)));
          const [f] = await timed(() => kind.floor(p));
          if (k < warmup) continue;
          api.push(a);
          floor.push(f);
          results += kind.count(body);
        }
      }),
    );
    apiDbCpu = dbCpu();
    const cpuNode = nodeCpu();
    const pa = percentiles(api);
    const pf = percentiles(floor);
    rows.push(
      `| ${kind.name} | ${fmt(pa.p50)} | ${fmt(pa.p95)} | ${fmt(pa.p99)} | ${fmt(pf.p50)} | ${fmt(pf.p95)} | ${fmt(pf.p99)} | ${(pa.p95 / pf.p95).toFixed(1)}× | ≤ ${kind.target} | ${pa.p95 <= kind.target ? 'met' : 'not met'} | ${api.length} requests, ${(results / api.length).toFixed(1)} results on average; CPU per request: database ${((apiDbCpu / people.length) * 1000).toFixed(2)} ms, Node ${((cpuNode / people.length) * 1000).toFixed(2)} ms |`,
    );
    log(`  ${kind.name}: p95 ${fmt(pa.p95)} ms (SQL ${fmt(pf.p95)} ms)`);
  }
} finally {
  await server.close();
  await raw.close();
  await handle.close();
}
log(
  `\n${values.database}, concurrency ${concurrency}, ${n} measured after ${warmup} warm-up; ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}\n`,
);
log(
  '| what (ms) | API p50 | API p95 | API p99 | SQL p50 | SQL p95 | SQL p99 | p95 ratio | target p95 | verdict | notes |',
);
log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of rows) log(r);
