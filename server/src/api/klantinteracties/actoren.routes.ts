// /actoren: medewerkers, organisatorische eenheden and geautomatiseerde actoren.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import {
  type ActorEntry,
  type ActorInput,
  actorDirectory,
  actorInput,
  actorPatch,
  actorRowOf,
  findLoketActor,
  toActor,
} from './actoren.mapper.ts';
import { deleteActorRow, saveActorRow } from './actors.repo.ts';
import { created, pageOf, pageQuery, paginated, queryBool, queryText, urls, uuidParam } from './http.ts';
import { updateRoutes } from './resource-routes.ts';

const listQuery = z.object({
  ...pageQuery,
  actoridentificatorCodeObjecttype: queryText,
  actoridentificatorCodeRegister: queryText,
  actoridentificatorCodeSoortObjectId: queryText,
  actoridentificatorObjectId: queryText,
  indicatieActief: queryBool,
  naam: queryText,
  soortActor: z.enum(['medewerker', 'geautomatiseerde_actor', 'organisatorische_eenheid']).optional(),
});
type ListQuery = z.infer<typeof listQuery>;

function matches(a: ActorEntry, q: ListQuery) {
  const i = a.identificator;
  const objectId = q.actoridentificatorObjectId?.toLowerCase();
  return (
    (!q.soortActor || a.kind === q.soortActor) &&
    (q.indicatieActief === undefined || a.active === q.indicatieActief) &&
    (!q.naam || a.name === q.naam) &&
    (!objectId || i?.objectId.toLowerCase() === objectId || a.aliases.includes(objectId)) &&
    (!q.actoridentificatorCodeObjecttype || i?.codeObjecttype === q.actoridentificatorCodeObjecttype) &&
    (!q.actoridentificatorCodeRegister || i?.codeRegister === q.actoridentificatorCodeRegister) &&
    (!q.actoridentificatorCodeSoortObjectId || i?.codeSoortObjectId === q.actoridentificatorCodeSoortObjectId)
  );
}

const byName = (a: ActorEntry, b: ActorEntry) =>
  a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id);

export function actorenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (id: string) => {
    const [a] = await actorDirectory(ctx.db, [id]);
    if (!a) throw notFound('Actor');
    return a;
  };

  app.get('/actoren', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const q = req.query;
    const page = pageOf(q);
    const all = (await actorDirectory(ctx.db)).filter((a) => matches(a, q)).sort(byName);
    const items = all.slice(page.offset, page.offset + page.limit);
    return paginated(
      ctx,
      req,
      page,
      all.length,
      items.map((a) => toActor(u, a)),
    );
  });

  app.get('/actoren/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    return toActor(u, await one(req.params.uuid));
  });

  // A medewerker or organisatorische eenheid that Loket knows (by username, e-mail, team code or
  // name) becomes that employee or team, so tasks assigned to it land in the right work queue.
  app.post('/actoren', { schema: { body: actorInput } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    const link = findLoketActor(await actorDirectory(ctx.db), req.body);
    const id = link?.id ?? randomUUID();
    await saveActorRow(ctx.db, actorRowOf(id, req.body, link, link));
    return created(reply, toActor(u, await one(id)));
  });

  const update = async (id: string, body: ActorInput) => {
    const current = await one(id);
    if (body.soortActor && body.soortActor !== current.kind)
      throw invalid('soortActor', 'De soort actor kan niet worden gewijzigd.');
    await saveActorRow(ctx.db, actorRowOf(id, body, current, undefined));
    return toActor(u, await one(id));
  };
  updateRoutes(app, '/actoren', 'contacts:write', { put: actorInput, patch: actorPatch }, update);

  app.delete('/actoren/:uuid', { schema: { params: uuidParam } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    const current = await one(req.params.uuid);
    if (current.owner)
      throw conflict(
        'Medewerkers, teams en afdelingen worden in Loket beheerd; zet indicatieActief op false.',
        'uuid',
      );
    await deleteActorRow(ctx.db, current.id);
    return reply.status(204).send();
  });
}
