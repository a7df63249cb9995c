// POST /contacts/:id/reply: the werkplek's one "antwoorden" button, for every channel that can answer.
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, unprocessable } from '../../platform/errors.ts';
import { getContact, requireVisibleContact } from '../contacts/contacts.service.ts';
import { replyChannels, replySenderFor } from './replies.ts';

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
    const sent = await send(ctx, { contact, text: req.body.text, actor });
    return reply.status(201).send(sent);
  });
}
