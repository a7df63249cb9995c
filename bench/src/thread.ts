// A load generator runs in a worker thread, so its JSON, HMAC and HTTP-client work is off the event
// loop of the Loket server it measures (which runs in the main thread, as `loket start` runs it).
import { Worker } from 'node:worker_threads';

/** Runs `entry` (a module of this folder) in a new thread with `data`; resolves with its one message. */
export function runInThread<T>(entry: URL, data: object): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), {
      workerData: { ...data, entry: entry.href },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
