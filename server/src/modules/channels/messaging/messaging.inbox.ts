// The inbox between a provider's webhook and the contacts: accepting is one multi-row INSERT (so a
// webhook is answered in milliseconds, and a replay stores nothing), processing turns the events into
// contacts (a batch at a time, messaging.ingest.ts) or delivery statuses, retrying passing failures
// with back-off.
import { randomUUID } from 'node:crypto';
import { storeWholeOrEach } from '../../../db/batch.ts';
import type { Db } from '../../../db/connect.ts';
import { backoffMs, failureCode } from '../../../platform/backoff.ts';
import { AppError } from '../../../platform/errors.ts';
import { announceQueued } from '../../routing/routing.service.ts';
import {
  type Incoming,
  type PreparedMessage,
  prepareMessages,
  type StoredMessage,
  storeMessages,
} from './messaging.ingest.ts';
import * as repo from './messaging.repo.ts';
import { applyDeliveryStatus, type MessagingContext } from './messaging.service.ts';
import type { InboundEvent, MessagingProvider } from './provider.ts';
import { providerFor } from './providers.ts';

export type AcceptResult = { accepted: number; duplicates: number };

const keyOf = (e: InboundEvent) => (e.kind === 'message' ? e.externalId : `${e.externalId}:${e.status}`);

/** JSON for the inbox: dates as ISO strings, inline media as base64. */
function serialise(e: InboundEvent): string {
  if (e.kind === 'status') return JSON.stringify({ ...e, at: e.at.toISOString() });
  return JSON.stringify({
    ...e,
    sentAt: Number.isNaN(e.sentAt.getTime()) ? null : e.sentAt.toISOString(),
    media: e.media.map((m) => ({ ...m, data: m.data?.toString('base64') })),
  });
}

function revive(raw: unknown): InboundEvent {
  const e = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
  if (e.kind === 'status')
    return { ...(e as unknown as InboundEvent), at: new Date(String(e.at)) } as InboundEvent;
  const media = (e.media as { data?: string }[]).map((m) => ({
    ...m,
    data: m.data === undefined ? undefined : Buffer.from(m.data, 'base64'),
  }));
  return {
    ...(e as unknown as InboundEvent),
    sentAt: new Date(String(e.sentAt ?? '')),
    media,
  } as InboundEvent;
}

/** Stores the webhook's events, each once; the caller kicks processing after this returns. */
export async function acceptEvents(
  ctx: Pick<MessagingContext, 'db' | 'clock'>,
  provider: MessagingProvider,
  events: InboundEvent[],
): Promise<AcceptResult> {
  // One event twice in one webhook counts once.
  const unique = new Map(events.map((e) => [`${e.kind}:${keyOf(e)}`, e]));
  const rows = [...unique.values()].map((e) => ({
    id: randomUUID(),
    provider: provider.name,
    kind: e.kind,
    event_key: keyOf(e).slice(0, 500),
    event: serialise(e),
  }));
  const accepted = await repo.insertInbox(ctx.db, rows, ctx.clock.now());
  return { accepted, duplicates: events.length - accepted };
}

/** Passing failures are tried again this many times, with back-off from 30 s up to an hour. */
const maxAttempts = 10;
/** A status for a message whose send has not been recorded yet (it raced the answer) waits a little. */
const statusAttempts = 3;
const retryDelayMs = (attempts: number) => backoffMs(attempts, 30_000, 60 * 60_000);

class StatusWithoutMessage extends Error {}

type Leased = Awaited<ReturnType<typeof repo.leaseInbox>>[number];
type Outcome = { done: number; retried: number; failed: number };

/**
 * One round: lease due events, apply the statuses, and store the messages as one batch in one
 * transaction. When the batch cannot be stored whole (one bad event), it is stored again event by event,
 * each whole or not at all (a savepoint each), so one event never holds up or half-stores the others.
 * Several lanes run this side by side on PostgreSQL (the lease uses SKIP LOCKED).
 */
export async function processDueInbox(ctx: MessagingContext, limit = 100): Promise<Outcome> {
  const outcome: Outcome = { done: 0, retried: 0, failed: 0 };
  const now = ctx.clock.now();
  const leased = await repo.leaseInbox(ctx.db, now, new Date(now.getTime() + 5 * 60_000), limit);
  const messages: Incoming[] = [];
  const byInbox = new Map(leased.map((item) => [item.id, item]));
  for (const item of leased) {
    const provider = providerFor(ctx.config, item.provider);
    try {
      if (!provider) throw new AppError('not_found', 'provider not configured');
      const event = revive(item.event);
      if (event.kind === 'message') {
        messages.push({ inboxId: item.id, provider, m: event });
        continue;
      }
      if (!(await applyDeliveryStatus(ctx, provider.name, event))) throw new StatusWithoutMessage();
      await repo.finishInbox(ctx.db, item.id, ctx.clock.now(), null);
      outcome.done++;
    } catch (err) {
      await failed(ctx, ctx.db, item, err, now, outcome);
    }
  }
  if (messages.length === 0) return outcome;

  const prepared = await prepareMessages(ctx, messages, now).catch((error: unknown) =>
    messages.map((m) => ({ ...m, error })),
  );
  const stored: StoredMessage[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const done: string[] = [];
    const ready: PreparedMessage[] = [];
    for (const p of prepared) {
      if ('error' in p) await failed(ctx, trx, byInbox.get(p.inboxId) as Leased, p.error, now, outcome);
      else if ('replay' in p) done.push(p.inboxId);
      else ready.push(p);
    }
    const results = await storeWholeOrEach(
      trx,
      ready,
      (items) => storeMessages(ctx, trx, items, now),
      (p, err) => failed(ctx, trx, byInbox.get(p.inboxId) as Leased, err, now, outcome),
    );
    for (const r of results) {
      stored.push(...r.stored);
      done.push(...r.replays.map((p) => p.inboxId));
    }
    done.push(...stored.map((s) => s.p.inboxId));
    await repo.finishInboxAll(trx, done, ctx.clock.now());
    outcome.done += done.length;
  });
  for (const s of stored) announceQueued(ctx.realtime, s.p.decision, s.contactId);
  return outcome;
}

/** Invalid data stays invalid (set aside for an admin); a provider or database that fails now may not later. */
async function failed(
  ctx: MessagingContext,
  db: Db,
  item: Leased,
  err: unknown,
  now: Date,
  outcome: Outcome,
) {
  const code = err instanceof StatusWithoutMessage ? 'status: no such outbound message' : failureCode(err);
  const limitFor = err instanceof StatusWithoutMessage ? statusAttempts : maxAttempts;
  if (!(err instanceof AppError) && item.attempts < limitFor) {
    await repo.retryInbox(db, item.id, new Date(now.getTime() + retryDelayMs(item.attempts)), code);
    outcome.retried++;
    return;
  }
  await repo.finishInbox(db, item.id, err instanceof StatusWithoutMessage ? ctx.clock.now() : null, code);
  if (err instanceof StatusWithoutMessage) outcome.done++;
  else outcome.failed++;
}
