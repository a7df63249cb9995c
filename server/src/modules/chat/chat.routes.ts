// The employee's side of the web chat (the werkplek's chat console): waiting and own chats, claim,
// send, typing, close. Live messages reach the console over GET /api/v1/live, topic chat:<id>.
import { z } from 'zod';
import { authorise, type EmployeeActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { registerTopicGuard } from '../../platform/realtime.ts';
import {
  getContact,
  inTransaction,
  partyIdsOf,
  requireVisibleContact,
} from '../contacts/contacts.service.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import { claimConversation, employeeMessage, listForEmployee, mayFollow } from './chat.handover.ts';
import { getConversation, messagesSince, publishTyping } from './chat.messages.ts';
import { closeConversation, scoresOf } from './chat.record.ts';
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
import { messagePage, surveyPage } from './satisfaction.page.ts';
import { answerSurvey, requestSurvey, surveyFor } from './satisfaction.service.ts';

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

  // KTO after a phone or counter contact: a one-time link by e-mail, a plain page to answer it.
  app.post(
    '/api/v1/contacts/:id/satisfaction-request',
    {
      schema: {
        tags,
        params: idParams,
        body: z.strictObject({ address: z.string().max(320).optional() }).nullish(),
      },
    },
    async (req, reply) => {
      const actor = authorise(req.actor, 'contacts:write');
      const sent = await inTransaction(ctx.db, async (trx) => {
        await requireVisibleContact(trx, req.params.id, actor);
        const contact = await getContact(trx, req.params.id);
        await logRead(trx, partyIdsOf([contact]), readContext(req));
        return requestSurvey(trx, {
          contactId: req.params.id,
          address: req.body?.address,
          publicUrl: ctx.config.publicUrl,
          now: ctx.clock.now(),
        });
      });
      return reply.status(201).send(sent);
    },
  );
  app.register(async (kto) => {
    kto.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });
    const html = (reply: { type: (t: string) => unknown; header: (k: string, v: string) => unknown }) => {
      reply.type('text/html; charset=utf-8');
      reply.header('cache-control', 'no-store');
    };
    const failed = (err: unknown) =>
      err instanceof AppError && err.status < 500
        ? { status: err.status, page: messagePage('Enquête niet beschikbaar', err.message) }
        : null;
    kto.get('/kto/:token', { schema: { hide: true } }, async (req, reply) => {
      html(reply);
      const parsed = tokenParams.safeParse(req.params);
      if (!parsed.success)
        return reply.status(404).send(messagePage('Enquête niet gevonden', 'Deze link klopt niet.'));
      try {
        const request = await surveyFor(ctx.db, parsed.data.token, ctx.clock.now());
        const contact = await getContact(ctx.db, request.contact_id);
        return reply.send(surveyPage(contact.subject));
      } catch (err) {
        const f = failed(err);
        if (!f) throw err;
        return reply.status(f.status).send(f.page);
      }
    });
    kto.post('/kto/:token', { schema: { hide: true } }, async (req, reply) => {
      html(reply);
      const parsed = tokenParams.safeParse(req.params);
      if (!parsed.success)
        return reply.status(404).send(messagePage('Enquête niet gevonden', 'Deze link klopt niet.'));
      const form = (req.body ?? {}) as Record<string, string>;
      try {
        await answerSurvey(
          ctx.db,
          parsed.data.token,
          { score: Number(form.score), comment: form.comment },
          ctx.clock.now(),
        );
        return reply.send(
          messagePage(
            'Dank u wel!',
            'Uw beoordeling is ontvangen. Daarmee verbeteren wij onze dienstverlening.',
          ),
        );
      } catch (err) {
        if (err instanceof AppError && err.invalidParams[0]?.name === 'score') {
          const request = await surveyFor(ctx.db, parsed.data.token, ctx.clock.now());
          const contact = await getContact(ctx.db, request.contact_id);
          return reply.status(400).send(surveyPage(contact.subject, err.invalidParams[0].reason));
        }
        const f = failed(err);
        if (!f) throw err;
        return reply.status(f.status).send(f.page);
      }
    });
  });

  app.get('/api/v1/contacts/:id/satisfaction', { schema: { tags, params: idParams } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    return { results: await scoresOf(ctx.db, [req.params.id]) };
  });
}
