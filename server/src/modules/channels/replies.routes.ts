// POST /contacts/:id/reply: the werkplek's one "antwoorden" button, for every channel that can answer.
// An answer handles the contact: its item leaves the team's open queue (queue.done on the live feed).
// GET /contacts/:id/delivery: how an outbound message's delivery goes, on every channel (the channel's
// registered lookup); /contacts/:id/email-delivery is the same, kept for clients from before.
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, notFound, unprocessable } from '../../platform/errors.ts';
import { getContact, inTransaction, requireVisibleContact } from '../contacts/contacts.service.ts';
import { markContactHandled } from '../routing/queues.service.ts';
import { deliveryLookupFor, replyChannels, replySenderFor } from './replies.ts';

const params = z.object({ id: z.uuid() });
const body = z.strictObject({ text: z.string().trim().min(1, 'Schrijf een antwoord.').max(50_000) });

export function replyRoutes(app: App, ctx: AppContext) {
  app.get('/reply-channels', { schema: { tags: ['contacten'] } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    return { results: replyChannels() };
  });

  app.post('/contacts/:id/reply', { schema: { tags: ['contacten'], params, body } }, async (req, reply) => {
    const actor = authorise(req.actor, 'contacts:write');
    if (actor.kind !== 'employee') {
      throw new AppError('forbidden', 'Alleen een medewerker kan vanuit de werkplek antwoorden.');
    }
    await requireVisibleContact(ctx.db, req.params.id, actor);
    const contact = await getContact(ctx.db, req.params.id);
    const send = replySenderFor(contact.channel);
    if (!send) {
      throw unprocessable(
        'id',
        `Op het kanaal '${contact.channel}' kan Loket niet antwoorden; kies een ander kanaal.`,
      );
    }
    const now = ctx.clock.now();
    // The answer and the end of the answered contact's place in its team's queue: together or neither.
    const { sent, handled } = await inTransaction(ctx.db, async (trx) => ({
      sent: await send.record(ctx, trx, { contact, text: req.body.text, actor }),
      handled: await markContactHandled(trx, contact.id, actor.id, now),
    }));
    send.afterCommit?.(ctx);
    if (handled) ctx.realtime.publish(`team:${handled.teamId}`, { type: 'queue.done', data: handled });
    return reply.status(201).send(sent);
  });

  const delivery = async (req: { actor: Parameters<typeof authorise>[0]; params: { id: string } }) => {
    const actor = authorise(req.actor, 'contacts:read');
    await requireVisibleContact(ctx.db, req.params.id, actor);
    const contact = await getContact(ctx.db, req.params.id);
    const found = await deliveryLookupFor(contact.channel)?.(ctx, contact.id);
    if (!found) throw notFound('Verzendstatus');
    return found;
  };
  const tags = ['contacten'];
  app.get('/contacts/:id/delivery', { schema: { tags, params } }, delivery);
  app.get('/contacts/:id/email-delivery', { schema: { tags, params, deprecated: true } }, delivery);
}
