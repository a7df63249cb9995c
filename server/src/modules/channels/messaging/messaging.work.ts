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

type Lanes = { active: Set<Promise<void>>; again: boolean };
const running = new WeakMap<Db, Lanes>();

/** Works until a whole pass finds nothing due and nobody kicked meanwhile. */
async function lane(ctx: MessagingContext, state: Lanes) {
  for (;;) {
    state.again = false;
    const r = await processDueInbox(ctx);
    const d = await deliverDueMessages(ctx, 20);
    if (r.done + r.retried + r.failed + d.sent + d.retried + d.failed === 0 && !state.again) return;
  }
}

/**
 * Process and send what is due now, in the background: up to `lanes` workers per database, each
 * leasing its own batch. A kick while all lanes run makes them look again before they stop.
 */
export function kickMessaging(ctx: MessagingContext): Promise<void> {
  if (held.has(ctx.db)) {
    held.set(ctx.db, ctx);
    return Promise.resolve();
  }
  let state = running.get(ctx.db);
  if (!state) {
    state = { active: new Set(), again: false };
    running.set(ctx.db, state);
  }
  state.again = true;
  if (state.active.size < lanes) {
    const s = state;
    const work: Promise<void> = lane(ctx, s)
      .catch(() => {
        // The database went away (shutdown) or failed: the scheduler picks it up again.
      })
      .finally(() => s.active.delete(work));
    s.active.add(work);
  }
  return Promise.all(state.active).then(() => undefined);
}

/** Wait until background work on this database is done (tests, benchmark, shutdown). */
export async function settleMessaging(db: Db): Promise<void> {
  for (let s = running.get(db); s && s.active.size > 0; s = running.get(db)) await Promise.all(s.active);
}

const held = new WeakMap<Db, MessagingContext | null>();

/**
 * Accept webhooks without processing them until the returned release is called (the benchmark
 * measures acceptance and processing apart this way); kicks meanwhile run at release.
 */
export function holdMessaging(db: Db): () => Promise<void> {
  held.set(db, null);
  return async () => {
    const ctx = held.get(db);
    held.delete(db);
    if (ctx) await kickMessaging(ctx);
  };
}
