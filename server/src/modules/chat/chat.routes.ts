// The employee's side of the web chat (the werkplek's chat console): waiting and own chats, claim,
// send, typing, close. Live messages reach the console over GET /api/v1/live, topic chat:<id>.
import { z } from 'zod';
import { authorise, type EmployeeActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { registerTopicGuard } from '../../platform/realtime.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import {
  claimConversation,
  closeConversation,
  employeeMessage,
  getConversation,
  listForEmployee,
  mayFollow,
  messagesSince,
  publishTyping,
  scoresOf,
} from './chat.service.ts';
import { chatSocket } from './chat.socket.ts';
import {
  createRule,
  deleteRule,
  listRules,
  offerFor,
  ruleInput,
  signalInput,
  updateRule,
} from './proactive.service.ts';

const tags = ['chat'];
const idParams = z.object({ id: z.uuid() });
const messageBody = z.strictObject({ text: z.string().max(8000) });
const closeBody = z
  .strictObject({
    reasonCode: z.string().trim().min(1).max(100).optional(),
    result: z.string().trim().max(2000).optional(),
  })
  .nullish();

function employee(actor: ReturnType<typeof authorise>): EmployeeActor {
  if (actor.kind !== 'employee') throw new AppError('forbidden', 'De chatconsole is voor medewerkers.');
  return actor;
}

export function chatRoutes(app: App, ctx: AppContext) {
  chatSocket(app, ctx);
  registerTopicGuard('chat', (actor, id) => actor.kind === 'employee' && mayFollow(ctx.db, actor, id));

  app.get('/api/v1/chats', { schema: { tags } }, async (req) => {
    const actor = employee(authorise(req.actor, 'contacts:read'));
    return listForEmployee(ctx.db, actor);
  });

  app.get('/api/v1/chats/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = employee(authorise(req.actor, 'contacts:read'));
    if (!(await mayFollow(ctx.db, actor, req.params.id))) throw notFound('Chatgesprek');
    return inTransaction(ctx.db, async (trx) => {
      const conversation = await getConversation(trx, req.params.id);
      if (conversation.partyId) await logRead(trx, conversation.partyId, readContext(req));
      return { ...conversation, messages: await messagesSince(trx, req.params.id) };
    });
  });

  app.post('/api/v1/chats/:id/claim', { schema: { tags, params: idParams } }, async (req) => {
    const actor = employee(authorise(req.actor, 'contacts:write'));
    return claimConversation(ctx, req.params.id, actor);
  });

  app.post(
    '/api/v1/chats/:id/messages',
    { schema: { tags, params: idParams, body: messageBody } },
    async (req, reply) => {
      const actor = employee(authorise(req.actor, 'contacts:write'));
      return reply.status(201).send(await employeeMessage(ctx, req.params.id, actor, req.body.text));
    },
  );

  app.post('/api/v1/chats/:id/typing', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = employee(authorise(req.actor, 'contacts:write'));
    if (!(await mayFollow(ctx.db, actor, req.params.id))) throw notFound('Chatgesprek');
    publishTyping(ctx, req.params.id, 'employee');
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/chats/:id/close',
    { schema: { tags, params: idParams, body: closeBody } },
    async (req) => {
      const actor = employee(authorise(req.actor, 'contacts:write'));
      if (!(await mayFollow(ctx.db, actor, req.params.id))) throw notFound('Chatgesprek');
      return closeConversation(ctx, req.params.id, {
        by: 'employee',
        actor,
        reasonCode: req.body?.reasonCode,
        result: req.body?.result,
      });
    },
  );

  // Proactive chat: the widget reports a signal, the rules answer with an offer (or null).
  app.post('/api/v1/public/chat/signals', { schema: { tags, body: signalInput } }, async (req) => ({
    offer: await offerFor(ctx.db, req.body, ctx.clock.now()),
  }));
  app.get('/api/v1/chat/proactive-rules', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return { results: await listRules(ctx.db) };
  });
  app.post('/api/v1/chat/proactive-rules', { schema: { tags, body: ruleInput } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await createRule(ctx.db, req.body, ctx.clock.now()));
  });
  app.put(
    '/api/v1/chat/proactive-rules/:id',
    { schema: { tags, params: idParams, body: ruleInput } },
    async (req) => {
      authorise(req.actor, 'admin');
      return updateRule(ctx.db, req.params.id, req.body);
    },
  );
  app.delete(
    '/api/v1/chat/proactive-rules/:id',
    { schema: { tags, params: idParams } },
    async (req, reply) => {
      authorise(req.actor, 'admin');
      await deleteRule(ctx.db, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/v1/contacts/:id/satisfaction', { schema: { tags, params: idParams } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    return { results: await scoresOf(ctx.db, [req.params.id]) };
  });
}
