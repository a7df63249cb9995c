// `npm run bench:fanout -w bench [-- --subscribers 100000 --workers 2 --lanes 4 --batch 500 --keep]`: one
// announcement to 100,000 subscribers (issue 8). On a fresh PostgreSQL database `loket_bench_fanout`
// on 127.0.0.1: parties with a verified, preferred e-mail address and a subscription to
// 'afvalinzameling' (plus road-works subscriptions that must not receive it), inserted with
// INSERT … SELECT generate_series. Times the publish as the API does it (publishAnnouncement: store
// the announcement and queue one notification per subscriber, one transaction), a retried publish,
// then delivery with deliverNotifications (as the scheduler runs it: `--workers` schedulers at once,
// each with `--lanes` batches in flight) to a local SMTP receiver in its own process (fanout-sink.mjs)
// that counts messages, recipients and Message-IDs. Reports queueing seconds, messages/s and duplicates, with the load average. Not a test:
// nothing asserts a time. Drops the database at the end unless --keep.
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { uuidFrom } from '../../server/src/modules/demo/random.ts';
import {
  deliverDueNotifications,
  deliverNotifications,
} from '../../server/src/modules/notifications/notifications.delivery.ts';
import { fanOutAnnouncement } from '../../server/src/modules/notifications/notifications.fanout.ts';
import { publishAnnouncement } from '../../server/src/modules/subscriptions/subscriptions.service.ts';
import { type EmployeeActor, permissionsForRoles } from '../../server/src/platform/actor.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { nodeCpuMeter, poolCpuMeter } from './cpu.ts';
import { benchNow } from './dataset.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '2' },
    lanes: { type: 'string', default: '4' },
    batch: { type: 'string', default: '500' },
    'queue-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const subscribers = Number(values.subscribers);
