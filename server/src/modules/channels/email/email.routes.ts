// E-mail's HTTP side: the reply sender and the delivery lookup behind the werkplek's one reply and
// delivery endpoints (replies.routes.ts), and the quarantine for admins.
import { z } from 'zod';
import { authorise } from '../../../platform/actor.ts';
import type { App, AppContext } from '../../../platform/app.ts';
import { notFound } from '../../../platform/errors.ts';
import { mailDeliveryOfContact } from '../../outbox/outbox.service.ts';
import { type Delivery, registerDeliveryLookup, registerReplySender } from '../replies.ts';
import { emailReplySender } from './email.outbound.ts';
import * as repo from './email.repo.ts';

const labels = { queued: 'wachtrij', sent: 'verzonden', failed: 'mislukt' } as const;
const statusOf = { pending: 'queued', sent: 'sent', failed: 'failed' } as const;

/** The delivery of an outbound mail (its latest outbox mail), for GET /contacts/:id/delivery. */
async function mailDelivery(ctx: AppContext, contactId: string): Promise<Delivery | null> {
  const [mail] = (await mailDeliveryOfContact(ctx.db, contactId)).slice(-1);
  if (!mail) return null;
  const status = statusOf[mail.status];
  return {
    status,
    label: labels[status],
    attempts: mail.attempts,
    lastError: mail.lastError,
    final: mail.status !== 'pending',
    at: mail.sentAt ?? mail.failedAt ?? null,
    nextAttemptAt: mail.nextAttemptAt,
  };
}

export function emailRoutes(app: App, ctx: AppContext) {
  registerReplySender('email', emailReplySender);
  registerDeliveryLookup('email', mailDelivery);

  const page = z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  });
  app.get('/channels/email/quarantine', { schema: { tags: ['kanalen'], querystring: page } }, async (req) => {
    authorise(req.actor, 'admin');
    const [rows, total] = await Promise.all([
      repo.listQuarantine(ctx.db, req.query.limit, req.query.offset),
      repo.countQuarantine(ctx.db),
    ]);
    return {
      count: Number(total.n),
      results: rows.map((r) => ({
        id: r.id,
        reason: r.reason,
        detail: r.detail,
        messageId: r.message_id,
        envelopeFrom: r.envelope_from,
        envelopeTo: r.envelope_to,
        subject: r.subject,
        sizeBytes: r.size_bytes,
        receivedAt: r.received_at,
      })),
    };
  });

  // The message as received, for an admin who decides what to do with it (download, never rendered).
  app.get(
    '/channels/email/quarantine/:id/raw',
    { schema: { tags: ['kanalen'], params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      authorise(req.actor, 'admin');
      const row = await repo.findQuarantined(ctx.db, req.params.id);
      if (!row) throw notFound('Bericht in quarantaine');
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="quarantaine-${row.id}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(row.raw);
    },
  );
}
