// /vertegenwoordigingen: one partij acts for another (a guardian, an authorised representative).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import {
  created,
  fkInput,
  pageOf,
  pageQuery,
  paginated,
  queryUrl,
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import {
  listRepresentations,
  type Representation,
  removeRow,
  saveRepresentation,
} from './party-links.repo.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const input = z.object({ vertegenwoordigendePartij: fkInput, vertegenwoordigdePartij: fkInput });
const patch = input.partial();
const listQuery = z.object({
  ...pageQuery,
  vertegenwoordigdePartij__uuid: z.uuid().optional(),
  vertegenwoordigdePartij__url: queryUrl,
  vertegenwoordigendePartij__uuid: z.uuid().optional(),
  vertegenwoordigendePartij__url: queryUrl,
});

const toVertegenwoordiging = (u: Urls, r: Representation) => ({
  uuid: r.id,
  url: u.url('vertegenwoordigingen', r.id),
  vertegenwoordigendePartij: u.fk('partijen', r.representingPartyId),
  vertegenwoordigdePartij: u.fk('partijen', r.representedPartyId),
});

export function vertegenwoordigingenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (id: string) => {
    const [r] = (await listRepresentations(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!r) throw notFound('Vertegenwoordiging');
    return r;
  };

  app.get('/vertegenwoordigingen', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const q = req.query;
    const page = pageOf(q);
    const represented = q.vertegenwoordigdePartij__uuid ?? q.vertegenwoordigdePartij__url;
    const representing = q.vertegenwoordigendePartij__uuid ?? q.vertegenwoordigendePartij__url;
    const found = await listRepresentations(
      ctx.db,
      {
        represented: represented ? [represented] : undefined,
        representing: representing ? [representing] : undefined,
      },
      page,
    );
    return paginated(
      ctx,
      req,
      page,
      found.count,
      found.items.map((r) => toVertegenwoordiging(u, r)),
    );
  });

  app.get('/vertegenwoordigingen/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'parties:read');
    return toVertegenwoordiging(u, await one(req.params.uuid));
  });

  const save = async (id: string, b: z.infer<typeof patch>, current?: Representation) => {
    const row: Representation = {
      id,
      representingPartyId: b.vertegenwoordigendePartij?.uuid ?? (current?.representingPartyId as string),
      representedPartyId: b.vertegenwoordigdePartij?.uuid ?? (current?.representedPartyId as string),
    };
    if (row.representingPartyId === row.representedPartyId)
      throw invalid('vertegenwoordigdePartij', 'Een partij kan zichzelf niet vertegenwoordigen.');
    try {
      await saveRepresentation(ctx.db, row);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '23503')
        throw unprocessable('vertegenwoordigdePartij', 'Een van de partijen bestaat niet.');
      if (code === '23505') throw conflict('Deze vertegenwoordiging bestaat al.', 'vertegenwoordigdePartij');
      throw err;
    }
    return toVertegenwoordiging(u, row);
  };

  app.post('/vertegenwoordigingen', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    return created(reply, await save(randomUUID(), req.body));
  });
  updateRoutes(
    app,
    '/vertegenwoordigingen',
    'parties:write',
    { put: input, patch: patch },
    async (id, body) => save(id, body, await one(id)),
  );
  deleteRoute(app, '/vertegenwoordigingen', 'parties:write', async (id) => {
    await removeRow(ctx.db, 'ki_representations', id, 'Vertegenwoordiging');
  });
}
