// Sending what the werkplek and the auto-reply queued: by lease, retried with back-off, the delivery
// status kept on the message (wachtrij → verzonden → afgeleverd → gelezen, or mislukt) and told to
// the employee who wrote it (live event 'contact.delivery' on employee:<id>).
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/connect.ts';
import { backoffMs } from '../../../platform/backoff.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Realtime } from '../../../platform/realtime.ts';
import * as repo from './messaging.repo.ts';
import type { DeliveryStatus } from './messaging.tables.ts';
import { ProviderError } from './provider.ts';
import { providerFor } from './providers.ts';

export type DeliveryContext = { db: Db; config: Config; clock: Clock; realtime?: Realtime };

export const deliveryLabels: Record<DeliveryStatus, string> = {
  queued: 'wachtrij',
  sent: 'verzonden',
  delivered: 'afgeleverd',
  read: 'gelezen',
  failed: 'mislukt',
};

/** After this many attempts (about a day and a half of back-off) a message is given up: mislukt. */
export const maxAttempts = 12;
const retryDelayMs = (attempts: number) => backoffMs(attempts, 30_000, 4 * 60 * 60_000);

export function announceDelivery(
  realtime: Realtime | undefined,
  row: { contact_id: string; employee_id: string | null } | undefined,
  status: DeliveryStatus,
) {
  if (!realtime || !row?.employee_id) return;
  realtime.publish(`employee:${row.employee_id}`, {
    type: 'contact.delivery',
    data: { contactId: row.contact_id, status, label: deliveryLabels[status] },
  });
}

/** Send what is due. Errors are recorded as the provider's code, never with the message text. */
export async function deliverDueMessages(ctx: DeliveryContext, limit = 50) {
  const outcome = { sent: 0, retried: 0, failed: 0 };
  const now = ctx.clock.now();
  const leased = await repo.leaseDue(ctx.db, now, new Date(now.getTime() + 5 * 60_000), limit);
  for (const m of leased) {
    const provider = providerFor(ctx.config, m.provider);
    try {
      if (!provider) throw new ProviderError(`provider '${m.provider}' is not configured`, false);
      const { externalId } = await provider.send({
        id: m.id,
        channel: m.channel,
        from: m.business_address,
        to: m.customer_address,
        text: m.body,
        at: now,
      });
      announceDelivery(ctx.realtime, await repo.markSent(ctx.db, m.id, externalId, ctx.clock.now()), 'sent');
      outcome.sent++;
    } catch (err) {
      const retryable = err instanceof ProviderError ? err.retryable : true;
      const error = err instanceof ProviderError ? err.message : `internal: ${(err as Error).name}`;
      if (retryable && m.attempts < maxAttempts) {
        await repo.markRetry(ctx.db, m.id, new Date(now.getTime() + retryDelayMs(m.attempts)), error);
        outcome.retried++;
      } else {
        announceDelivery(ctx.realtime, await repo.markFailed(ctx.db, m.id, ctx.clock.now(), error), 'failed');
        outcome.failed++;
      }
    }
  }
  return outcome;
}
