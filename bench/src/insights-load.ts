// The stuurinformatie benchmark's data set (bench/src/insights.ts) and two ways to load it:
//  - through the triggers: INSERT … SELECT generate_series in batches, as every write path builds the
//    rollups (867 contacts/s on the loaded machine: 10M would take hours);
//  - bulk: the same rows with the triggers and foreign-key checks off (session_replication_role =
//    replica) and the secondary indexes dropped, then the rollups computed set-based (one INSERT …
//    SELECT per rollup table and grain, the month rows from the day rows), repeat marks by the real
//    insights_detect_repeats over all inbound contacts in batches and the deltas it appends folded.
//    The result is what the triggers would have built; `rollupDifferences` checks it after the load.
import { execFileSync } from 'node:child_process';
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../server/src/db/connect.ts';
import type { Database } from '../../server/src/db/schema.ts';

type Q = Kysely<Database>;
export type LoadOptions = {
  nContacts: number;
  nTasks: number;
  batch: number;
  now: Date;
  log: (s: string) => void;
};

export const partyCount = (nContacts: number) => Math.max(1000, Math.floor(nContacts / 10));

export async function insertParties(db: Q, nParties: number, now: Date) {
  await sql`
    INSERT INTO parties (id, kind, surname, display_name, search_name, created_at, updated_at)
    SELECT md5('bench-party:' || i)::uuid, 'person', 'Inwoner ' || i, 'Inwoner ' || i, 'inwoner ' || i, ${now}, ${now}
    FROM generate_series(0, ${nParties - 1}::int) i`.execute(db);
}

/**
 * Contacts [from, to] with their involvements and case subjects: two years back from `now`, office
 * hours weighted, channel mix weighted to phone; 80% with a party, 10% anonymous with a phone number,
 * 5% about a case; one in 25 an earlier contact of the same party about the same reason, 1–5 days
 * before. Phone calls carry a duration (handling time), as telephony records it.
 */
export async function insertContacts(db: Q, from: number, to: number, nContacts: number, now: Date) {
  const nParties = partyCount(nContacts);
  await sql`
    WITH r AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(team_id ORDER BY code) AS teams, count(*)::int AS n
               FROM contact_reasons),
         tm AS (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM teams)
    INSERT INTO contacts (id, channel, direction, reason_id, subject, resolved_first_contact, occurred_at, team_id,
                          created_at, duration_seconds)
    SELECT md5('bench-contact:' || i)::uuid, ch.channel,
           CASE WHEN ((i::bigint * 7) % 10)::int = 3 THEN 'out' ELSE 'in' END,
           r.ids[1 + ((b::bigint * 23) % r.n)::int],
           'Vraag ' || i,
           ((i::bigint * 29) % 100)::int < 62,
           ${now}::timestamptz - (((b::bigint * 7919) % 730)::int + CASE WHEN i <> b THEN 1 + i % 5 ELSE 0 END) * interval '1 day'
             - (ARRAY[0,1,1,2,2,2,3,3,3,4,4,4,5,6,6,7,7,7,8,8,9,9,10,12,14,17,-2])[1 + ((i::bigint * 31) % 27)::int] * interval '1 hour'
             - (((i::bigint * 13) % 60)::int) * interval '1 minute',
           CASE WHEN i % 2 = 0 THEN r.teams[1 + ((b::bigint * 23) % r.n)::int] ELSE tm.ids[1 + ((i::bigint * 3) % tm.n)::int] END,
           ${now},
           CASE WHEN ch.channel = 'phone' THEN 30 + ((i::bigint * 53) % 600)::int END
    FROM r, tm, generate_series(${from}::int, ${to}::int) i,
         LATERAL (SELECT CASE WHEN i % 25 = 1 THEN i - 1 ELSE i END AS b) base,
         LATERAL (SELECT (ARRAY['phone','phone','phone','phone','email','email','counter','webchat','whatsapp','webform','post','app','social'])[1 + ((i::bigint * 17) % 13)::int] AS channel) ch`.execute(
    db,
  );
  await sql`
    INSERT INTO contact_parties (id, contact_id, party_id, details, occurred_at, confidential)
    SELECT md5('bench-cp:' || i)::uuid, c.id,
           CASE WHEN i % 10 < 8 THEN md5('bench-party:' || (((CASE WHEN i % 25 = 1 THEN i - 1 ELSE i END)::bigint * 104729) % ${nParties}))::uuid END,
           CASE WHEN i % 10 = 8 THEN jsonb_build_object('phone', '06-' || lpad(((i::bigint * 7) % 50000)::text, 8, '0'))
                ELSE '{}'::jsonb END,
           c.occurred_at, c.confidential
    -- The contact's time and flag, as the trigger would copy them (it is off in the bulk load).
    FROM generate_series(${from}::int, ${to}::int) i JOIN contacts c ON c.id = md5('bench-contact:' || i)::uuid
    WHERE i % 10 <> 9`.execute(db);
  await sql`
    INSERT INTO contact_subjects (id, contact_id, kind, reference)
    SELECT md5('bench-cs:' || i)::uuid, md5('bench-contact:' || i)::uuid, 'case',
           'ZAAK-' || ((i::bigint * 3) % ${Math.max(100, Math.floor(nContacts / 40))})
    FROM generate_series(${from}::int, ${to}::int) i
    WHERE i % 20 = 3`.execute(db);
}

