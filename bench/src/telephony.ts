// `npm run bench:telephony -w bench [-- --calls 3000 --concurrency 32 --known 500 --keep]`:
// telephony call events on the PostgreSQL server. A fresh database `loket_bench_telephony` on
// 127.0.0.1 (migrated, demo organisation, `--known` parties with a phone number); Loket built
// in-process as `loket start` builds it, listening on 127.0.0.1; the load generator in a worker
// thread (telephony-calls.ts), off the server's event loop. `--concurrency` calls are in progress
// at once; each call posts its events in order, signed as the platform signs them: ringing, answered,
// ended (every fifth call is missed: ringing, ended). Then every call's answered/ended event is posted
// again (replays). Throughput = events over the wall-clock time from the first request to the last
// answer (acceptance), and to the last event processed (screen pop, contact). Afterwards it checks: one contact per call, missed calls queued, replays all 'duplicate'.
// Not a test: nothing asserts a time. Drops the database at the end unless --keep.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import {
  holdTelephony,
  settleTelephony,
} from '../../server/src/modules/channels/telephony/telephony.inbox.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { createParty } from '../../server/src/modules/parties/parties.service.ts';
import { buildApp } from '../../server/src/platform/app.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { percentiles } from './report.ts';
import { type Job, mobile, type Sent } from './telephony-calls.ts';
import { runInThread } from './thread.ts';

const secret = 'bench-telephony-secret-0123456789';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    known: { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
    /** Accept everything first and process after (acceptance and processing measured apart). */
    hold: { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const known = Number(values.known);
const adminUrl = new URL(values['admin-url'] as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
const database = 'loket_bench_telephony';
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const log = (s: string) => process.stdout.write(`${s}\n`);

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${database}"`);
const start = new Date();
const handle = await connectPostgres(url.toString(), 10);
try {
  await migrate(handle.db);
  await seedDemo(handle.db, { now: start, population: { parties: 0, contacts: 0 } });
  for (let i = 0; i < known; i++) {
    await createParty(handle.db, {
      kind: 'person',
      surname: `Beller ${i}`,
      digitalAddresses: [{ kind: 'phone', value: mobile(i) }],
    });
  }
  const config = loadConfig({
    NODE_ENV: 'production',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_SEED: 'none',
    LOKET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'loket-bench-')),
    LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x'),
    DATABASE_URL: url.toString(),
    LOKET_TELEPHONY_SECRET: secret,
  });
  const clock = createClock();
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const generator = new URL('./telephony-calls.ts', import.meta.url);
  const job: Job = { port, secret, calls, concurrency, known, phase: 'first' };
  const release = values.hold ? holdTelephony(handle.db) : null;
  let t0 = performance.now();
  const first = await runInThread<Sent>(generator, job, () => {
    t0 = performance.now();
  });
  // Processing (screen pop, contact, queue) runs after the answer: until the last event is in its call.
  const p0 = performance.now();
  await release?.();
  await settleTelephony(handle.db);
  const processedMs = performance.now() - (release ? p0 : t0);
  const left = Number(
    (await handle.pool.query('SELECT count(*) AS n FROM telephony_events WHERE processed_at IS NULL')).rows[0]
      .n,
  );
  // Replays: the first and the last event of every call again.
  const replays = await runInThread<Sent>(generator, { ...job, phase: 'replays' });
  await app.close();

  const count = async (q: string) => Number((await handle.pool.query(q)).rows[0].n);
  const contacts = await count(`SELECT count(*) AS n FROM contacts WHERE channel = 'phone'`);
  const linked = await count(`SELECT count(*) AS n FROM telephony_calls WHERE contact_id IS NOT NULL`);
  const queued = await count(
    `SELECT count(*) AS n FROM queue_items q JOIN contacts c ON c.id = q.contact_id WHERE c.channel = 'phone'`,
  );
  const withParty = await count(`SELECT count(*) AS n FROM telephony_calls WHERE party_id IS NOT NULL`);
  const missed = Math.floor((calls + 1) / 5);
  const p = percentiles(first.latencies);
  log(
    `calls ${calls}, concurrency ${concurrency}, events ${first.events} in ${(first.elapsedMs / 1000).toFixed(1)} s`,
  );
  log(
    `accepted ${(first.events / (first.elapsedMs / 1000)).toFixed(0)} events/s (first request to last answer)`,
  );
  log(
    `processed ${(first.events / (processedMs / 1000)).toFixed(0)} events/s (${release ? 'after acceptance, alone' : 'first request to the last event in its call'}: ${(processedMs / 1000).toFixed(1)} s; left unprocessed ${left})`,
  );
  log(`latency ms p50 ${p.p50.toFixed(1)} p95 ${p.p95.toFixed(1)} p99 ${p.p99.toFixed(1)}`);
  log(
    `replays ${calls * 2}: ${replays.duplicates} duplicate, ${((calls * 2) / (replays.elapsedMs / 1000)).toFixed(0)} events/s`,
  );
  log(`statuses ${JSON.stringify(first.statuses)}, replays ${JSON.stringify(replays.statuses)}`);
  log(
    `check: contacts ${contacts} (want ${calls}), calls logged ${linked}, queued ${queued} (want ${missed}), matched to a party ${withParty}`,
  );
  if (
    left !== 0 ||
    contacts !== calls ||
    linked !== calls ||
    queued !== missed ||
    replays.duplicates !== calls * 2
  ) {
    process.exitCode = 1;
    log('CHECK FAILED');
  }
} finally {
  await handle.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
