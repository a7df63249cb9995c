// Routing rules, the "where would this message go?" test, opening hours (admin and public).
import { z } from 'zod';
import { authorise, requireActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { findTeam } from '../access/access.service.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import {
  addException,
  listOpeningHours,
  openingStatus,
  publicOpeningHours,
  removeException,
  removeSchedule,
  saveSchedule,
  useCalendarOptions,
} from './opening-hours.service.ts';
import { routeInbound } from './routing.service.ts';
import {
  createRule,
  deleteRule,
  getRule,
  listRules,
  type RuleInput,
  reorderRules,
  updateRule,
} from './rules.service.ts';

const idParams = z.object({ id: z.uuid() });
const list = z.array(z.string().max(320)).max(100).optional();
const conditions = z.object({
  channels: list,
  addresses: list,
  reasonCodes: list,
  keywords: list,
  partyKinds: list,
  hasKvkNummer: z.boolean().nullish(),
  postcodes: list,
});
const ruleBody = z.object({
  name: z.string().max(200),
  teamId: z.string().max(100),
  active: z.boolean().optional(),
  position: z.number().int().min(1).optional(),
  conditions,
});
const testBody = z.object({
  channel: z.string().min(1).max(40),
  address: z.string().max(320).nullish(),
  reasonCode: z.string().max(100).nullish(),
  subject: z.string().max(2000).nullish(),
  body: z.string().max(100_000).nullish(),
  partyId: z.uuid().nullish(),
});
const period = z.object({ opens: z.string().max(5), closes: z.string().max(5) });
const periods = z.array(period).max(12);
const scheduleBody = z.object({
  channel: z.string().min(1).max(40),
  teamId: z.uuid().nullish(),
  alwaysAccepted: z.boolean().optional(),
  weekly: z.record(z.string().max(2), periods),
  autoReply: z.string().max(4000).nullish(),
  alternatives: z.string().max(2000).nullish(),
});
const exceptionBody = z.object({
  day: z.string().max(10),
  channel: z.string().max(40).nullish(),
  teamId: z.uuid().nullish(),
  periods,
  reason: z.string().max(200),
});

export function routingRoutes(app: App, ctx: AppContext) {
  useCalendarOptions(ctx.config.tasks);
  const tags = ['routering'];

  app.get('/routing/rules', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return { results: await listRules(ctx.db) };
  });

  app.get('/routing/rules/:id', { schema: { tags, params: idParams } }, async (req) => {
    authorise(req.actor, 'admin');
    return getRule(ctx.db, req.params.id);
  });

  app.post('/routing/rules', { schema: { tags, body: ruleBody } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    const rule = await createRule(ctx.db, req.body as RuleInput, ctx.clock.now());
    return reply.status(201).send(rule);
  });

  app.patch(
    '/routing/rules/:id',
    { schema: { tags, params: idParams, body: ruleBody.omit({ position: true }).partial() } },
    async (req) => {
      authorise(req.actor, 'admin');
      return updateRule(ctx.db, req.params.id, req.body as Partial<RuleInput>, ctx.clock.now());
    },
  );

  app.delete('/routing/rules/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    await deleteRule(ctx.db, req.params.id, ctx.clock.now());
    return reply.status(204).send();
  });

  app.put(
    '/routing/rules/order',
    { schema: { tags, body: z.object({ ids: z.array(z.uuid()).max(1000) }) } },
    async (req) => {
      authorise(req.actor, 'admin');
      return { results: await reorderRules(ctx.db, req.body.ids, ctx.clock.now()) };
    },
  );

  // "Waar zou dit bericht heen gaan?" A read: nothing is stored but the processing-log entry.
  app.post('/routing/test', { schema: { tags, body: testBody } }, async (req) => {
    authorise(req.actor, 'admin');
    const msg = req.body;
    const decision = await routeInbound(ctx.db, msg);
    if (msg.partyId) await logRead(ctx.db, msg.partyId, { ...readContext(req), purpose: 'routering testen' });
    const rule = decision.ruleId ? await getRule(ctx.db, decision.ruleId) : null;
    const team = await findTeam(ctx.db, decision.teamId);
    return {
      decision,
      team,
      rule: rule ? { id: rule.id, name: rule.name, position: rule.position } : null,
      explanation: rule
        ? `Regel ${rule.position} "${rule.name}" past: het bericht gaat naar ${rule.team.name}.`
        : 'Geen regel past: het bericht gaat naar het KCC.',
    };
  });

  app.get('/opening-hours', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return listOpeningHours(ctx.db, ctx.clock.now());
  });

  app.put('/opening-hours', { schema: { tags, body: scheduleBody } }, async (req) => {
    authorise(req.actor, 'admin');
    return saveSchedule(ctx.db, req.body, ctx.clock.now());
  });

  app.delete('/opening-hours/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    await removeSchedule(ctx.db, req.params.id);
    return reply.status(204).send();
  });

  app.post('/opening-hours/exceptions', { schema: { tags, body: exceptionBody } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await addException(ctx.db, req.body));
  });

  app.delete('/opening-hours/exceptions/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    await removeException(ctx.db, req.params.id);
    return reply.status(204).send();
  });

  // Public: a website shows the hours; no login, no personal data.
  app.get(
    '/public/opening-hours',
    { schema: { tags, querystring: z.object({ channel: z.string().min(1).max(40) }) } },
    async (req) => publicOpeningHours(ctx.db, req.query.channel, ctx.clock.now()),
  );

  app.get(
    '/routing/status',
    {
      schema: {
        tags,
        querystring: z.object({ channel: z.string().min(1).max(40), teamId: z.uuid().optional() }),
      },
    },
    async (req) => {
      requireActor(req.actor);
      return openingStatus(
        ctx.db,
        { channel: req.query.channel, teamId: req.query.teamId ?? null },
        ctx.clock.now(),
      );
    },
  );
}
