// `npm run bench:insights -w bench [-- --contacts 1000000 --tasks 1000000 --runs 200 --keep --skip-load]`
// Stuurinformatie at scale, on a fresh PostgreSQL database `loket_bench_insights` on 127.0.0.1:
//  1. load: contacts (two years, 80% with a party, 10% anonymous with a phone number, 5% about a case;
//     one in 25 is an earlier contact of the same party about the same reason, 1–5 days before)
//     and tasks with INSERT … SELECT generate_series in batches, through the real triggers, so the
//     rollups and repeat marks are built the way every write path builds them; reports rows/s;
//  2. exactness: every rollup against a full recount, after the load and again after a mix of
//     updates (reason, resolved, channel, task status) and deletes;
//  3. queries: each dashboard query (SQL) and the whole dashboard over HTTP for one-year periods
//     with and without team/channel filters: p50/p95/p99;
//  4. live: a contact registered through the contacts service until the 'dashboard' event.
// Not a test: nothing asserts a time. Prints a Markdown section for bench/RESULTS.md.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createToken } from '../../server/src/modules/access/access.service.ts';
import { registerContact } from '../../server/src/modules/contacts/contacts.service.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { startDashboardLive } from '../../server/src/modules/insights/insights.live.ts';
import * as repo from '../../server/src/modules/insights/insights.repo.ts';
import {
  foldDeltas,
  resolveFilter,
  rollupDifferences,
} from '../../server/src/modules/insights/insights.service.ts';
import { createParty } from '../../server/src/modules/parties/parties.service.ts';
import type { AppContext } from '../../server/src/platform/app.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { createRealtime } from '../../server/src/platform/realtime.ts';
import { benchNow } from './dataset.ts';
import {
  bulkLoad,
  detectAllRepeats,
  insertContacts,
  insertParties,
  insertTasks,
  loadConnection,
  partyCount,
} from './insights-load.ts';
import { percentiles } from './report.ts';
import { startLoket } from './server.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    tasks: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    bulk: { type: 'boolean', default: false }, // load with the triggers off, rollups set-based (insights-load.ts)
    only: { type: 'string' }, // 'live': only live and registration (implies --skip-load); 'load': load and check exactness; 'queries': sizes, the queries and HTTP only (with --skip-churn; after the load or with --skip-load)
    database: { type: 'string', default: 'loket_bench_insights' },
    'verify-repeats': { type: 'boolean', default: false }, // set-based repeat detection against insights_detect_repeats' marks
    'skip-churn': { type: 'boolean', default: false }, // no updates/deletes; queries first, the recount last (10M)
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const nContacts = Number(values.contacts);
const nTasks = Number(values.tasks);
const batch = Number(values.batch);
const runs = Number(values.runs);
const adminUrl = new URL(values['admin-url'] as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
const database = values.database as string;
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const out: string[] = [];
const log = (s: string) => {
  process.stdout.write(`${s}\n`);
  out.push(s);
};
const since = (t: number) => (performance.now() - t) / 1000;
const f1 = (n: number) => n.toFixed(1);
const now = benchNow;

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
if (values.only === 'live') values['skip-load'] = true;
if (!values['skip-load']) {
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
}
const handle = await connectPostgres(url.toString(), 4);
const db = handle.db;

async function load() {
  await migrate(db);
  await seedDemo(db, { now, population: { parties: 0, contacts: 0 } });
  if (values.bulk) {
    await bulkLoad(db, { nContacts, nTasks, batch, now, log });
    // The rows were written once and are not read by the dashboard: vacuum what it reads, analyze the rest.
    const t = performance.now();
    await loadConnection(db, { log }, async (conn) => {
      await sql`VACUUM ANALYZE insight_contact_rollup, insight_contact_hours, insight_contact_hours_all,
                insight_contact_days, insight_task_rollup, insight_handling_rollup, contact_repeats`.execute(
        conn,
      );
      await sql`ANALYZE`.execute(conn);
    });
    log(`- VACUUM ANALYZE (rollups) en ANALYZE in ${f1(since(t))} s`);
    return;
  }
  const nParties = partyCount(nContacts);
  let t = performance.now();
  await insertParties(db, nParties, now);
  log(`- ${nParties.toLocaleString('en')} partijen in ${f1(since(t))} s`);

  // Contacts and tasks: see insights-load.ts for the data set.
  t = performance.now();
  for (let from = 0; from < nContacts; from += batch) {
    const to = Math.min(nContacts, from + batch) - 1;
    await db.transaction().execute((trx) => insertContacts(trx, from, to, nContacts, now));
    process.stdout.write(`\r  contacten ${(to + 1).toLocaleString('en')}`);
  }
  const contactSeconds = since(t);
  process.stdout.write('\n');
  log(
    `- ${nContacts.toLocaleString('en')} contacten (met betrokkenen en zaken) in ${f1(contactSeconds)} s: ${Math.round(nContacts / contactSeconds).toLocaleString('en')}/s, door de triggers (rollups + herhaaldetectie) in batches van ${batch.toLocaleString('en')}`,
  );

  t = performance.now();
  for (let from = 0; from < nTasks; from += batch) {
    const to = Math.min(nTasks, from + batch) - 1;
    await insertTasks(db, from, to, now);
    process.stdout.write(`\r  taken ${(to + 1).toLocaleString('en')}`);
  }
  const taskSeconds = since(t);
  process.stdout.write('\n');
  log(
    `- ${nTasks.toLocaleString('en')} taken in ${f1(taskSeconds)} s: ${Math.round(nTasks / taskSeconds).toLocaleString('en')}/s`,
  );
  t = performance.now();
  const folded = await foldDeltas(db); // the triggers append deltas; fold them as the scheduler would
  log(`- ${folded} deltarijen in de rollups gevouwen in ${f1(since(t))} s`);
  await vacuum();
}

async function vacuum() {
  const t = performance.now();
  await sql`VACUUM ANALYZE`.execute(db);
  log(`- VACUUM ANALYZE in ${f1(since(t))} s`);
}

/** detectAllRepeats (bulk loader) against the marks in the database, in a transaction rolled back. */
async function verifyRepeats() {
  const t = performance.now();
  const rollback = new Error('rollback');
  let diff = -1;
  let marks = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`CREATE TEMP TABLE kept_repeats AS SELECT * FROM contact_repeats`.execute(trx);
      await sql`DELETE FROM contact_repeats`.execute(trx);
      await detectAllRepeats(trx);
      const { rows } = await sql<{ n: number; m: number }>`
        SELECT (SELECT count(*) FROM ((SELECT * FROM contact_repeats EXCEPT SELECT * FROM kept_repeats)
                  UNION ALL (SELECT * FROM kept_repeats EXCEPT SELECT * FROM contact_repeats)) x)::int AS n,
               (SELECT count(*) FROM kept_repeats)::int AS m`.execute(trx);
      diff = rows[0]?.n ?? -1;
      marks = rows[0]?.m ?? 0;
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  log(
    `- herhaaldetectie set-based tegen insights_detect_repeats: ${diff} afwijkende markeringen van ${marks.toLocaleString('en')} (${f1(since(t))} s)`,
  );
}

async function exactness(when: string) {
  const t = performance.now();
  const diff = await rollupDifferences(db);
  const exact = Object.values(diff).every((n) => n === 0);
  log(
    `- ${when}: ${exact ? 'exact' : 'NIET exact'} (afwijkende rijen: ${Object.entries(diff)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); volledige hertelling duurde ${f1(since(t))} s`,
  );
}

async function rollupSizes() {
  const { rows } = await sql<{ t: string; grain: string; n: number }>`
    SELECT 'insight_contact_rollup' AS t, grain::text, count(*)::int AS n FROM insight_contact_rollup GROUP BY 2
    UNION ALL SELECT 'insight_contact_hours', grain::text, count(*)::int FROM insight_contact_hours GROUP BY 2
    UNION ALL SELECT 'insight_contact_hours_all', grain::text, count(*)::int FROM insight_contact_hours_all GROUP BY 2
    UNION ALL SELECT 'insight_contact_days', 'd', count(*)::int FROM insight_contact_days
    UNION ALL SELECT 'insight_task_rollup', grain::text, count(*)::int FROM insight_task_rollup GROUP BY 2
    UNION ALL SELECT 'contact_repeats', '-', count(*)::int FROM contact_repeats
    ORDER BY 1, 2`.execute(db);
  log(
    `- rijen: ${rows.map((r) => `${r.t}${r.grain === '-' ? '' : `[${r.grain}]`} ${r.n.toLocaleString('en')}`).join(', ')}`,
  );
}

async function churn() {
  // Updates and deletes through plain SQL, as any write path would do them. Few deletes: tasks.contact_id
  // has no index, so each deleted contact makes PostgreSQL scan all tasks for the foreign key.
  const t = performance.now();
  await sql`UPDATE contacts SET resolved_first_contact = NOT resolved_first_contact
            WHERE id IN (SELECT md5('bench-contact:' || i)::uuid FROM generate_series(0, ${nContacts - 1}::int, 97) i)`.execute(
    db,
  );
  await sql`UPDATE contacts SET reason_id = (SELECT id FROM contact_reasons WHERE code = 'klacht'), channel = 'email'
            WHERE id IN (SELECT md5('bench-contact:' || i)::uuid FROM generate_series(5, ${nContacts - 1}::int, 211) i)`.execute(
    db,
  );
  await sql`DELETE FROM contacts
            WHERE id IN (SELECT md5('bench-contact:' || i)::uuid FROM generate_series(7, ${nContacts - 1}::int, 20011) i)
              AND NOT EXISTS (SELECT 1 FROM tasks WHERE tasks.contact_id = contacts.id)`.execute(db);
  await sql`UPDATE tasks SET status = 'done', closed_at = created_at + interval '30 hours'
            WHERE id IN (SELECT md5('bench-task:' || i)::uuid FROM generate_series(1, ${nTasks - 1}::int, 20) i)`.execute(
    db,
  );
  await sql`DELETE FROM tasks WHERE id IN (SELECT md5('bench-task:' || i)::uuid FROM generate_series(3, ${nTasks - 1}::int, 401) i)`.execute(
    db,
  );
  log(
    `- wijzigingen (≈${Math.round(nContacts / 97 + nContacts / 211).toLocaleString('en')} contacten bijgewerkt, ≈${Math.round(nContacts / 20011).toLocaleString('en')} verwijderd, ≈${Math.round(nTasks / 20 + nTasks / 401).toLocaleString('en')} taken) in ${f1(since(t))} s`,
  );
}

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = now.toISOString().slice(0, 10);

/** One-year periods ending on different days (so the edge days vary), with and without filters. */
function cases(i: number) {
  const to = addDays(today, -(i % 60));
  const from = addDays(to, -364);
  const filter = ['none', 'team', 'channel'][i % 3] as 'none' | 'team' | 'channel';
  return {
    from,
    to,
    // Math.floor(i / 3): i % 3 picks the filter, so it alone would always give the same team and channel.
    team: filter === 'team' ? ['kcc', 'burgerzaken', 'belastingen'][Math.floor(i / 3) % 3] : undefined,
    channel: filter === 'channel' ? ['phone', 'email', 'webchat'][Math.floor(i / 3) % 3] : undefined,
  };
}

async function measureQueries() {
  const timings: Record<string, number[]> = {};
  const add = (k: string, ms: number) => {
    timings[k] ??= [];
    timings[k].push(ms);
  };
  for (let i = 0; i < runs + 10; i++) {
    const q = cases(i);
    const f = await resolveFilter(db, q, now);
    const prev = { ...f, from: addDays(f.from, -f.days), to: addDays(f.from, -1) };
    const steps: [string, () => Promise<unknown>][] = [
      ['contacten per kanaal/reden/team (periode)', () => repo.contactGroups(db, f)],
      ['contacten per kanaal/reden/team (vorige periode)', () => repo.contactGroups(db, prev)],
      ['contacten per uur', () => repo.contactHours(db, f)],
      ['contacten per week per kanaal', () => repo.contactSeries(db, f, 'week')],
      ['contacten per dag per kanaal', () => repo.contactSeries(db, f, 'day')],
      ['terugbelverzoeken per team', () => repo.taskGroups(db, f, today)],
      ['afhandeltijden per kanaal', () => repo.handlingGroups(db, f)],
    ];
    for (const [name, run] of steps) {
      const t = performance.now();
      await run();
      if (i >= 10) add(name, performance.now() - t); // the first ten warm the cache
    }
  }
  return timings;
}

async function measureHttp() {
  const server = await startLoket(handle, url.toString(), 4);
  const { token } = await createToken(db, `bench-insights-${Date.now()}`, [
    'reports:read',
    'contacts:read',
    'tasks:read',
  ]);
  const headers = { authorization: `Token ${token}` };
  const ms: number[] = [];
  const csv: number[] = [];
  try {
    for (let i = 0; i < runs + 10; i++) {
      const q = cases(i);
      const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString();
      let t = performance.now();
      const res = await server.http.request({
        method: 'GET',
        path: `/api/v1/insights/dashboard?${qs}`,
        headers,
      });
      await res.body.json();
      if (res.statusCode !== 200) throw new Error(`dashboard: ${res.statusCode}`);
      if (i >= 10) ms.push(performance.now() - t);
      if (i % 10 === 0) {
        t = performance.now();
        const r2 = await server.http.request({
          method: 'GET',
          path: `/api/v1/insights/dashboard.csv?${qs}`,
          headers,
        });
        await r2.body.text();
        csv.push(performance.now() - t);
      }
    }
  } finally {
    await server.close();
  }
  return { ms, csv };
}

async function measureLive() {
  const realtime = createRealtime();
  const ctx = { db, realtime, clock: createClock(), config: {} } as unknown as AppContext;
  const stop = startDashboardLive(ctx, 1000);
  const delays: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 1500)); // the poller has read the counter once
    for (let i = 0; i < 20; i++) {
      let resolve: () => void = () => {};
      const seen = new Promise<void>((r) => {
        resolve = r;
      });
      const off = realtime.subscribe('dashboard', () => resolve());
      const t = performance.now();
      await registerContact(db, {
        channel: 'phone',
        direction: 'in',
        reasonCode: 'afval',
        subject: `Live ${i}`,
      });
      await seen;
      delays.push(performance.now() - t);
      off();
      await new Promise((r) => setTimeout(r, 2100)); // let the second announcement pass
    }
  } finally {
    stop();
  }
  return delays;
}

