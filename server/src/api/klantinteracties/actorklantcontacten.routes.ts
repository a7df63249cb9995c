// /actorklantcontacten: an actor involved in a klantcontact, beside the employee who registered it.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import { actorDirectory, actorRowOf } from './actoren.mapper.ts';
import {
  type ActorContact,
  deleteActorContact,
  listActorContacts,
  saveActorContact,
  saveActorRow,
} from './actors.repo.ts';
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
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const input = z.object({ actor: fkInput, klantcontact: fkInput });
const patch = input.partial();
const listQuery = z.object({
  ...pageQuery,
  actor__uuid: z.uuid().optional(),
  actor__url: queryUrl,
  klantcontact__uuid: z.uuid().optional(),
  klantcontact__url: queryUrl,
});

const toActorKlantcontact = (u: Urls, a: ActorContact) => ({
  uuid: a.id,
  url: u.url('actorklantcontacten', a.id),
  actor: u.fk('actoren', a.actorId),
  klantcontact: u.fk('klantcontacten', a.contactId),
});

/** An employee, team or department is an actor without a ki_actors row until it is linked. */
async function ensureActorRow(db: Db, id: string) {
  const [a] = await actorDirectory(db, [id]);
  if (!a) throw unprocessable('actor.uuid', `Onbekende actor '${id}'.`);
  if (!a.row) await saveActorRow(db, actorRowOf(id, {}, a, undefined));
}

async function save(db: Db, a: ActorContact) {
  await ensureActorRow(db, a.actorId);
  try {
    await saveActorContact(db, a);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23503') throw unprocessable('klantcontact.uuid', `Onbekend klantcontact '${a.contactId}'.`);
    if (code === '23505') throw conflict('Deze actor is al aan dit klantcontact gekoppeld.', 'actor');
    throw err;
  }
}

export function actorklantcontactenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (db: Db, id: string) => {
    const [a] = (await listActorContacts(db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!a) throw notFound('Actorklantcontact');
    return a;
  };

  app.get('/actorklantcontacten', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const q = req.query;
    const page = pageOf(q);
    const actor = q.actor__uuid ?? q.actor__url;
    const contact = q.klantcontact__uuid ?? q.klantcontact__url;
    const found = await listActorContacts(
      ctx.db,
      { actorIds: actor ? [actor] : undefined, contactIds: contact ? [contact] : undefined },
      page,
    );
    return paginated(
      ctx,
      req,
      page,
      found.count,
      found.items.map((a) => toActorKlantcontact(u, a)),
    );
  });

  app.get('/actorklantcontacten/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    return toActorKlantcontact(u, await one(ctx.db, req.params.uuid));
  });

  app.post('/actorklantcontacten', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    const row = { id: randomUUID(), actorId: req.body.actor.uuid, contactId: req.body.klantcontact.uuid };
    await ctx.db.transaction().execute((trx) => save(trx, row));
    return created(reply, toActorKlantcontact(u, row));
  });

  const update = (id: string, b: z.infer<typeof patch>) =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await one(trx, id);
      const row = {
        id,
        actorId: b.actor?.uuid ?? current.actorId,
        contactId: b.klantcontact?.uuid ?? current.contactId,
      };
      await save(trx, row);
      return toActorKlantcontact(u, row);
    });
  updateRoutes(app, '/actorklantcontacten', 'contacts:write', { put: input, patch: patch }, update);
  deleteRoute(app, '/actorklantcontacten', 'contacts:write', async (id) => {
    if (!(await deleteActorContact(ctx.db, id))) throw notFound('Actorklantcontact');
  });
}
