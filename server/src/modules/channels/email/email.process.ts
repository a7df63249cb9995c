// The inbox processor: mail waits in the inbox (email.ingest.ts) until a processor takes it, a batch at
// a time in one transaction, and makes the contacts (email.store.ts). The batch is stored in one go;
// when that fails (one bad mail, a duplicate), it is stored again mail by mail, each whole or not at
// all (a savepoint per mail), so one mail never holds up or breaks the others. The receiver wakes the
// processor as soon as it has committed a mail (kickMailInbox); the scheduler's round is the fallback.
// On PostgreSQL several processors run side by side (the lease uses SKIP LOCKED); PGlite has one
// connection, so one.
import { randomUUID } from 'node:crypto';
import { storeWholeOrEach } from '../../../db/batch.ts';
import type { Db } from '../../../db/connect.ts';
import type { AppContext } from '../../../platform/app.ts';
import { backoffMs } from '../../../platform/backoff.ts';
import { announceQueued } from '../../routing/routing.service.ts';
import { deliverSoon } from './email.outbound.ts';
import * as repo from './email.repo.ts';
import { Duplicate, type Prepared, prepareAll, type Stored, storeAll, type Unready } from './email.store.ts';

/** Mails per transaction at most: large enough to share the statements, small enough to reach the queue within a second. */
const batchSize = 25;
/** A round that found this many mails waiting means mail comes in faster than one processor stores it. */
const backlog = 5;
/** After this many failed attempts a mail goes to the quarantine for an admin. */
const maxAttempts = 8;
const retryDelayMs = (attempts: number) => backoffMs(attempts, 15_000, 30 * 60_000);

type Context = Pick<AppContext, 'db' | 'config' | 'clock'> & { realtime?: AppContext['realtime'] };

const failure = (err: unknown) => {
  const e = err as { name?: string; code?: string };
  return [e.name ?? 'Error', e.code].filter(Boolean).join(' ');
};

export type InboxRound = {
  taken: number;
  stored: number;
  duplicates: number;
  retried: number;
  failed: number;
};

/** One batch: lease due mails, prepare them, store them in one transaction. */
export async function processMailInbox(ctx: Context, limit = batchSize): Promise<InboxRound> {
  const now = ctx.clock.now();
  const round: InboxRound = { taken: 0, stored: 0, duplicates: 0, retried: 0, failed: 0 };
  const leased = await repo.leaseInbox(ctx.db, now, new Date(now.getTime() + 5 * 60_000), limit);
  round.taken = leased.length;
  if (leased.length === 0) return round;
  const prepared: (Prepared | Unready)[] = await prepareAll(ctx, leased, now).catch((error: unknown) =>
    leased.map((row) => ({ row, error })),
  );
  const stored: Stored[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const done: { id: string; contactId: string | null }[] = [];
    const ready: Prepared[] = [];
    for (const p of prepared) {
      if ('error' in p) {
        await giveUpOrRetry(trx, p.row, failure(p.error), now, round);
      } else if ('duplicateOf' in p) {
        done.push({ id: p.row.id, contactId: p.duplicateOf });
        round.duplicates++;
      } else ready.push(p);
    }
    const batches = await storeWholeOrEach(
      trx,
      ready,
      (items) => storeAll(ctx, trx, items),
      async (p, err) => {
        if (!(err instanceof Duplicate)) return giveUpOrRetry(trx, p.row, failure(err), now, round);
        done.push({ id: p.row.id, contactId: null });
        round.duplicates++;
      },
    );
    stored.push(...batches.flat());
    for (const s of stored) done.push({ id: s.p.row.id, contactId: s.contact.id });
    await repo.markInboxDone(trx, done, now);
  });
  round.stored = stored.length;
  if (ctx.realtime) for (const s of stored) announceQueued(ctx.realtime, s.p.decision, s.contact.id);
  if (stored.some((s) => s.autoReplied)) deliverSoon(ctx);
  return round;
}

async function giveUpOrRetry(trx: Db, row: repo.LeasedInbox, error: string, now: Date, round: InboxRound) {
  if (row.attempts < maxAttempts) {
    await repo.markInboxRetry(trx, row.id, new Date(now.getTime() + retryDelayMs(row.attempts)), error);
    round.retried++;
    return;
  }
  round.failed++;
  await repo.markInboxFailed(trx, row.id, now, error);
  await repo.insertQuarantine(trx, {
    id: randomUUID(),
    reason: 'unprocessable',
    detail: `Na ${row.attempts} pogingen niet verwerkt (${error}).`,
    message_id: row.message_id,
    envelope_from: row.envelope_from,
    envelope_to: row.envelope_to,
    subject: null,
    size_bytes: row.size_bytes,
    raw: row.raw,
    received_at: now,
  });
}

type Loop = { workers: number; again: boolean; done: Promise<void>; finished: () => void };
const running = new WeakMap<object, Loop>();
const stopping = new WeakSet<object>();
/** The live hub of the process that receives mail, so a round started by the scheduler announces too. */
const hubs = new WeakMap<object, NonNullable<Context['realtime']>>();

/** Processors side by side: on PostgreSQL a few (each its own connection); PGlite has one connection. */
const maxWorkers = (ctx: Context) => (ctx.config.databaseKind === 'postgres' ? 3 : 1);

/**
 * Process what is due until the inbox is empty, in the background; a kick while it runs makes it go
 * round once more. One processor per database handle in a process, and more (up to maxWorkers) while
 * rounds find a backlog, so a mail that arrives during a batch need not wait for that batch to commit. Resolves when
 * the last processor stops.
 */
export function kickMailInbox(ctx: Context, onError?: (err: Error) => void): Promise<void> {
  if (ctx.realtime) hubs.set(ctx.db, ctx.realtime);
  if (stopping.has(ctx.db)) return Promise.resolve();
  const loop = running.get(ctx.db);
  if (loop) {
    loop.again = true;
    return loop.done;
  }
  let finished = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const started: Loop = { workers: 0, again: false, done, finished };
  running.set(ctx.db, started);
  addWorker(ctx, started, onError);
  return done;
}

function addWorker(ctx: Context, loop: Loop, onError?: (err: Error) => void) {
  const withHub = { ...ctx, realtime: ctx.realtime ?? hubs.get(ctx.db) };
  loop.workers++;
  void (async () => {
    try {
      do {
        loop.again = false;
        for (;;) {
          if (stopping.has(ctx.db)) break;
          const round = await processMailInbox(withHub);
          if (round.taken === 0) break;
          if (round.taken >= backlog && loop.workers < maxWorkers(ctx)) addWorker(ctx, loop, onError);
        }
      } while (loop.again && !stopping.has(ctx.db));
    } catch (err) {
      try {
        onError?.(err as Error);
      } catch {
        // a reporter that fails must not turn into an unhandled rejection
      }
    } finally {
      loop.workers--;
      if (loop.workers === 0) {
        running.delete(ctx.db);
        loop.finished();
      }
    }
  })();
}

/** Until nothing due is left (the scheduler, tests): joins the running loop or starts one. */
export async function settleMailInbox(ctx: Context, onError?: (err: Error) => void) {
  await kickMailInbox(ctx, onError);
  // A kick that arrived while the loop was finishing may have started another round.
  await running.get(ctx.db)?.done;
}

/** On shutdown: no new rounds; waits for the batch in progress (its mails commit or roll back whole). */
export async function stopMailInbox(db: object) {
  stopping.add(db);
  await running.get(db)?.done;
}
