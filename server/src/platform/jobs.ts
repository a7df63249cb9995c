// Background jobs on pg-boss, behind a small interface so the rest of Loket never sees pg-boss.
// pg-boss gets our own pool as its `db`, so it runs on embedded PGlite (one connection) as well as
// on a PostgreSQL server. Jobs are keyed (singletonKey) and the queue holds one active job at a
// time, but correctness never depends on that: the work itself is exactly-once in SQL.

import type pg from 'pg';
import PgBoss from 'pg-boss';

export type Jobs = {
  /** Ask for a run now (deduplicated with any run already queued). */
  trigger: (name: string) => Promise<void>;
  stop: () => Promise<void>;
};

export type JobDefinition = {
  name: string;
  /** How often the job is queued; several nodes queue it, pg-boss keeps one per period. */
  everySeconds: number;
  run: () => Promise<unknown>;
};

export async function startJobs(
  pool: pg.Pool,
  definitions: JobDefinition[],
  onError: (err: Error) => void = () => {},
): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: async (text: string, values: unknown[]) => pool.query(text, values) },
    schema: 'pgboss',
    // Cron is minute-granular and needs its own polling; our own timers queue the runs instead.
    schedule: false,
    supervise: true,
  });
  boss.on('error', onError);
  await boss.start();

  const timers: NodeJS.Timeout[] = [];
  const send = async (d: JobDefinition) => {
    await boss.send(d.name, {}, { singletonKey: d.name, singletonSeconds: d.everySeconds, retryLimit: 0 });
  };
  for (const d of definitions) {
    await boss.createQueue(d.name, { name: d.name, policy: 'stately' });
    await boss.work(
      d.name,
      { pollingIntervalSeconds: Math.max(0.5, Math.min(2, d.everySeconds / 2)) },
      async () => {
        await d.run();
      },
    );
    // Catch up at once on start (not throttled: a restart within the interval must still run),
    // then on the interval. The stately queue drops this when a run is already waiting.
    await boss.send(d.name, {}, { singletonKey: d.name, retryLimit: 0 }).catch(onError);
    timers.push(setInterval(() => send(d).catch(onError), d.everySeconds * 1000));
  }

  return {
    trigger: async (name) => {
      const d = definitions.find((x) => x.name === name);
      if (d)
        await boss.send(d.name, {}, { singletonKey: `${d.name}:now`, singletonSeconds: 1, retryLimit: 0 });
    },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },
  };
}
