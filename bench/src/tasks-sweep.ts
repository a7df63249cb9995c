// `npm run bench:sweep -w bench [-- --open 1000000 --overdue 100000 --batch 5000 --keep]`: one reminder sweep
// (sweepReminders, as the scheduler runs it) over 1M open tasks of which 100k are overdue, on a
// fresh PostgreSQL database `loket_bench_tasks` on 127.0.0.1, beside a raw SQL query that selects
// the same due tasks. Then checks exactly once: one reminder row per (task, seq), as many as there
// were overdue tasks, and a second sweep at the same moment sends nothing. Drops the database at
// the end unless --keep. Not a test: nothing asserts a time.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { connectPostgres } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { sweepReminders } from '../../server/src/modules/tasks/tasks.reminders.ts';
import { nodeCpuMeter, poolCpuMeter } from './cpu.ts';
import { benchNow } from './dataset.ts';

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '1000000' },
    overdue: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
    batch: { type: 'string', default: '5000' },
    workers: { type: 'string' },
    template: { type: 'string' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const open = Number(values.open);
const overdue = Number(values.overdue);
const batch = Number(values.batch);
const workers = values.workers === undefined ? undefined : Number(values.workers);
const adminUrl = new URL(values['admin-url'] as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
const database = 'loket_bench_tasks';
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const log = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(2);

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
// --template: a copy of a database kept earlier (--keep) before its sweep, for quick experiments.
await admin.query(
  `CREATE DATABASE "${database}"${values.template ? ` TEMPLATE "${values.template.replace(/"/g, '')}"` : ''}`,
);
const poolSize = 4;
const handle = await connectPostgres(url.toString(), poolSize);
const db = handle.db;
try {
  const now = benchNow;
  let t = performance.now();
  await migrate(db);
  if (!values.template) {
    await seedDemo(db, { now: benchNow, population: { parties: 0, contacts: 0 } });
    // Open tasks owned round-robin by the demo teams (members get the reminder) and some employees.
    // The first `overdue` have passed their term (due yesterday); the rest are due in a week.
    await sql`
    WITH owners AS (
      SELECT array_agg(kind ORDER BY kind, id) AS kinds, array_agg(id ORDER BY kind, id) AS ids, count(*)::int AS n
      FROM (SELECT 'team' AS kind, id FROM teams UNION ALL SELECT 'employee', id FROM employees) o
    )
    INSERT INTO tasks (id, subject, owner_kind, owner_id, due_at,
                       created_by_kind, created_by_name, created_at, updated_at)
    SELECT md5('bench-task:' || i)::uuid, 'Terugbellen over aanvraag ' || i,
           o.kinds[1 + i % o.n], o.ids[1 + i % o.n],
           due, 'system', 'benchmark', ${now}::timestamptz - interval '3 days', ${now}::timestamptz - interval '3 days'
    FROM owners o, generate_series(0, ${open - 1}::int) i,
         LATERAL (SELECT CASE WHEN i < ${overdue}::int
                              THEN ${now}::timestamptz - interval '1 day' - (i % 3600) * interval '1 second'
                              ELSE ${now}::timestamptz + interval '7 days' + (i % 3600) * interval '1 second' END AS due) d
  `.execute(db);
    // Each task's reminder schedule (as insertTask writes it): the first reminder when the term ends.
    await sql`INSERT INTO task_schedule (task_id, next_reminder_at) SELECT id, due_at FROM tasks`.execute(db);
    await sql`VACUUM ANALYZE tasks`.execute(db);
    await sql`VACUUM ANALYZE task_schedule`.execute(db);
  }
  log(
    `${open.toLocaleString('en')} open taken, ${overdue.toLocaleString('en')} over tijd: geladen in ${seconds(t)} s`,
  );

  // Floor: the same due tasks, the columns the sweep reads, as one plain query (twice: cold, warm).
  const floor = async () => {
    const t0 = performance.now();
    const r = await sql`
      SELECT t.id, t.number, t.subject, t.due_at, t.owner_kind, t.owner_id, t.assignee_id, s.reminder_count,
             t.escalated_at
      FROM task_schedule s JOIN tasks t ON t.id = s.task_id
      WHERE s.next_reminder_at <= ${now} ORDER BY s.next_reminder_at`.execute(db);
    return { ms: performance.now() - t0, rows: r.rows.length };
  };
  const floor1 = await floor();
  const floor2 = await floor();
  log(
    `raw SQL (zelfde taken): ${floor1.rows} rijen, ${floor1.ms.toFixed(0)} ms koud, ${floor2.ms.toFixed(0)} ms warm`,
  );

  const config = loadConfig({ NODE_ENV: 'production', LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x') });
  const settings = { ...config.tasks, publicUrl: config.publicUrl };
  // CPU seconds beside the wall time: on a machine others load, the work done is steadier.
  const dbCpu = await poolCpuMeter(handle.pool, poolSize);
  const nodeCpu = nodeCpuMeter();
  t = performance.now();
  const outcome = await sweepReminders(db, settings, now, batch, workers);
  const sweepSeconds = seconds(t);
  log(
    `sweep (batches of ${batch}, ${workers ?? 'default'} workers): ${sweepSeconds} s, ${JSON.stringify(outcome)}; ` +
      `CPU: database ${dbCpu().toFixed(2)} s, Node ${nodeCpu().toFixed(2)} s`,
  );
  t = performance.now();
  const again = await sweepReminders(db, settings, now);
  log(`tweede sweep op hetzelfde moment: ${seconds(t)} s, ${JSON.stringify(again)}`);

  const check = await sql<{ rows: string; keys: string; tasks: string; dup: string; not_overdue: string }>`
    SELECT count(*) AS rows,
           count(DISTINCT (task_id, seq)) AS keys,
           count(DISTINCT task_id) AS tasks,
           (SELECT count(*) FROM (SELECT 1 FROM task_reminders GROUP BY task_id, seq HAVING count(*) > 1) d) AS dup,
           count(*) FILTER (WHERE t.due_at > ${now}) AS not_overdue
    FROM task_reminders r JOIN tasks t ON t.id = r.task_id`.execute(db);
  const c = check.rows[0];
  const ok =
    Number(c?.rows) === overdue &&
    Number(c?.keys) === overdue &&
    Number(c?.dup) === 0 &&
    Number(c?.not_overdue) === 0;
  log(
    `controle: ${c?.rows} herinneringen, ${c?.keys} unieke (taak, volgnummer), ${c?.tasks} taken, ${c?.dup} dubbel, ${c?.not_overdue} voor taken die niet over tijd waren → ${ok ? 'precies één per over-tijd taak' : 'FOUT'}`,
  );
  log(
    `machine: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await handle.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
