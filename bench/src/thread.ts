// A load generator runs in a worker thread, so its JSON, HMAC and HTTP-client work is off the event
// loop of the Loket server it measures (which runs in the main thread, as `loket start` runs it).
// It prepares its requests first, says 'started' when it sends the first one, and 'done' with its
// result; the main thread starts its own clocks at 'started'.
import { parentPort, Worker } from 'node:worker_threads';

type FromThread<T> = { kind: 'started' } | { kind: 'done'; result: T };

/** Runs `entry` (a module of this folder) in a new thread with `data`; resolves with its result. */
export function runInThread<T>(entry: URL, data: object, onStarted?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), {
      workerData: { ...data, entry: entry.href },
    });
    worker.on('message', (m: FromThread<T>) => {
      if (m.kind === 'started') onStarted?.();
      else resolve(m.result);
    });
    worker.once('error', reject);
  });
}

/** In the thread: tell the main thread the first request goes out now. */
export const started = () => parentPort?.postMessage({ kind: 'started' } satisfies FromThread<never>);
/** In the thread: hand the result to the main thread. */
export const done = <T>(result: T) =>
  parentPort?.postMessage({ kind: 'done', result } satisfies FromThread<T>);