/** What the triggers add to registering one contact (with a party and a case), via the contacts service. */
async function measureRegistration() {
  const party = (await createParty(db, { kind: 'person', surname: 'Registratie' })).id;
  const one = async (i: number, made?: string[]) => {
    const t = performance.now();
    const c = await registerContact(db, {
      channel: 'phone',
      direction: 'in',
      reasonCode: 'paspoort',
      subject: `Registratie ${i}`,
      parties: [{ partyId: party }],
      subjects: [{ kind: 'case', reference: `ZAAK-REG-${i % 50}` }],
    });
    const ms = performance.now() - t;
    made?.push(c.id);
    return ms;
  };
  const triggers = ['contacts', 'contact_parties', 'contact_subjects'];
  const withTriggers: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 20; i++) await one(i); // warm-up
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 50; i++) withTriggers.push(await one(i));
    for (const t of triggers) await sql.raw(`ALTER TABLE ${t} DISABLE TRIGGER USER`).execute(db);
    try {
      const made: string[] = [];
      for (let i = 0; i < 50; i++) without.push(await one(i, made));
      // Gone again before the triggers are back: the rollups never counted them, so they stay exact.
      await sql`DELETE FROM contacts WHERE id = ANY (${made}::uuid[])`.execute(db);
    } finally {
      for (const t of triggers) await sql.raw(`ALTER TABLE ${t} ENABLE TRIGGER USER`).execute(db);
    }
  }
  return { withTriggers: percentiles(withTriggers), without: percentiles(without) };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

