// /internetaken: the tasks module's tasks (callback requests, follow-ups) under the same uuid.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { listContactPage } from '../../modules/contacts/contacts.listing.ts';
import { getTaskCards, listTaskPage, updateTaskText } from '../../modules/tasks/tasks.listing.ts';
import type { OwnerRef } from '../../modules/tasks/tasks.schemas.ts';
import { cancelTask, completeTask, createTask, reassignTasks } from '../../modules/tasks/tasks.service.ts';
import { type Actor, authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { actorDirectory } from './actoren.mapper.ts';
import { contactIdsByReferenceNumber } from './extras.repo.ts';
import {
  created,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  queryUrl,
  readLogged,
  urls,
  uuidParam,
} from './http.ts';
import {
  asInterneTaak,
  type InterneTaakInput,
  interneTaakInput,
  interneTaakPatch,
  isInterneTaak,
  loadInterneTaken,
  servedStatuses,
  statusesOf,
  toInterneTaak,
} from './internetaken.mapper.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const listQuery = z.object({
  ...pageQuery,
  aanleidinggevendKlantcontact__uuid: z.uuid().optional(),
  aanleidinggevendKlantcontact__url: queryUrl,
  actoren__naam: queryText,
  klantcontact__nummer: queryText,
  klantcontact__referentienummer: queryText,
  klantcontact__uuid: z.uuid().optional(),
  nummer: queryText,
  referentienummer: queryText,
  status: z.enum(['te_verwerken', 'verwerkt']).optional(),
  toegewezenAanActor__uuid: z.uuid().optional(),
  toegewezenAanActor__url: queryUrl,
  toegewezenOp: z.iso.datetime({ offset: true }).optional(),
});

/** A Loket task has one owner: the one actor it is toegewezen aan, which must be an employee, team or department. */
async function ownerOf(db: Db, b: InterneTaakInput): Promise<OwnerRef | undefined> {
  const actors: { uuid: string }[] | undefined =
    b.toegewezenAanActoren ?? (b.toegewezenAanActor ? [b.toegewezenAanActor] : undefined);
  if (!actors || actors.length === 0) return undefined;
  if (new Set(actors.map((a) => a.uuid)).size > 1)
    throw invalid(
      'toegewezenAanActoren',
      'Een interne taak heeft in Loket één behandelaar: een medewerker, team of afdeling.',
    );
  const uuid = (actors[0] as { uuid: string }).uuid;
  const [actor] = await actorDirectory(db, [uuid]);
  if (!actor) throw unprocessable('toegewezenAanActoren.0.uuid', `Onbekende actor '${uuid}'.`);
  if (!actor.owner)
    throw unprocessable(
      'toegewezenAanActoren.0.uuid',
      'Deze actor kan in Loket geen taken behandelen; kies een medewerker, team of afdeling.',
    );
  return { kind: actor.owner.kind, id: actor.owner.id };
}