/** Callback tasks [from, to] over two years: mostly done within 0–4 days, some open, cancelled or escalated. */
export async function insertTasks(db: Q, from: number, to: number, now: Date) {
  await sql`
    WITH tm AS (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM teams),
         r AS (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM contact_reasons)
    INSERT INTO tasks (id, kind, subject, reason_id, callback_channel, owner_kind, owner_id, status, due_at,
                       escalated_at, created_by_kind, created_by_name, created_at, updated_at, closed_at)
    SELECT md5('bench-task:' || i)::uuid, 'callback', 'Terugbellen ' || i, r.ids[1 + ((i::bigint * 11) % r.n)::int],
           CASE WHEN i % 3 = 0 THEN 'email' ELSE 'phone' END, 'team', tm.ids[1 + ((i::bigint * 5) % tm.n)::int],
           s.status, c.created + interval '2 days',
           CASE WHEN i % 33 = 0 THEN c.created + interval '5 days' END,
           'system', 'benchmark', c.created, c.created,
           CASE WHEN s.status IN ('done', 'cancelled') THEN c.created + (((i::bigint * 37) % 96)::int) * interval '1 hour' END
    FROM tm, r, generate_series(${from}::int, ${to}::int) i,
         LATERAL (SELECT ${now}::timestamptz - (((i::bigint * 7877) % 730)::int) * interval '1 day' - (((i::bigint * 19) % 600)::int) * interval '1 minute' AS created) c,
         LATERAL (SELECT CASE WHEN ((i::bigint * 7877) % 730)::int < 3 OR i % 20 = 1 THEN 'open'
                              WHEN i % 20 = 2 THEN 'in_progress'
                              WHEN i % 20 = 3 THEN 'cancelled' ELSE 'done' END AS status) s`.execute(db);
}

const loaded = ['contacts', 'contact_parties', 'contact_subjects', 'tasks'];

/** Secondary indexes of the loaded tables (not primary keys or unique constraints): dropped, recreated after. */
async function dropIndexes(db: Q): Promise<string[]> {
  const { rows } = await sql<{ name: string; def: string }>`
    SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
    FROM pg_index WHERE indrelid = ANY (${sql.raw(`ARRAY[${loaded.map((t) => `'${t}'::regclass`).join(', ')}]`)})
      AND NOT indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)`.execute(
    db,
  );
  for (const r of rows) await sql.raw(`DROP INDEX ${r.name}`).execute(db);
  return rows.map((r) => r.def);
}