async function measureAll() {
  await rollupSizes();
  if (!values['skip-churn']) {
    await exactness('na het laden');
    await churn();
    await exactness('na wijzigingen en verwijderingen');
    await sql`ANALYZE`.execute(db);
  }
  // The scheduler folds the triggers' deltas every few seconds and vacuums the delta tables after a
  // burst; unfolded, every read adds them (~300k rows after the churn at 10M), and folded but not
  // vacuumed, every read scans their dead rows: neither is what a dashboard query meets in operation.
  const t = performance.now();
  const folded = await foldDeltas(db);
  log(
    `- ${folded.toLocaleString('en')} deltarijen gevouwen (en zo nodig VACUUM) in ${f1(since(t))} s, zoals de scheduler`,
  );
  // The fold itself must keep them exact too (a fold of the churn's deltas once lost first-half counts).
  if (!values['skip-churn']) await exactness('na het vouwen');
  log(`- load average (1/5/15 min) voor de queries: ${loadAverage()}`);

  const timings = await measureQueries();
  log('');
  log('| dashboardquery, periode één jaar (ms) | p50 | p95 | p99 | n |');
  log('|---|---:|---:|---:|---:|');
  for (const [name, ms] of Object.entries(timings)) {
    const p = percentiles(ms);
    log(`| ${name} | ${f1(p.p50)} | ${f1(p.p95)} | ${f1(p.p99)} | ${p.n} |`);
  }
  const http = await measureHttp();
  const ph = percentiles(http.ms);
  const pc = percentiles(http.csv);
  log(
    `| heel dashboard over HTTP (GET /insights/dashboard: 6 queries + lijsten) | ${f1(ph.p50)} | ${f1(ph.p95)} | ${f1(ph.p99)} | ${ph.n} |`,
  );
  log(`| CSV-export over HTTP | ${f1(pc.p50)} | ${f1(pc.p95)} | ${f1(pc.p99)} | ${pc.n} |`);
  log(`- load average (1/5/15 min) na de queries: ${loadAverage()}`);
  if (values['skip-churn'] && values.only !== 'queries')
    await exactness('na het laden (hertelling na de metingen)');
}

