// The load generator of bench/src/telephony.ts, run in its own thread (runInThread): posts the calls'
// events as the telephone platform does, `concurrency` calls in progress at once, each call's events in
// order; or, in the 'replays' phase, each call's first and last event again.
import { parentPort, workerData } from 'node:worker_threads';
import { Pool as HttpPool } from 'undici';
import { signedHeaders } from '../../server/src/modules/channels/telephony/telephony.signature.ts';
import { done, started } from './thread.ts';

export type Job = {
  port: number;
  secret: string;
  calls: number;
  concurrency: number;
  known: number;
  phase: 'first' | 'replays';
};
export type Sent = {
  events: number;
  elapsedMs: number;
  latencies: number[];
  statuses: Record<string, number>;
  duplicates: number;
};

export const mobile = (i: number) => `+316${String(20_000_000 + i).slice(-8)}`;

/** Every fifth call is missed (ringing, ended); a third of the callers are unknown landlines. */
function callEvents(i: number, known: number) {
  const callId = `bench-${i}`;
  const from = i % 3 === 0 ? `+3120${String(1_000_000 + i).slice(-7)}` : mobile(i % known);
  return i % 5 === 4
    ? [
        { id: `${callId}-r`, type: 'ringing', callId, from, to: 'kcc' },
        { id: `${callId}-e`, type: 'ended', callId, reason: 'missed' },
      ]
    : [
        { id: `${callId}-r`, type: 'ringing', callId, from, to: 'kcc' },
        { id: `${callId}-a`, type: 'answered', callId, employee: i % 2 ? 'kcc' : 'backoffice' },
        { id: `${callId}-e`, type: 'ended', callId, reason: 'completed' },
      ];
}

/** A signed request, built before the clock starts: the generator's own JSON and HMAC work is not timed. */
type Signed = { body: string; headers: Record<string, string> };

async function send(job: Job): Promise<Sent> {
  const now = new Date();
  const signed = (e: object): Signed => {
    const body = JSON.stringify(e);
    return { body, headers: signedHeaders(job.secret, body, now) };
  };
  const perCall = Array.from({ length: job.calls }, (_, i) => {
    const events = callEvents(i, job.known);
    return (job.phase === 'first' ? events : [events[0], events.at(-1)]).map((e) => signed(e as object));
  });
  const http = new HttpPool(`http://127.0.0.1:${job.port}`, { connections: job.concurrency });
  const sent: Sent = { events: 0, elapsedMs: 0, latencies: [], statuses: {}, duplicates: 0 };
  async function post({ body, headers }: Signed) {
    const t0 = performance.now();
    const res = await http.request({ method: 'POST', path: '/api/v1/telephony/events', headers, body });
    const json = (await res.body.json()) as { status?: string };
    sent.latencies.push(performance.now() - t0);
    sent.events++;
    const key = `${res.statusCode} ${json.status ?? ''}`.trim();
    sent.statuses[key] = (sent.statuses[key] ?? 0) + 1;
    if (json.status === 'duplicate') sent.duplicates++;
  }
  let next = 0;
  started();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.calls) for (const request of perCall[next++] ?? []) await post(request);
    }),
  );
  sent.elapsedMs = performance.now() - t0;
  await http.close();
  return sent;
}

// Imported by the main thread too (for `mobile`): only a worker sends.
if (parentPort) done(await send(workerData as Job));