/** The rollups from the loaded rows, set-based: what the triggers' deltas add up to. */
export async function computeRollups(db: Q) {
  // A recount of everything: what the demo seed's triggers appended or folded is in it already.
  await sql`TRUNCATE insight_contact_deltas, insight_task_deltas, insight_handling_deltas, insight_contact_rollup,
            insight_contact_hours, insight_contact_hours_all, insight_contact_days, insight_task_rollup, insight_handling_rollup,
            insight_queue_handled`.execute(db);
  const lt = sql`(c.occurred_at AT TIME ZONE 'Europe/Amsterdam')`;
  await sql`
    INSERT INTO insight_contact_rollup (grain, period, channel, direction, team_id, reason_id, contacts, resolved_first, repeats)
    SELECT 'd', ${lt}::date, c.channel, c.direction, c.team_id, c.reason_id, count(*),
           count(*) FILTER (WHERE c.resolved_first_contact), count(r.contact_id)
    FROM contacts c LEFT JOIN contact_repeats r ON r.contact_id = c.id
    GROUP BY 2, 3, 4, 5, 6`.execute(db);
  await sql`
    INSERT INTO insight_contact_rollup (grain, period, channel, direction, team_id, reason_id, contacts, resolved_first, repeats)
    SELECT 'm', date_trunc('month', period)::date, channel, direction, team_id, reason_id, sum(contacts),
           sum(resolved_first), sum(repeats)
    FROM insight_contact_rollup WHERE grain = 'd' GROUP BY 2, 3, 4, 5, 6`.execute(db);
  await sql`
    INSERT INTO insight_contact_hours (grain, period, dow, hour, channel, team_id, contacts, first_half)
    SELECT 'd', ${lt}::date, extract(dow FROM ${lt})::smallint, extract(hour FROM ${lt})::smallint, c.channel, c.team_id,
           count(*), count(*) FILTER (WHERE extract(minute FROM ${lt}) < 30)
    FROM contacts c GROUP BY 2, 3, 4, 5, 6`.execute(db);
  await sql`
    INSERT INTO insight_contact_hours (grain, period, dow, hour, channel, team_id, contacts, first_half)
    SELECT 'm', date_trunc('month', period)::date, dow, hour, channel, team_id, sum(contacts), sum(first_half)
    FROM insight_contact_hours WHERE grain = 'd' GROUP BY 2, 3, 4, 5, 6`.execute(db);
  await sql`
    INSERT INTO insight_contact_hours_all (grain, period, dow, hour, channel, contacts, first_half)
    SELECT grain, period, dow, hour, channel, sum(contacts), sum(first_half)
    FROM insight_contact_hours GROUP BY 1, 2, 3, 4, 5`.execute(db);
  // Handling times: call durations (the bench has no queue items).
  await sql`
    INSERT INTO insight_handling_rollup (grain, period, channel, team_id, source, handled, seconds)
    SELECT 'd', ${lt}::date, c.channel, c.team_id, 'call', count(*), sum(c.duration_seconds)
    FROM contacts c WHERE c.duration_seconds IS NOT NULL GROUP BY 2, 3, 4`.execute(db);
  await sql`
    INSERT INTO insight_handling_rollup (grain, period, channel, team_id, source, handled, seconds)
    SELECT 'm', date_trunc('month', period)::date, channel, team_id, source, sum(handled), sum(seconds)
    FROM insight_handling_rollup WHERE grain = 'd' GROUP BY 2, 3, 4, 5`.execute(db);
  await sql`
    INSERT INTO insight_contact_days (day, channel, team_id, contacts)
    SELECT period, channel, team_id, sum(contacts) FROM insight_contact_rollup WHERE grain = 'd' GROUP BY 1, 2, 3`.execute(
    db,
  );
  const tlt = sql`(t.created_at AT TIME ZONE 'Europe/Amsterdam')`;
  await sql`
    INSERT INTO insight_task_rollup (grain, period, team_id, reason_id, kind, callback_channel, state, within_term,
                                     escalated, due_day, tasks, answer_minutes)
    SELECT 'd', ${tlt}::date, CASE WHEN t.owner_kind = 'team' THEN t.owner_id END, t.reason_id, t.kind, t.callback_channel,
           CASE WHEN t.status IN ('open', 'in_progress') THEN 'open' ELSE t.status END,
           CASE WHEN t.status = 'done' THEN coalesce(t.closed_at, t.updated_at) <= t.due_at END,
           t.escalated_at IS NOT NULL,
           CASE WHEN t.status IN ('open', 'in_progress') THEN (t.due_at AT TIME ZONE 'Europe/Amsterdam')::date END,
           count(*),
           sum(CASE WHEN t.status = 'done'
               THEN floor(extract(epoch FROM coalesce(t.closed_at, t.updated_at) - t.created_at) / 60)::bigint ELSE 0 END)
    FROM tasks t GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(db);
  await sql`
    INSERT INTO insight_task_rollup (grain, period, team_id, reason_id, kind, callback_channel, state, within_term,
                                     escalated, due_day, tasks, answer_minutes)
    SELECT 'm', date_trunc('month', period)::date, team_id, reason_id, kind, callback_channel, state, within_term,
           escalated, due_day, sum(tasks), sum(answer_minutes)
    FROM insight_task_rollup WHERE grain = 'd' GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(db);
}

