import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { searchQuery, searchResponse } from './search.schemas.ts';
import { search } from './search.service.ts';

export function searchRoutes(app: App, ctx: AppContext) {
  app.get(
    '/search',
    {
      schema: {
        tags: ['zoeken'],
        summary: 'Eén zoekvak: BSN, KvK, postcode + huisnummer, telefoon, e-mail, naam of vrije tekst',
        querystring: searchQuery,
        response: { 200: searchResponse },
      },
    },
    async (req) => {
      authorise(req.actor, 'parties:read');
      const { q, page, pageSize, limit } = req.query;
      return search(ctx.db, { q, page, pageSize: pageSize ?? limit }, readContext(req));
    },
  );
}