export function internetakenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const current = async (db: Db, id: string) => {
    const [t] = (await getTaskCards(db, [id])).filter(isInterneTaak);
    if (!t) throw notFound('Interne taak');
    return t;
  };

  app.get('/internetaken', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'tasks:read');
    const q = req.query;
    const page = pageOf(q);
    return readLogged(ctx, req, async (trx) => {
      const contact =
        q.aanleidinggevendKlantcontact__uuid ?? q.aanleidinggevendKlantcontact__url ?? q.klantcontact__uuid;
      let contactIds = contact ? [contact] : undefined;
      const narrow = (found: string[]) => {
        contactIds = contactIds ? contactIds.filter((c) => found.includes(c)) : found;
      };
      if (q.klantcontact__nummer) {
        const found = await listContactPage(
          trx,
          { number: q.klantcontact__nummer, includeConfidential: true },
          { offset: 0, limit: 1000 },
        );
        narrow(found.items);
      }
      if (q.klantcontact__referentienummer)
        narrow(await contactIdsByReferenceNumber(trx, q.klantcontact__referentienummer));
      const actorId = q.toegewezenAanActor__uuid ?? q.toegewezenAanActor__url;
      let owners: { kind: 'employee' | 'team' | 'department'; id: string }[] | undefined;
      if (actorId || q.actoren__naam) {
        const actors = await actorDirectory(trx, actorId ? [actorId] : undefined);
        owners = actors
          .filter((a) => !q.actoren__naam || a.name === q.actoren__naam)
          .flatMap((a) => (a.owner ? [a.owner] : []));
      }
      const number = q.nummer ?? q.referentienummer;
      const found = await listTaskPage(
        trx,
        {
          fromContact: true,
          statuses: q.status ? statusesOf[q.status] : servedStatuses,
          contactIds,
          owners,
          numbers: number ? [number] : undefined,
          assignedAt: q.toegewezenOp ? new Date(q.toegewezenOp) : undefined,
        },
        page,
      );
      const cards = await getTaskCards(trx, found.items);
      return {
        result: paginated(
          ctx,
          req,
          page,
          found.count,
          cards.map((t) => toInterneTaak(u, t)),
        ),
        partyIds: cards.map((t) => t.partyId),
      };
    });
  });

  app.get('/internetaken/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'tasks:read');
    return readLogged(ctx, req, async (trx) => {
      const t = await current(trx, req.params.uuid);
      return { result: toInterneTaak(u, t), partyIds: [t.partyId] };
    });
  });

  app.post('/internetaken', { schema: { body: interneTaakInput } }, async (req, reply) => {
    const actor = authorise(req.actor, 'tasks:write');
    const b = req.body;
    const result = await asInterneTaak(() =>
      ctx.db.transaction().execute(async (trx) => {
        const owner = await ownerOf(trx, b);
        const task = await createTask(
          trx,
          {
            kind: 'task',
            subject: b.gevraagdeHandeling,
            description: b.toelichting ?? '',
            contactId: b.aanleidinggevendKlantcontact.uuid,
            ...(owner ? { owner } : {}),
          },
          actor,
          ctx.clock,
          ctx.config.tasks,
        );
        if (b.status === 'verwerkt') await complete(trx, task.id, actor);
        return (await loadInterneTaken(trx, u, [task.id]))[0];
      }),
    );
    return created(reply, result as NonNullable<typeof result>);
  });

  // Loket completes a task with a result; the standard has none, so an internetaak set to
  // 'verwerkt' is completed as answered.
  const complete = (db: Db, id: string, actor: Actor) =>
    completeTask(db, id, { result: 'reached_answered' }, actor, ctx.clock);

  const update = (id: string, b: InterneTaakInput, actor: Actor) =>
    asInterneTaak(() =>
      ctx.db.transaction().execute(async (trx) => {
        const t = await current(trx, id);
        if (b.aanleidinggevendKlantcontact && b.aanleidinggevendKlantcontact.uuid !== t.contactId)
          throw invalid(
            'aanleidinggevendKlantcontact',
            'Het klantcontact waaruit een interne taak voortkwam kan niet worden gewijzigd.',
          );
        await updateTaskText(
          trx,
          id,
          { subject: b.gevraagdeHandeling, description: b.toelichting },
          actor,
          ctx.clock,
        );
        const owner = await ownerOf(trx, b);
        if (owner && (owner.kind !== t.owner.kind || owner.id !== t.owner.id))
          await reassignTasks(trx, [id], owner, actor, ctx.clock);
        if (b.status === 'verwerkt' && t.status !== 'done') await complete(trx, id, actor);
        if (b.status === 'te_verwerken' && t.status === 'done')
          throw conflict(
            'Een verwerkte interne taak kan niet terug naar te_verwerken; maak een nieuwe.',
            'status',
          );
        return toInterneTaak(u, await current(trx, id));
      }),
    );
  updateRoutes(
    app,
    '/internetaken',
    'tasks:write',
    { put: interneTaakInput, patch: interneTaakPatch },
    update,
  );

  // Loket keeps every task's history: deleting an internetaak cancels the task, after which it is
  // no longer an internetaak. A verwerkte taak stays (409).
  deleteRoute(app, '/internetaken', 'tasks:write', (id, actor) =>
    ctx.db.transaction().execute(async (trx) => {
      await current(trx, id);
      await cancelTask(trx, id, 'Verwijderd via de Klantinteracties API', actor, ctx.clock);
    }),
  );
}