/**
 * Repeat marks for every contact at once, with hash joins instead of insights_detect_repeats' index
 * probes per contact (at 10M contacts those take most of an hour). The same rule as that function:
 * an inbound contact repeats when the same party, phone key or e-mail key had an earlier contact
 * within the window, unresolved, about the same reason or the same case. `--verify-repeats` in
 * insights.ts compares the result with the function's. Appends the repeats' deltas like the function.
 */
export async function detectAllRepeats(db: Q) {
  await sql`
    WITH inv AS (
      SELECT cp.contact_id, 'p' || cp.party_id::text AS k FROM contact_parties cp WHERE cp.party_id IS NOT NULL
      UNION
      SELECT cp.contact_id, 't' || insights_phone_key(cp.details) FROM contact_parties cp
      WHERE cp.party_id IS NULL AND insights_phone_key(cp.details) IS NOT NULL
      UNION
      SELECT cp.contact_id, 'e' || insights_email_key(cp.details) FROM contact_parties cp
      WHERE cp.party_id IS NULL AND insights_email_key(cp.details) IS NOT NULL
    ), who AS (
      SELECT i.k, c.id, c.occurred_at, c.reason_id, c.direction, c.resolved_first_contact
      FROM inv i JOIN contacts c ON c.id = i.contact_id
    ), earlier AS (
      SELECT DISTINCT w.id, w.occurred_at, o.id AS eid, o.occurred_at AS eat, (o.reason_id = w.reason_id) AS by_reason
      FROM who w JOIN who o ON o.k = w.k
      WHERE w.direction = 'in' AND o.id <> w.id
        AND o.occurred_at < w.occurred_at
        AND o.occurred_at >= w.occurred_at - make_interval(days => (SELECT repeat_window_days FROM insight_settings))
        AND NOT o.resolved_first_contact
        AND (o.reason_id = w.reason_id OR EXISTS (
          SELECT 1 FROM contact_subjects a
          JOIN contact_subjects b ON b.kind = 'case' AND b.reference = a.reference AND b.contact_id = o.id
          WHERE a.contact_id = w.id AND a.kind = 'case'))
    ), m AS (
      INSERT INTO contact_repeats (contact_id, of_contact_id, first_contact_id, nth, days, basis)
      SELECT id, (array_agg(eid ORDER BY eat DESC, eid DESC))[1], (array_agg(eid ORDER BY eat, eid))[1],
             count(*)::int + 1,
             (min(occurred_at) AT TIME ZONE 'Europe/Amsterdam')::date - (min(eat) AT TIME ZONE 'Europe/Amsterdam')::date,
             CASE WHEN bool_or(coalesce(by_reason, false)) THEN 'reason' ELSE 'case' END
      FROM earlier GROUP BY id
      ON CONFLICT (contact_id) DO NOTHING
      RETURNING contact_id
    )
    INSERT INTO insight_contact_deltas (lt, channel, direction, team_id, reason_id, dc, dr, dp)
    SELECT c.occurred_at AT TIME ZONE 'Europe/Amsterdam', c.channel, c.direction, c.team_id, c.reason_id, 0, 0, 1
    FROM m JOIN contacts c ON c.id = m.contact_id`.execute(db);
}

