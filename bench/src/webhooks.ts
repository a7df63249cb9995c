// `npm run bench:webhooks -w bench [-- --events 5000 --concurrency 32 --senders 4000 --replays 500 --hold --batch 1
//   --drain-seconds 300 --closed --keep]`: WhatsApp webhook ingestion on the PostgreSQL server. A fresh
// database `loket_bench_webhooks` on 127.0.0.1 (migrated, demo organisation, 500 parties with a
// verified mobile number); Loket built in-process as `loket start` builds it, listening on 127.0.0.1;
// a load generator in a worker thread (its JSON and HMAC work off the server's event loop) posts
// webhooks as Meta does (one message per POST, X-Hub-Signature-256) with `--concurrency` requests in
// flight, from `--senders` numbers (500 of them known parties), then replays `--replays` of them.
// Acceptance = webhooks answered per second of wall-clock time from the first request to the last
// answer (the events are then durably in the inbox). Processing into contacts and team queues runs
// beside it (as in production) or, with --hold, after it, so both are measured apart; it is stopped
// after --drain-seconds. Then it checks none were lost or duplicated: every event in the inbox once,
// one contact, message row and queue item per processed event, every replay answered as a duplicate.
// --closed runs at 20:00 Amsterdam time: the auto-reply path (once per conversation per day, to a
// local fake Graph API) is included. --batch N puts N messages in each webhook, as Meta does under load. Not a test: nothing asserts a time. Drops the database unless --keep.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { loadConfig } from '../../server/src/config.ts';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import {
  fakeProviders,
  metaSignature,
  waWebhook,
} from '../../server/src/modules/channels/messaging/fake-providers.ts';
import {
  holdMessaging,
  settleMessaging,
} from '../../server/src/modules/channels/messaging/messaging.work.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { createParty } from '../../server/src/modules/parties/parties.service.ts';
import { buildApp } from '../../server/src/platform/app.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { percentiles } from './report.ts';
import { done, runInThread, started } from './thread.ts';

const appSecret = 'bench-app-secret';
const phoneNumberId = '106540352242922';
const knownParties = 500;

type Job = {
  port: number;
  events: number;
  senders: number;
  replays: number;
  concurrency: number;
  /** Messages per webhook (Meta batches updates when traffic is high). */
  batch: number;
  start: number;
};
type WorkerResult = {
  latencies: number[];
  elapsedMs: number;
  statuses: Record<string, number>;
  replayDuplicates: number;
  replayElapsedMs: number;
};

const mobile = (i: number) => `316${String(10_000_000 + i).slice(-8)}`;

