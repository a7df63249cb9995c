// What runs after a webhook or a reply, and from the scheduler: the inbox into contacts, the outbox
// out to the providers. A request kicks it in the background; `runDueWork` catches up after a
// restart and sends the retries whose back-off has passed.
import type { Db } from '../../../db/connect.ts';
import { createRealtime } from '../../../platform/realtime.ts';
import { processDueInbox } from './messaging.inbox.ts';
import { type DeliveryContext, deliverDueMessages } from './messaging.outbox.ts';
import type { MessagingContext } from './messaging.service.ts';

/** Inbox lanes per process: contacts of one channel and team share rollup rows, so more add little. */
const lanes = 3;

export async function runMessagingWork(ctx: DeliveryContext) {
  // The scheduler has no screens to tell; a hub without subscribers drops the live events.
  const full = { ...ctx, realtime: ctx.realtime ?? createRealtime() };
  const inbox = { done: 0, retried: 0, failed: 0 };
  for (;;) {
    const r = await processDueInbox(full, 100);
    inbox.done += r.done;
    inbox.retried += r.retried;
    inbox.failed += r.failed;
    if (r.done + r.retried + r.failed === 0) break;
  }
  const sent = await deliverDueMessages(ctx);
  return { inbox, sent };
}

const running = new WeakMap<Db, { again: boolean; promise: Promise<void> }>();

async function lane(ctx: MessagingContext) {
  for (;;) {
    const r = await processDueInbox(ctx);
    const d = await deliverDueMessages(ctx, 20);
    if (r.done + r.retried + r.failed + d.sent + d.retried + d.failed === 0) return;
  }
}

/** Process and send what is due now, in the background; one run per database, re-run when kicked during it. */
export function kickMessaging(ctx: MessagingContext): Promise<void> {
  const current = running.get(ctx.db);
  if (current) {
    current.again = true;
    return current.promise;
  }
  const state = { again: false, promise: Promise.resolve() };
  running.set(ctx.db, state);
  state.promise = (async () => {
    try {
      do {
        state.again = false;
        await Promise.all(Array.from({ length: lanes }, () => lane(ctx)));
      } while (state.again);
    } catch {
      // The database went away (shutdown) or failed: the scheduler picks it up again.
    } finally {
      running.delete(ctx.db);
    }
  })();
  return state.promise;
}

/** Wait until background work on this database is done (tests, benchmark, shutdown). */
export async function settleMessaging(db: Db): Promise<void> {
  for (let r = running.get(db); r; r = running.get(db)) await r.promise;
}