const since = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

/**
 * One connection at the lowest priority: our own backend runs the generation, so renice it like
 * `nice -n 19`, and other people's latency measurements on the shared machine suffer less.
 */
export async function loadConnection<T>(
  db: Db,
  o: Pick<LoadOptions, 'log'>,
  fn: (conn: Q) => Promise<T>,
): Promise<T> {
  const renice = (pid: string, n: number) => {
    try {
      execFileSync('renice', ['-n', String(n), '-p', pid], { stdio: 'ignore' });
    } catch {
      o.log(`  (renice ${n} van de databaseverbinding lukte niet)`);
    }
  };
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn);
    const pid = String(rows[0]?.pid);
    renice(pid, 19);
    await sql`SET work_mem = '256MB'`.execute(conn);
    await sql`SET maintenance_work_mem = '512MB'`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      // The connection goes back to the pool, where the measurements may get it next: at normal
      // priority, with the triggers on (session_replication_role) and the default memory settings.
      await sql`RESET ALL`.execute(conn);
      renice(pid, 0);
    }
  });
}

/** Bulk load with triggers and foreign-key checks off; see the file comment. */
export async function bulkLoad(db: Db, o: LoadOptions) {
  const t0 = performance.now();
  await loadConnection(db, o, async (conn) => {
    const recreate = await dropIndexes(conn);
    await sql`SET session_replication_role = replica`.execute(conn);
    let t = performance.now();
    await insertParties(conn, partyCount(o.nContacts), o.now);
    // Two connections, alternate batches: one per core.
    let done = 0;
    const stream = (k: number) =>
      loadConnection(db, o, async (c) => {
        await sql`SET session_replication_role = replica`.execute(c);
        for (let from = k * o.batch; from < o.nContacts; from += 2 * o.batch) {
          const to = Math.min(o.nContacts, from + o.batch) - 1;
          await insertContacts(c, from, to, o.nContacts, o.now);
          done += to - from + 1;
          process.stdout.write(
            `\r  contacten ${done.toLocaleString('en')} (${Math.round(done / ((performance.now() - t) / 1000))}/s)`,
          );
        }
      });
    await Promise.all([stream(0), stream(1)]);
    process.stdout.write('\n');
    o.log(
      `  - ${o.nContacts.toLocaleString('en')} contacten met betrokkenen en zaken (triggers uit, twee verbindingen) in ${since(t)} s`,
    );
    t = performance.now();
    for (let from = 0; from < o.nTasks; from += o.batch) {
      await insertTasks(conn, from, Math.min(o.nTasks, from + o.batch) - 1, o.now);
    }
    o.log(`  - ${o.nTasks.toLocaleString('en')} taken in ${since(t)} s`);
    await sql`SET session_replication_role = origin`.execute(conn);
    t = performance.now();
    // The search index is not read by the dashboard; building it at 10M takes longer than the load.
    for (const def of recreate.filter((d) => !d.includes('USING gin'))) await sql.raw(def).execute(conn);
    await sql`ANALYZE contacts, contact_parties, contact_subjects, tasks`.execute(conn);
    o.log(
      `  - ${recreate.length - recreate.filter((d) => d.includes('USING gin')).length} indexen opnieuw opgebouwd (de zoekindex niet) in ${since(t)} s`,
    );
    t = performance.now();
    await computeRollups(conn);
    o.log(`  - rollups set-based berekend in ${since(t)} s`);
    t = performance.now();
    await detectAllRepeats(conn);
    const { rows: folded } = await sql<{ n: number }>`SELECT insights_fold() AS n`.execute(conn);
    o.log(
      `  - herhaaldetectie over alle contacten (set-based) en ${folded[0]?.n ?? 0} deltarijen gevouwen in ${since(t)} s`,
    );
  });
  o.log(`- bulk geladen in ${since(t0)} s`);
}