if (!isMainThread) {
  // ── The load generator ──
  const job = workerData as Job;
  const http = new HttpPool(`http://127.0.0.1:${job.port}`, { connections: job.concurrency, pipelining: 1 });
  const statuses: Record<string, number> = {};
  // Senders 0 … knownParties-1 are known; each sender sends about events/senders messages.
  const messageOf = (i: number) => ({
    from: mobile(i % job.senders),
    id: `wamid.bench${i}`,
    timestamp: String(Math.floor(job.start / 1000) + Math.floor(i / 100)),
    type: 'text',
    text: { body: `Vraag nummer ${i} over de afvalkalender en mijn container` },
  });
  const bodyOf = (first: number, count: number) =>
    JSON.stringify(
      waWebhook(phoneNumberId, {
        messages: Array.from({ length: count }, (_, k) => messageOf(first + k)),
        name: `Afzender ${first % job.senders}`,
      }),
    );
  // Requests are built and signed before the clock starts: the generator's own JSON and HMAC work is
  // not timed, and takes less of the CPU the server needs while it runs.
  const signed = (first: number, count: number) => {
    const body = bodyOf(first, count);
    return {
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(appSecret, body) },
    };
  };
  type Signed = ReturnType<typeof signed>;
  async function send({ body, headers }: Signed) {
    const res = await http.request({
      method: 'POST',
      path: '/api/v1/channels/whatsapp/webhook',
      headers,
      body,
    });
    const answer = (await res.body.json()) as { duplicates?: number };
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    return answer;
  }
  async function run(requests: Signed[], each: (request: Signed) => Promise<void>) {
    let next = 0;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (next < requests.length) await each(requests[next++] as Signed);
      }),
    );
  }
  const latencies: number[] = [];
  const firsts = Array.from({ length: Math.ceil(job.events / job.batch) }, (_, p) => p * job.batch);
  const requests = firsts.map((first) => signed(first, Math.min(job.batch, job.events - first)));
  const replayed = Array.from({ length: job.replays }, (_, k) =>
    signed(Math.floor((k * job.events) / Math.max(1, job.replays)), 1),
  );
  started();
  const t0 = performance.now();
  await run(requests, async (request) => {
    const t = performance.now();
    await send(request);
    latencies.push(performance.now() - t);
  });
  const elapsedMs = performance.now() - t0;
  let replayDuplicates = 0;
  const t1 = performance.now();
  await run(replayed, async (request) => {
    const answer = await send(request);
    replayDuplicates += answer.duplicates ?? 0;
  });
  const replayElapsedMs = performance.now() - t1;
  await http.close();
  done<WorkerResult>({ latencies, elapsedMs, statuses, replayDuplicates, replayElapsedMs });
} else {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '32' },
      senders: { type: 'string', default: '4000' },
      replays: { type: 'string', default: '1000' },
      closed: { type: 'boolean', default: false },
      'drain-seconds': { type: 'string', default: '300' },
      hold: { type: 'boolean', default: false },
      batch: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const events = Number(values.events);
  const senders = Math.max(knownParties, Number(values.senders));
  const adminUrl = new URL(values['admin-url'] as string);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
    throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
  const database = 'loket_bench_webhooks';
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const log = (s: string) => process.stdout.write(`${s}\n`);

  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  // A Monday 10:00 in Amsterdam (open), or 20:00 (closed: auto-replies); the clock runs from there.
  const start = new Date(values.closed ? '2026-11-23T19:00:00Z' : '2026-11-23T09:00:00Z');
  const handle = await connectPostgres(url.toString(), 10);
  const graph = await fakeProviders('bench-token');
  try {
    await migrate(handle.db);
    await seedDemo(handle.db, { now: start, population: { parties: 0, contacts: 0 } });
    for (let i = 0; i < knownParties; i++) {
      await createParty(handle.db, {
        kind: 'person',
        surname: `Bekende ${i}`,
        digitalAddresses: [{ kind: 'phone', value: `+${mobile(i)}`, verifiedAt: '2026-01-01T00:00:00Z' }],
      });
    }
    const config = loadConfig({
      NODE_ENV: 'production',
      LOKET_LOG_LEVEL: 'silent',
      LOKET_SEED: 'none',
      LOKET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'loket-bench-')),
      LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x'),
      DATABASE_URL: url.toString(),
      LOKET_WHATSAPP_APP_SECRET: appSecret,
      LOKET_WHATSAPP_ACCESS_TOKEN: 'bench-token',
      LOKET_WHATSAPP_API_URL: graph.graphUrl,
    });
    const clock = createClock(start);
    const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const job: Job = {
      port,
      events,
      senders,
      replays: Number(values.replays),
      concurrency: Number(values.concurrency),
      batch: Math.max(1, Math.min(1000, Number(values.batch))),
      start: start.getTime(),
    };
    log(
      `bench:webhooks: ${events} WhatsApp messages from ${senders} numbers (${knownParties} known), ` +
        `${job.batch} per webhook, ${job.concurrency} in flight, ${job.replays} replays, ${values.closed ? 'closed (auto-replies)' : 'open hours'}, ` +
        `PostgreSQL pool 10, ${os.cpus().length} CPUs`,
    );
    // --hold: accept everything first, then process (acceptance and processing measured apart);
    // default: processing runs beside acceptance on the same event loop, as in production.
    // The demo organisation may bring contacts of its own (seeded WhatsApp examples): counted apart.
    const seeded = await sql<{ contacts: string; queued: string }>`
      SELECT (SELECT count(*) FROM contacts WHERE channel = 'whatsapp' AND direction = 'in') AS contacts,
             (SELECT count(*) FROM queue_items q JOIN contacts c ON c.id = q.contact_id
               WHERE c.channel = 'whatsapp' AND c.direction = 'in') AS queued`.execute(handle.db);
    const before = { contacts: Number(seeded.rows[0]?.contacts), queued: Number(seeded.rows[0]?.queued) };
    const release = values.hold ? holdMessaging(handle.db) : null;
    let cpu0 = process.cpuUsage();
    let t0 = performance.now();
    const result = await runInThread<WorkerResult>(new URL(import.meta.url), job, () => {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    });
    const t1 = performance.now();
    // CPU of this process (server and load generator threads) while the webhooks were answered.
    const cpu = process.cpuUsage(cpu0);
    const webhooks = Math.ceil(events / job.batch) + job.replays;
    const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / (events + job.replays);
    const processing = release ? release() : settleMessaging(handle.db);
    // Wait for processing up to --drain-seconds, then stop it by closing the pool; a transaction
    // cut off rolls back whole (its inbox entry stays unprocessed).
    const drained = await Promise.race([
      processing.then(() => settleMessaging(handle.db)).then(() => true),
      new Promise<false>((resolve) =>
        setTimeout(() => resolve(false), Number(values['drain-seconds']) * 1000).unref(),
      ),
    ]);
    const drainMs = performance.now() - (release ? t1 : t0);
    await app.close();
    await handle.close();
    await settleMessaging(handle.db);

    const checkHandle = await connectPostgres(url.toString(), 1);
    // One snapshot for every count.
    const c = await checkHandle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const n = async (q: ReturnType<typeof sql<{ n: string }>>) =>
          Number((await q.execute(trx)).rows[0]?.n);
        return {
          inbox: await n(sql`SELECT count(*) AS n FROM messaging_inbox WHERE kind = 'message'`),
          inboxKeys: await n(
            sql`SELECT count(DISTINCT event_key) AS n FROM messaging_inbox WHERE kind = 'message'`,
          ),
          processed: await n(
            sql`SELECT count(*) AS n FROM messaging_inbox WHERE kind = 'message' AND processed_at IS NOT NULL`,
          ),
          contacts:
            (await n(
              sql`SELECT count(*) AS n FROM contacts WHERE channel = 'whatsapp' AND direction = 'in'`,
            )) - before.contacts,
          rows: await n(sql`SELECT count(*) AS n FROM messaging_messages WHERE direction = 'in'`),
          ids: await n(
            sql`SELECT count(DISTINCT external_id) AS n FROM messaging_messages WHERE direction = 'in'`,
          ),
          queued:
            (await n(
              sql`SELECT count(*) AS n FROM queue_items q JOIN contacts c ON c.id = q.contact_id WHERE c.channel = 'whatsapp' AND c.direction = 'in'`,
            )) - before.queued,
          linked: await n(
            sql`SELECT count(*) AS n FROM contact_parties cp JOIN contacts c ON c.id = cp.contact_id WHERE c.channel = 'whatsapp' AND c.direction = 'in' AND cp.party_id IS NOT NULL`,
          ),
          linkedExpected: await n(
            sql`SELECT count(*) AS n FROM messaging_inbox i WHERE i.kind = 'message' AND i.processed_at IS NOT NULL
                AND (i.event->>'from') IN (SELECT value FROM digital_addresses WHERE verified_at IS NOT NULL)`,
          ),
          autoReplies: await n(sql`SELECT count(*) AS n FROM messaging_messages WHERE direction = 'out'`),
        };
      });
    // From the webhook's answer (event stored) to the contact in its team's queue, on the server's clock.
    const lag = (
      await sql<{ p50: number; p95: number; p99: number }>`
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
        FROM (SELECT extract(epoch FROM q.enqueued_at - i.received_at) * 1000 AS ms
              FROM messaging_inbox i
              JOIN messaging_messages m ON m.provider = i.provider AND m.external_id = i.event_key
              JOIN queue_items q ON q.contact_id = m.contact_id
              WHERE i.kind = 'message') x`.execute(checkHandle.db)
    ).rows[0];
    await checkHandle.close();

    const p = percentiles(result.latencies);
    const ms = (x: number | undefined) => Number(x).toFixed(0);
    log(`  HTTP answers: ${JSON.stringify(result.statuses)}`);
    log(
      `  acceptance: ${((events / result.elapsedMs) * 1000).toFixed(0)} events/s (${Math.ceil(events / job.batch)} webhooks of ${job.batch} answered in ${(result.elapsedMs / 1000).toFixed(2)} s); ` +
        `per webhook p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`,
    );
    log(
      `  CPU of the Loket process (server + generator thread) during acceptance: ${cpuMsPerEvent.toFixed(2)} ms per event (${webhooks} webhooks); ` +
        `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs`,
    );
    log(
      `  replays: ${result.replayDuplicates}/${job.replays} answered as duplicates (${((job.replays / result.replayElapsedMs) * 1000).toFixed(0)} /s)`,
    );
    log(`  in the inbox: ${c.inbox} events, ${c.inboxKeys} distinct ids (expected ${events})`);
    log(
      `  processed into contacts and queues: ${c.processed} of ${events} in ${(drainMs / 1000).toFixed(1)} s ` +
        `(${((c.processed / drainMs) * 1000).toFixed(0)} /s${drained ? '' : ', stopped at --drain-seconds'}); ` +
        `answer → in the queue p50 ${ms(lag?.p50)} ms, p95 ${ms(lag?.p95)} ms, p99 ${ms(lag?.p99)} ms`,
    );
    log(
      `  stored: ${c.contacts} contacts, ${c.rows} message rows, ${c.ids} distinct ids, ${c.queued} queue items (expected ${c.processed} each); ` +
        `${c.linked} on a known party (expected ${c.linkedExpected}); auto-replies ${c.autoReplies}, sent ${graph.sent.length}`,
    );
    // None lost: every event is in the inbox once; none duplicated: one contact, message row and
    // queue item per processed event.
    const ok =
      c.inbox === events &&
      c.inboxKeys === events &&
      c.contacts === c.processed &&
      c.rows === c.processed &&
      c.ids === c.processed &&
      c.queued === c.processed &&
      c.linked === c.linkedExpected &&
      (!drained || c.processed === events) &&
      result.replayDuplicates === job.replays;
    log(ok ? '  check: none lost, none duplicated' : '  CHECK FAILED');
    if (!ok) process.exitCode = 1;
  } finally {
    await handle.close().catch(() => undefined);
    await graph.close();
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}
