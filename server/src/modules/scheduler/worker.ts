// `loket worker`: the scheduler alone, for extra nodes against a PostgreSQL server. Any number may
// run beside `loket start`; the reminder sweep stays exactly-once (see tasks.reminders.ts).
import type { Config } from '../../config.ts';
import { connect } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { createClock } from '../../platform/clock.ts';
import { startScheduler } from './scheduler.ts';

export async function startWorker(config: Config) {
  if (config.databaseKind === 'pglite') {
    throw new Error(
      'Een losse worker heeft een PostgreSQL-server nodig (DATABASE_URL); `loket start` plant zelf al.',
    );
  }
  const handle = await connect(config);
  await migrate(handle.db);
  const jobs = await startScheduler({ db: handle.db, config, clock: createClock() }, handle, (err) =>
    process.stderr.write(`Planner: ${err.name} ${(err as { code?: string }).code ?? ''}\n`),
  );
  process.stdout.write('Loket-worker draait: herinneringen, escalaties en e-mail.\n');
  return {
    stop: async () => {
      await jobs.stop();
      await handle.close();
    },
  };
}
