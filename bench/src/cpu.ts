// CPU seconds of the work a benchmark caused, beside its wall time: on a machine others load, the
// work done is steadier than the time it took. Reads /proc, so PostgreSQL must run on this machine.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** utime + stime of a local process, in seconds; null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Opens every connection of a pool and returns a meter of the CPU its server processes used since.
 * A connection the pool closes later (idle) counts up to its last reading.
 */
export async function poolCpuMeter(pool: pg.Pool, size: number) {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  const pids = await Promise.all(
    clients.map(async (c) => (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number),
  );
  for (const c of clients) c.release();
  const last = new Map(pids.map((pid) => [pid, processCpuSeconds(pid) ?? 0]));
  const start = new Map(last);
  return () => {
    let sum = 0;
    for (const pid of pids) {
      const now = processCpuSeconds(pid) ?? (last.get(pid) as number);
      last.set(pid, now);
      sum += now - (start.get(pid) as number);
    }
    return sum;
  };
}

/** CPU seconds of this Node process since the meter was made. */
export function nodeCpuMeter() {
  const start = process.cpuUsage();
  return () => {
    const u = process.cpuUsage(start);
    return (u.user + u.system) / 1e6;
  };
}
