// The team queues for employees, with live updates on `team:<id>`.
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import {
  claimItem,
  completeItem,
  listQueueItems,
  listQueues,
  type QueueItem,
  releaseItem,
} from './queues.service.ts';

const tags = ['wachtrijen'];

export function queuesRoutes(app: App, ctx: AppContext) {
  const announce = (type: string, item: QueueItem) =>
    ctx.realtime.publish(`team:${item.teamId}`, { type, data: item });

  app.get(
    '/queues',
    { schema: { tags, querystring: z.object({ all: z.enum(['true', 'false']).optional() }) } },
    async (req) => {
      const actor = authorise(req.actor, 'contacts:read');
      return { results: await listQueues(ctx.db, actor, { all: req.query.all === 'true' }) };
    },
  );

  app.get(
    '/queues/:teamId/items',
    { schema: { tags, params: z.object({ teamId: z.string().min(1).max(100) }) } },
    async (req) => {
      authorise(req.actor, 'contacts:read');
      return listQueueItems(ctx.db, req.params.teamId, { ...readContext(req), at: ctx.clock.now() });
    },
  );

  const itemParams = z.object({ id: z.uuid() });
  app.post('/queues/items/:id/claim', { schema: { tags, params: itemParams } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:write');
    const item = await claimItem(ctx.db, actor, req.params.id, ctx.clock.now());
    announce('queue.claimed', item);
    return item;
  });

  app.post('/queues/items/:id/release', { schema: { tags, params: itemParams } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:read');
    const item = await releaseItem(ctx.db, actor, req.params.id);
    announce('queue.released', item);
    return item;
  });

  app.post('/queues/items/:id/done', { schema: { tags, params: itemParams } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:write');
    const item = await completeItem(ctx.db, actor, req.params.id, ctx.clock.now());
    announce('queue.done', item);
    return item;
  });
}
