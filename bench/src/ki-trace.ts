// `npx tsx bench/src/ki-trace.ts [path …]`: the SQL round trips one Klantinteracties request makes, in
// order, with their time, on the loaded `loket_bench` database. For finding where a request's time
// goes (not a benchmark: one warm request per path, after one warm-up).
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { startLoket } from './server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { database: { type: 'string', default: 'loket_bench' } },
});
const url = `postgres://postgres@127.0.0.1:5432/${values.database}`;
const handle = await connectPostgres(url, 4);
const server = await startLoket(handle, url, 1);

const trace: { text: string; ms: number }[] = [];
let tracing = false;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text: string };
  const text = typeof first === 'string' ? first : first?.text;
  const t = performance.now();
  const r = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (tracing && r && typeof (r as Promise<unknown>).then === 'function')
    (r as Promise<unknown>).then(
      () => trace.push({ text, ms: performance.now() - t }),
      () => trace.push({ text: `FAILED ${text}`, ms: performance.now() - t }),
    );
  return r;
} as typeof original;

const person = (
  await sql<{ party_id: string; bsn: string }>`
    SELECT party_id, value AS bsn FROM party_identifiers WHERE type = 'bsn' ORDER BY md5(value) LIMIT 1`.execute(
    handle.db,
  )
).rows[0];
if (!person) throw new Error('Geen persoon met BSN: laad eerst de benchmark.');
const base = '/klantinteracties/api/v1';
const paths = positionals.length
  ? positionals
  : [
      `${base}/partijen?partijIdentificator__objectId=${person.bsn}&partijIdentificator__codeSoortObjectId=bsn`,
      `${base}/klantcontacten?hadBetrokkene__wasPartij__uuid=${person.party_id}`,
    ];
try {
  for (const p of paths) {
    await server.get(p);
    trace.length = 0;
    tracing = true;
    const t = performance.now();
    await server.get(p);
    const total = performance.now() - t;
    tracing = false;
    await new Promise((r) => setTimeout(r, 50));
    process.stdout.write(`\n${p.split('?')[0]}: ${trace.length} round trips, ${total.toFixed(1)} ms\n`);
    for (const q of trace)
      process.stdout.write(
        `  ${q.ms.toFixed(2).padStart(6)} ms  ${q.text.replace(/\s+/g, ' ').slice(0, 150)}\n`,
      );
  }
} finally {
  await server.close();
  await handle.close();
}
