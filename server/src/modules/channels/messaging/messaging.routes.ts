// Webhooks of messaging providers (no login: the signature is the authentication), and the delivery
// lookup behind the werkplek's GET /contacts/:id/delivery (replies.routes.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorise } from '../../../platform/actor.ts';
import type { App, AppContext } from '../../../platform/app.ts';
import { AppError, forbidden, invalid, notFound } from '../../../platform/errors.ts';
import { type Delivery, registerDeliveryLookup } from '../replies.ts';
import { acceptEvents } from './messaging.inbox.ts';
import { deliveryLabels } from './messaging.outbox.ts';
import { registerMessagingReplies } from './messaging.replies.ts';
import * as repo from './messaging.repo.ts';
import type { DeliveryStatus } from './messaging.tables.ts';
import { kickMessaging } from './messaging.work.ts';
import type { MessagingProvider } from './provider.ts';
import { providerFor } from './providers.ts';

const tags = ['kanalen'];

/** The delivery of an outbound message, for GET /contacts/:id/delivery (replies.routes.ts). */
async function messageDelivery(ctx: AppContext, contactId: string): Promise<Delivery | null> {
  const row = await repo.findOutbound(ctx.db, contactId);
  if (!row || row.status === 'received') return null;
  const status = row.status as DeliveryStatus;
  return {
    status,
    label: deliveryLabels[status],
    attempts: row.attempts,
    lastError: row.last_error,
    final: status !== 'queued',
    at: row.status_at,
    nextAttemptAt: status === 'queued' ? row.next_attempt_at : null,
  };
}

const verifyQuery = z.object({
  'hub.mode': z.string().max(50).optional(),
  'hub.verify_token': z.string().max(500).optional(),
  'hub.challenge': z.string().max(500).optional(),
});

export function messagingRoutes(app: App, ctx: AppContext) {
  registerMessagingReplies();
  for (const channel of ['whatsapp', 'sms', 'social']) registerDeliveryLookup(channel, messageDelivery);

  // Meta's subscription check: echo the challenge when the verify token is ours.
  app.get(
    '/channels/whatsapp/webhook',
    { schema: { tags, querystring: verifyQuery } },
    async (req, reply) => {
      const expected = ctx.config.messaging.whatsapp.verifyToken;
      const q = req.query;
      if (
        !expected ||
        q['hub.mode'] !== 'subscribe' ||
        q['hub.verify_token'] !== expected ||
        !q['hub.challenge']
      ) {
        throw forbidden('Onjuist verificatietoken.');
      }
      return reply.type('text/plain').send(q['hub.challenge']);
    },
  );

  // Events processing gave up on (invalid data, a deactivated channel, a provider no longer
  // configured) or is still retrying; an admin sees why (a code, no message content) and retries.
  app.get(
    '/channels/messaging/inbox',
    {
      schema: {
        tags,
        querystring: z.object({
          state: z.enum(['failed', 'waiting']).default('failed'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      authorise(req.actor, 'admin');
      const rows = await repo.listInbox(ctx.db, req.query.state, req.query.limit);
      return {
        results: rows.map((r) => ({
          id: r.id,
          provider: r.provider,
          kind: r.kind,
          receivedAt: r.received_at,
          attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at,
          lastError: r.last_error,
        })),
      };
    },
  );

  app.post(
    '/channels/messaging/inbox/:id/retry',
    { schema: { tags, params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      authorise(req.actor, 'admin');
      if (!(await repo.retryInboxNow(ctx.db, req.params.id, ctx.clock.now()))) throw notFound('Inbox-item');
      void kickMessaging(ctx);
      return reply.status(202).send({ id: req.params.id });
    },
  );

  // The webhooks need the raw bytes: the signature is over the body exactly as sent.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    type WebhookRequest = FastifyRequest & { body: unknown };
    const handle = async (provider: MessagingProvider, req: WebhookRequest) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!provider.verify(req.headers, raw)) {
        throw new AppError('unauthenticated', 'De handtekening van de webhook ontbreekt of klopt niet.');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('body', 'De body is geen geldige JSON.');
      }
      const result = await acceptEvents(ctx, provider, provider.parse(payload));
      if (result.accepted > 0) void kickMessaging(ctx);
      return result;
    };

    scope.post('/channels/whatsapp/webhook', { schema: { tags } }, async (req, reply) => {
      if (!ctx.config.messaging.whatsapp.appSecret) throw notFound('WhatsApp-koppeling');
      return respond(req, reply, providerFor(ctx.config, 'whatsapp') as MessagingProvider);
    });

    scope.post(
      '/channels/webhooks/:provider',
      { schema: { tags, params: z.object({ provider: z.string().max(100) }) } },
      async (req, reply) => {
        const name = req.params.provider;
        const provider = name === 'whatsapp' ? null : providerFor(ctx.config, name);
        if (!provider) throw notFound('Provider');
        return respond(req, reply, provider);
      },
    );

    // Answered once the events are stored; contacts follow from the inbox (messaging.work.ts).
    const respond = (req: WebhookRequest, _reply: FastifyReply, provider: MessagingProvider) =>
      handle(provider, req);
  });
}
