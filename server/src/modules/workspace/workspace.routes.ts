import { z } from 'zod';
import { authorise, requireActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { listTeams, revealBsn } from './workspace.service.ts';

const idParams = z.object({ id: z.uuid() });
const revealBody = z.object({ purpose: z.string().trim().min(1).max(200).optional() }).nullish();

export function workspaceRoutes(app: App, ctx: AppContext) {
  app.post(
    '/parties/:id/reveal-bsn',
    { schema: { tags: ['partijen'], params: idParams, body: revealBody } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      const rc = readContext(req);
      return revealBsn(ctx.db, req.params.id, {
        ...rc,
        purpose: req.body?.purpose ?? rc.purpose,
        at: ctx.clock.now(),
      });
    },
  );

  app.get('/teams', { schema: { tags: ['teams'] } }, async (req) => {
    requireActor(req.actor);
    return { results: await listTeams(ctx.db) };
  });
}
