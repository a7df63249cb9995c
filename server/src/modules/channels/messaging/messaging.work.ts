// What runs after a webhook or a reply, and from the scheduler: the inbox into contacts, the outbox
// out to the providers. A request kicks it in the background; `runDueWork` catches up after a
// restart and sends the retries whose back-off has passed.
import type { Db } from '../../../db/connect.ts';
import { createRealtime } from '../../../platform/realtime.ts';
import { workLanes } from '../../../platform/work-lanes.ts';
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

/** One round of background work: a batch of the inbox and a batch of the outbox. */
async function round(ctx: MessagingContext): Promise<number> {
  const r = await processDueInbox(ctx);
  const d = await deliverDueMessages(ctx, 20);
  return r.done + r.retried + r.failed + d.sent + d.retried + d.failed;
}

const work = workLanes(round, () => lanes);

/**
 * Process and send what is due now, in the background: up to `lanes` workers per database, each
 * leasing its own batch. A kick while all lanes run makes them look again before they stop.
 */
export const kickMessaging = (ctx: MessagingContext): Promise<void> => work.kick(ctx);

/** Wait until background work on this database is done (tests, benchmark, shutdown). */
export const settleMessaging = (db: Db): Promise<void> => work.settle(db);

/**
 * Accept webhooks without processing them until the returned release is called (the benchmark
 * measures acceptance and processing apart this way); kicks meanwhile run at release.
 */
export const holdMessaging = (db: Db): (() => Promise<void>) => work.hold(db);
