import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid } from '../../platform/errors.ts';
import { listEntries, type ReadContext } from './processing-log.service.ts';

/** The purpose and endpoint of a read, from the request: header X-Loket-Purpose or ?purpose=. */
export function readContext(req: FastifyRequest): ReadContext {
  const header = req.headers['x-loket-purpose'];
  const query = (req.query as Record<string, unknown> | undefined)?.purpose;
  const purpose = typeof header === 'string' ? header : typeof query === 'string' ? query : null;
  if (!req.actor) throw new Error('readContext needs an authenticated actor');
  return { actor: req.actor, purpose, endpoint: `${req.method} ${req.routeOptions.url ?? req.url}` };
}

const listQuery = z.object({
  party: z.uuid().optional(),
  employee: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export function processingLogRoutes(app: App, ctx: AppContext) {
  app.get(
    '/processing-log',
    { schema: { tags: ['verwerkingenlogging'], querystring: listQuery } },
    async (req) => {
      authorise(req.actor, 'processing-log:read');
      const { party, employee, limit, before } = req.query;
      if (!party && !employee) throw invalid('party', 'Geef een partij (party) of medewerker (employee) op.');
      const rows = await listEntries(ctx.db, { partyId: party, actorId: employee, limit, before });
      return {
        results: rows.map((r) => ({
          id: Number(r.id),
          at: r.at,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorName: r.actor_name,
          onBehalfOf: r.on_behalf_of,
          partyId: r.party_id,
          action: r.action,
          purpose: r.purpose,
          endpoint: r.endpoint,
        })),
      };
    },
  );
}