const workers = Number(values.workers);
const lanes = Number(values.lanes);
const batch = Number(values.batch);
const adminUrl = new URL(values['admin-url'] as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
const database = 'loket_bench_fanout';
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const log = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (t: number) => (performance.now() - t) / 1000;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const n = (x: number) => x.toLocaleString('en');

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${database}"`);
const poolSize = Math.max(4, workers * lanes * 2);
const handle = await connectPostgres(url.toString(), poolSize);
const db = handle.db;
log(`machine: ${os.cpus().length} cores, load average (1/5/15 min) ${load()} at start`);
try {
  let t = performance.now();
  await migrate(db);
  await seedDemo(db, { now: benchNow, population: { parties: 0, contacts: 0 } }); // topics, employees
  // Ids are md5 digests with the version and variant digits of a v4 UUID, so zod's uuid check
  // (registerContacts, on delivery) accepts them. Residents with a verified, preferred e-mail address, each following 'afvalinzameling'; every
  // fifth also follows road works in one of 9,000 postcode areas (must not get this announcement).
  await sql`
    INSERT INTO parties (id, kind, given_names, surname, display_name, search_name, created_at, updated_at)
    SELECT overlay(overlay(md5('bench-party:' || i) placing '4' from 13) placing '8' from 17)::uuid, 'person', 'Bewoner', 'Nummer ' || i, 'Bewoner Nummer ' || i,
           'bewoner nummer ' || i, ${benchNow}::timestamptz, ${benchNow}::timestamptz
    FROM generate_series(1, ${subscribers}::int) i`.execute(db);
  await sql`
    INSERT INTO digital_addresses (id, party_id, kind, value, is_preferred, verified_at, created_at)
    SELECT overlay(overlay(md5('bench-email:' || i) placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5('bench-party:' || i) placing '4' from 13) placing '8' from 17)::uuid, 'email',
           'bewoner' || i || '@bench.voorbeeld.nl', true, ${benchNow}::timestamptz, ${benchNow}::timestamptz
    FROM generate_series(1, ${subscribers}::int) i`.execute(db);
  await sql`
    INSERT INTO subscriptions (id, party_id, topic_code, postcode_area, created_at)
    SELECT overlay(overlay(md5('bench-sub:' || i) placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5('bench-party:' || i) placing '4' from 13) placing '8' from 17)::uuid, 'afvalinzameling', NULL, ${benchNow}::timestamptz
    FROM generate_series(1, ${subscribers}::int) i
    UNION ALL
    SELECT overlay(overlay(md5('bench-road:' || i) placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5('bench-party:' || i) placing '4' from 13) placing '8' from 17)::uuid, 'wegwerkzaamheden',
           (1000 + i % 9000)::text, ${benchNow}::timestamptz
    FROM generate_series(5, ${subscribers}::int, 5) i`.execute(db);
  await sql`VACUUM ANALYZE parties, digital_addresses, subscriptions`.execute(db);
  log(`${n(subscribers)} abonnees (e-mail geverifieerd) geladen in ${seconds(t).toFixed(1)} s`);

  const clock = createClock(benchNow);
  const actor: EmployeeActor = {
    kind: 'employee',
    id: uuidFrom('employee:manager'),
    name: 'Teamleider KCC',
    roles: ['manager'],
    teamIds: [],
    permissions: permissionsForRoles(['manager']),
  };
  const input = {
    topic: 'afvalinzameling',
    title: 'Tweede Kerstdag geen afvalinzameling',
    body: 'Op tweede Kerstdag halen wij geen afval op. Zet uw container een dag later buiten.',
  };

  // ── Queueing: the publish as POST /announcements runs it. ─────────────────────────────────────
  const dbCpu = await poolCpuMeter(handle.pool, poolSize);
  const nodeCpu = nodeCpuMeter();
  const loadBefore = load();
  t = performance.now();
  const published = await publishAnnouncement(db, actor, input, 'bench-fanout-1', clock.now());
  const queueSeconds = seconds(t);
  log(
    `publiceren (opslaan + ${n(published.recipients)} meldingen in de wachtrij, één transactie): ` +
      `${queueSeconds.toFixed(2)} s; CPU database ${dbCpu().toFixed(2)} s, Node ${nodeCpu().toFixed(2)} s; ` +
      `load ${loadBefore} → ${load()}`,
  );
  t = performance.now();
  const retried = await publishAnnouncement(db, actor, input, 'bench-fanout-1', clock.now());
  const again = await fanOutAnnouncement(
    db,
    { ...input, announcementId: published.id, postcodeArea: null, caseId: null },
    clock.now(),
  );
  log(
    `opnieuw publiceren (zelfde Idempotency-Key) en de fan-out nog eens: ${seconds(t).toFixed(2)} s, ` +
      `zelfde bericht: ${retried.id === published.id}, extra meldingen: ${again}`,
  );
  const queued = await sql<{ rows: number; parties: number; road: number }>`
    SELECT count(*)::int AS rows, count(DISTINCT party_id)::int AS parties,
           count(*) FILTER (WHERE status <> 'queued')::int AS road
    FROM notifications WHERE announcement_id = ${published.id}::uuid`.execute(db);
  log(`in de wachtrij: ${JSON.stringify(queued.rows[0])}`);

  if (!values['queue-only']) {
    // ── Delivery: the scheduler's deliverDueNotifications, to a receiver in another process. ────
    const sink = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fanout-sink.mjs'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ask = <T>(msg?: string) =>
      new Promise<T>((resolve) => {
        sink.once('message', (m) => resolve(m as T));
        if (msg) sink.send(msg);
      });
    const { port } = await ask<{ port: number }>();
    const config = loadConfig({
      NODE_ENV: 'production',
      LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x'),
      LOKET_SMTP_RELAY_URL: `smtp://127.0.0.1:${port}`,
      LOKET_LOG_LEVEL: 'silent',
    });
    const ctx = { db, config, clock };
    const dbCpu2 = await poolCpuMeter(handle.pool, poolSize);
    const nodeCpu2 = nodeCpuMeter();
    const loadStart = load();
    const total = { sent: 0, retried: 0, dead: 0 };
    const report = setInterval(
      () => log(`  … ${n(total.sent)} verzonden na ${seconds(t).toFixed(0)} s (load ${load()})`),
      10_000,
    );
    t = performance.now();
    // Each worker runs the scheduler's share (deliverNotifications, 30 s at most) again while it sent.
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (;;) {
          const r = await deliverNotifications(ctx, { lanes, batch });
          total.sent += r.sent;
          total.retried += r.retried;
          total.dead += r.dead;
          if (r.sent + r.retried + r.dead === 0) return;
        }
      }),
    );
    clearInterval(report);
    const deliverSeconds = seconds(t);
    const received = await ask<{
      messages: number;
      uniqueMessageIds: number;
      duplicateIds: number;
      recipients: number;
      duplicateRecipients: number;
      cpuSeconds: number;
    }>('report');
    log(
      `bezorgen (${workers} workers × ${lanes} lanes, batches van ${batch}): ${n(total.sent)} verzonden in ${deliverSeconds.toFixed(1)} s = ` +
        `${(total.sent / deliverSeconds).toFixed(0)} berichten/s; ${total.retried} opnieuw, ${total.dead} dood; ` +
        `CPU database ${dbCpu2().toFixed(1)} s, Node ${nodeCpu2().toFixed(1)} s; load ${loadStart} → ${load()}`,
    );
    log(`ontvanger: ${JSON.stringify(received)}`);
    const settled = await sql<{ sent: number; queued: number; dead: number; contacts: number }>`
      SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
             count(*) FILTER (WHERE status = 'queued')::int AS queued,
             count(*) FILTER (WHERE status = 'dead')::int AS dead,
             count(contact_id)::int AS contacts
      FROM notifications WHERE announcement_id = ${published.id}::uuid`.execute(db);
    log(`in de database: ${JSON.stringify(settled.rows[0])}`);
    const r = await deliverDueNotifications(ctx, batch);
    log(`nog een bezorgronde daarna: ${JSON.stringify(r)}`);
    sink.send('stop');
  }
} finally {
  await handle.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
