// MijnGemeente: the resident portal's API under /api/v1/mijn. Residents log in with DigiD or
// eHerkenning (through an OIDC broker; the development IdP at /dev-idp by default) and see only
// their own contacts, callback requests, cases and notifications.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import type { ResidentActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { findPartyIdByIdentifier, getParty, partyIdsForTimeline } from '../parties/parties.service.ts';
import { finishResidentLogin, startResidentLogin } from './portal.oidc.ts';
import * as portal from './portal.service.ts';
import { idleLimitMs, requireResident, residentSession } from './portal.session.ts';
import { preferencesRoutes } from './preferences.routes.ts';

const tags = ['mijn'];

const questionBody = z.strictObject({
  subject: z.string().trim().min(1, 'Vul een onderwerp in.').max(200),
  question: z.string().trim().min(1, 'Vul uw vraag in.').max(5000),
  callback: z
    .strictObject({ channel: z.enum(['phone', 'email']), address: z.string().trim().min(3).max(320) })
    .optional(),
});

export function portalRoutes(app: App, ctx: AppContext) {
  app.get('/mijn/auth/config', { schema: { tags } }, async () => ({
    enabled: !!ctx.config.resident,
    devIdp: !!ctx.config.resident?.devIdp,
    loginUrl: ctx.config.resident ? '/api/v1/mijn/auth/login' : null,
    idleMinutes: idleLimitMs / 60_000,
  }));

  app.get(
    '/mijn/auth/login',
    { schema: { tags, querystring: z.object({ returnTo: z.string().max(500).optional() }) } },
    async (req, reply) => {
      const { url, pending } = await startResidentLogin(ctx.config, req.query.returnTo, ctx.clock.now());
      req.session.set('residentLogin', pending);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/mijn/auth/callback',
    { schema: { tags, querystring: z.record(z.string(), z.string().max(4000)) } },
    async (req, reply) => {
      const pending = req.session.get('residentLogin');
      req.session.set('residentLogin', undefined);
      const now = ctx.clock.now();
      const { claims, name, returnTo } = await finishResidentLogin(ctx.config, req.query, pending, now);
      const partyId = await findPartyIdByIdentifier(
        ctx.db,
        claims.kind === 'bsn' ? 'bsn' : 'kvk_nummer',
        claims.value,
      );
      const partyIds = partyId ? await partyIdsForTimeline(ctx.db, partyId) : [];
      const party = partyId ? await getParty(ctx.db, partyId) : null;
      // A fresh session: no employee login and no earlier resident carries over into it.
      req.session.regenerate();
      req.session.set('resident', {
        partyId,
        partyIds,
        kind: claims.kind,
        name: party?.displayName ?? name ?? (claims.kind === 'bsn' ? 'Inwoner' : 'Bedrijf'),
        lastSeenAt: now.getTime(),
      });
      return reply.redirect(returnTo, 302);
    },
  );

  app.post('/mijn/auth/logout', { schema: { tags } }, async (req, reply) => {
    req.session.set('resident', undefined);
    req.session.set('residentLogin', undefined);
    return reply.status(204).send();
  });

  app.get('/mijn/me', { schema: { tags } }, async (req) => {
    const s = residentSession(ctx, req);
    if (!s) return { loggedIn: false as const };
    return {
      loggedIn: true as const,
      name: s.name,
      kind: s.kind,
      known: s.partyId !== null,
      idleMinutes: 15,
    };
  });

  app.get('/mijn/overview', { schema: { tags } }, async (req) => {
    const r = requireResident(ctx, req);
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const [cases, callbacks, contacts, notifications] = [
        await portal.cases(trx, r, now),
        await portal.callbacks(trx, r, now),
        await portal.contacts(trx, r, now),
        await portal.notifications(trx, r, now),
      ];
      return { name: r.name, kind: r.session.kind, cases, callbacks, contacts, notifications };
    });
  });

  const list = (path: string, fn: (db: Db, r: ResidentActor, now: Date) => Promise<unknown[]>) =>
    app.get(`/mijn/${path}`, { schema: { tags } }, async (req) => {
      const r = requireResident(ctx, req);
      return { items: await ctx.db.transaction().execute((trx) => fn(trx, r, ctx.clock.now())) };
    });
  list('contacts', portal.contacts);
  list('notifications', portal.notifications);
  list('callbacks', portal.callbacks);
  list('cases', portal.cases);

  const idParam = z.object({ id: z.string().max(1000) });
  app.get('/mijn/contacts/:id', { schema: { tags, params: idParam } }, async (req) => {
    const r = requireResident(ctx, req);
    return ctx.db.transaction().execute((trx) => portal.contact(trx, r, req.params.id, ctx.clock.now()));
  });
  app.get('/mijn/cases/:id', { schema: { tags, params: idParam } }, async (req) => {
    const r = requireResident(ctx, req);
    return ctx.db.transaction().execute((trx) => portal.caseDetails(trx, r, req.params.id, ctx.clock.now()));
  });

  app.post('/mijn/questions', { schema: { tags, body: questionBody } }, async (req, reply) => {
    const r = requireResident(ctx, req);
    const result = await portal.askQuestion(ctx.db, ctx.config, r, req.body, ctx.clock);
    return reply.status(201).send(result);
  });

  preferencesRoutes(app, ctx); // digital addresses, channel per kind of message, language
}
