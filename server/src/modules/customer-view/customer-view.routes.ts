import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { viewParams, viewQuery } from './customer-view.schemas.ts';
import { getCustomerView } from './customer-view.service.ts';

export function customerViewRoutes(app: App, ctx: AppContext) {
  app.get(
    '/parties/:id/view',
    {
      schema: {
        tags: ['klantbeeld'],
        summary: 'Integraal klantbeeld: de partij en een tijdlijn van alles over haar, nieuwste eerst',
        params: viewParams,
        querystring: viewQuery,
      },
    },
    async (req) => {
      authorise(req.actor, 'parties:read');
      const { channel, kind, cursor, limit } = req.query;
      const view = await getCustomerView(
        ctx.db,
        req.params.id,
        { channels: channel, kinds: kind, cursor, limit },
        readContext(req),
      );
      return {
        party: view.party,
        timeline: {
          items: view.timeline.items.map((i) => ({ ...i, at: i.at.toISOString() })),
          nextCursor: view.timeline.nextCursor,
        },
      };
    },
  );
}