try {
  log(`### Stuurinformatie (issue 9), ${new Date().toISOString().slice(0, 16)} UTC`);
  log('');
  log(
    `\`npm run bench:insights -w bench -- --contacts ${nContacts} --tasks ${nTasks}\` (PostgreSQL 15 op 127.0.0.1, database ${database})`,
  );
  log('');
  const loadStart = performance.now();
  if (!values['skip-load']) await load();
  else await migrate(db);
  if (!values['skip-load']) log(`- laden totaal ${f1(since(loadStart))} s`);
  if (values['verify-repeats']) await verifyRepeats();
  if (values.only === 'load') {
    await rollupSizes();
    await exactness('na het laden');
  } else if (values.only === 'queries') {
    await measureAll(); // with --skip-churn: sizes, the queries and HTTP only
  } else {
    if (values.only !== 'live') await measureAll();
    const live = percentiles(await measureLive());
    log('');
    log(
      `- live: nieuw contact → 'dashboard'-event: p50 ${f1(live.p50)} ms, p95 ${f1(live.p95)} ms, max ${f1(live.p99)} ms (n = ${live.n}; poll elke seconde)`,
    );
    const reg = await measureRegistration();
    log(
      `- registratie van één contact (registerContact, met partij en zaak; ${reg.withTriggers.n} keer): p50 ${f1(reg.withTriggers.p50)} ms, p95 ${f1(reg.withTriggers.p95)} ms met de triggers; p50 ${f1(reg.without.p50)} ms, p95 ${f1(reg.without.p95)} ms met de triggers uit (die contacten daarna verwijderd, nog met de triggers uit: de rollups blijven exact)`,
    );
  }
} finally {
  await handle.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
