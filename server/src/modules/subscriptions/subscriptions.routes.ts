// Subscriptions: the resident's topics under /api/v1/mijn (resident session, see modules/portal) and
// the employees' topics and announcements.
import type { Db } from '../../db/connect.ts';
import { authorise, requireActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid } from '../../platform/errors.ts';
import { requireResident } from '../portal/portal.session.ts';
import {
  announcementBody,
  announcementsQuery,
  idempotencyKey,
  idParam,
  subscribeBody,
} from './subscriptions.schemas.ts';
import * as subscriptions from './subscriptions.service.ts';

const mijn = ['mijn'];
const tags = ['abonnementen'];

export function subscriptionsRoutes(app: App, ctx: AppContext) {
  const inTransaction = <T>(fn: (trx: Db) => Promise<T>) => ctx.db.transaction().execute(fn);

  app.get('/mijn/topics', { schema: { tags: mijn } }, async (req) => {
    const r = requireResident(ctx, req);
    return inTransaction((trx) => subscriptions.topicsForResident(trx, r));
  });

  app.get('/mijn/subscriptions', { schema: { tags: mijn } }, async (req) => {
    const r = requireResident(ctx, req);
    const items = await inTransaction((trx) =>
      subscriptions.subscriptionsOfResident(trx, r, ctx.clock.now()),
    );
    return { items };
  });

  app.post('/mijn/subscriptions', { schema: { tags: mijn, body: subscribeBody } }, async (req, reply) => {
    const r = requireResident(ctx, req);
    const { subscription, created } = await inTransaction((trx) =>
      subscriptions.subscribe(trx, r, req.body, ctx.clock.now()),
    );
    return reply.status(created ? 201 : 200).send(subscription);
  });

  app.delete('/mijn/subscriptions/:id', { schema: { tags: mijn, params: idParam } }, async (req, reply) => {
    const r = requireResident(ctx, req);
    await subscriptions.unsubscribe(ctx.db, r, req.params.id);
    return reply.status(204).send();
  });

  app.get('/subscription-topics', { schema: { tags } }, async (req) => {
    requireActor(req.actor);
    return { items: await subscriptions.topicsWithSubscribers(ctx.db) };
  });

  app.get('/announcements', { schema: { tags, querystring: announcementsQuery } }, async (req) => {
    authorise(req.actor, 'announcements:publish');
    return { items: await subscriptions.listAnnouncements(ctx.db, req.query.limit) };
  });

  app.post('/announcements', { schema: { tags, body: announcementBody } }, async (req, reply) => {
    const actor = authorise(req.actor, 'announcements:publish');
    const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
    if (!key.success) throw invalid('Idempotency-Key', 'Een Idempotency-Key heeft 8 tot 200 tekens.');
    const { id, recipients, created } = await subscriptions.publishAnnouncement(
      ctx.db,
      actor,
      req.body,
      key.data ?? null,
      ctx.clock.now(),
    );
    return reply.status(created ? 201 : 200).send({ id, recipients });
  });
}
