// App API for the maintained lists: contact reasons and channels. Everyone who is logged in may
// read them (they fill the registration form); only an admin changes them.
import type { z } from 'zod';
import { authorise, requireActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import {
  activeQuery,
  channelParam,
  createReasonInput,
  idParam,
  updateChannelInput,
  updateReasonInput,
} from './contacts.schemas.ts';
import {
  createReason,
  listChannels,
  listReasons,
  updateChannel,
  updateReason,
} from './reference-lists.service.ts';

const activeFilter = (q: z.infer<typeof activeQuery>) =>
  q.active === undefined ? {} : { active: q.active === 'true' };

export function referenceListRoutes(app: App, ctx: AppContext) {
  const tags = ['contactredenen en kanalen'];

  app.get('/contact-reasons', { schema: { tags, querystring: activeQuery } }, async (req) => {
    requireActor(req.actor);
    return { results: await listReasons(ctx.db, activeFilter(req.query)) };
  });

  app.post('/contact-reasons', { schema: { tags, body: createReasonInput } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await createReason(ctx.db, req.body, ctx.clock.now()));
  });

  app.patch(
    '/contact-reasons/:id',
    { schema: { tags, params: idParam, body: updateReasonInput } },
    async (req) => {
      authorise(req.actor, 'admin');
      return updateReason(ctx.db, req.params.id, req.body, ctx.clock.now());
    },
  );

  app.get('/channels', { schema: { tags, querystring: activeQuery } }, async (req) => {
    requireActor(req.actor);
    return { results: await listChannels(ctx.db, activeFilter(req.query)) };
  });

  app.patch(
    '/channels/:code',
    { schema: { tags, params: channelParam, body: updateChannelInput } },
    async (req) => {
      authorise(req.actor, 'admin');
      return updateChannel(ctx.db, req.params.code, req.body);
    },
  );
}
