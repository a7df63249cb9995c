// The inbox between a provider's webhook and the contacts: accepting is one multi-row INSERT (so a
// webhook is answered in milliseconds, and a replay stores nothing), processing turns each event
// into a contact or a delivery status, retrying passing failures with back-off.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './messaging.repo.ts';
import { applyDeliveryStatus, ingestMessage, type MessagingContext } from './messaging.service.ts';
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
const retryDelayMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

class StatusWithoutMessage extends Error {}

export async function processDueInbox(ctx: MessagingContext, limit = 20) {
  const outcome = { done: 0, retried: 0, failed: 0 };
  const now = ctx.clock.now();
  const leased = await repo.leaseInbox(ctx.db, now, new Date(now.getTime() + 5 * 60_000), limit);
  for (const item of leased) {
    const provider = providerFor(ctx.config, item.provider);
    try {
      if (!provider) throw new AppError('not_found', 'provider not configured');
      const event = revive(item.event);
      if (event.kind === 'status') {
        if (!(await applyDeliveryStatus(ctx, provider.name, event))) throw new StatusWithoutMessage();
        await repo.finishInbox(ctx.db, item.id, ctx.clock.now(), null);
      } else if (!(await ingestMessage(ctx, provider, event, item.id))) {
        await repo.finishInbox(ctx.db, item.id, ctx.clock.now(), null); // stored before: a replay
      }
      outcome.done++;
    } catch (err) {
      const code =
        err instanceof StatusWithoutMessage
          ? 'status: no such outbound message'
          : err instanceof AppError
            ? `${err.code}: ${err.message}`.slice(0, 300)
            : `${(err as Error).name} ${(err as { code?: string }).code ?? ''}`.trim();
      // Invalid data stays invalid; a provider or database that fails now may not later.
      const limitFor = err instanceof StatusWithoutMessage ? statusAttempts : maxAttempts;
      if (!(err instanceof AppError) && item.attempts < limitFor) {
        await repo.retryInbox(ctx.db, item.id, new Date(now.getTime() + retryDelayMs(item.attempts)), code);
        outcome.retried++;
      } else {
        await repo.finishInbox(
          ctx.db,
          item.id,
          err instanceof StatusWithoutMessage ? ctx.clock.now() : null,
          code,
        );
        if (err instanceof StatusWithoutMessage) outcome.done++;
        else outcome.failed++;
      }
    }
  }
  return outcome;
}
