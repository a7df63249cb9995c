// /onderwerpobjecten: what a klantcontact was about (the contacts module's contact_subjects).
import { z } from 'zod';
import {
  addSubject,
  deleteContact,
  findSubjects,
  listSubjects,
  removeSubject,
  updateSubject,
} from '../../modules/contacts/contacts.listing.ts';
import { tasksOfContacts } from '../../modules/tasks/tasks.listing.ts';
import { authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { notFound } from '../../platform/errors.ts';
import { subjectKindOf } from './codes.ts';
import { saveSubjectExtras } from './extras.repo.ts';
import {
  created,
  pageOf,
  pageQuery,
  paginated,
  queryBool,
  queryText,
  queryUrl,
  required,
  urls,
  uuidParam,
} from './http.ts';
import {
  loadOnderwerpobjecten,
  mapOnderwerpobjecten,
  type OnderwerpobjectInput,
  onderwerpobjectInput,
  onderwerpobjectPatch,
  subjectOf,
} from './onderwerpobjecten.mapper.ts';
import { updateRoutes } from './resource-routes.ts';

const listQuery = z.object({
  ...pageQuery,
  klantcontact__uuid: z.uuid().optional(),
  klantcontact__url: queryUrl,
  wasKlantcontact__uuid: z.uuid().optional(),
  wasKlantcontact__url: queryUrl,
  onderwerpobjectidentificatorObjectId: queryText,
  onderwerpobjectidentificatorCodeObjecttype: queryText,
  onderwerpobjectidentificatorCodeRegister: queryText,
  onderwerpobjectidentificatorCodeSoortObjectId: queryText,
});

export function onderwerpobjectenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);

  app.get('/onderwerpobjecten', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const q = req.query;
    const page = pageOf(q);
    const contact = q.klantcontact__uuid ?? q.klantcontact__url;
    const was = q.wasKlantcontact__uuid ?? q.wasKlantcontact__url;
    const found = await listSubjects(
      ctx.db,
      {
        contactIds: contact ? [contact] : undefined,
        relatedContactIds: was ? [was] : undefined,
        kind: q.onderwerpobjectidentificatorCodeObjecttype
          ? subjectKindOf(q.onderwerpobjectidentificatorCodeObjecttype)
          : undefined,
        reference: q.onderwerpobjectidentificatorObjectId,
        register: q.onderwerpobjectidentificatorCodeRegister,
        includeConfidential: can(req.actor, 'contacts:confidential'),
      },
      page,
    );
    return paginated(ctx, req, page, found.count, await mapOnderwerpobjecten(ctx.db, u, found.items));
  });

  app.get('/onderwerpobjecten/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const [o] = await loadOnderwerpobjecten(ctx.db, u, [req.params.uuid]);
    if (!o) throw notFound('Onderwerpobject');
    return o;
  });

  app.post('/onderwerpobjecten', { schema: { body: onderwerpobjectInput } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    const body = req.body;
    if (!body.klantcontact) throw required('klantcontact');
    const contactId = body.klantcontact.uuid;
    const result = await ctx.db.transaction().execute(async (trx) => {
      const { subject, extras } = subjectOf(body);
      const s = await addSubject(trx, { contactId, ...subject }, ctx.clock.now());
      await saveSubjectExtras(trx, s.id, extras);
      return (await loadOnderwerpobjecten(trx, u, [s.id]))[0];
    });
    return created(reply, result as NonNullable<typeof result>);
  });

  const update = (uuid: string, body: OnderwerpobjectInput) =>
    ctx.db.transaction().execute(async (trx) => {
      const [current] = await loadOnderwerpobjecten(trx, u, [uuid]);
      if (!current) throw notFound('Onderwerpobject');
      const merged = {
        wasKlantcontact: body.wasKlantcontact !== undefined ? body.wasKlantcontact : current.wasKlantcontact,
        onderwerpobjectidentificator: {
          ...current.onderwerpobjectidentificator,
          ...(body.onderwerpobjectidentificator ?? {}),
        },
      };
      const { subject, extras } = subjectOf(merged);
      await updateSubject(trx, uuid, {
        ...subject,
        ...(body.klantcontact ? { contactId: body.klantcontact.uuid } : {}),
      });
      await saveSubjectExtras(trx, uuid, extras);
      return (await loadOnderwerpobjecten(trx, u, [uuid]))[0];
    });
  updateRoutes(
    app,
    '/onderwerpobjecten',
    'contacts:write',
    { put: onderwerpobjectInput, patch: onderwerpobjectPatch },
    update,
  );

  // The standard's `cascade=true` also deletes the klantcontacten of the subject that no other
  // onderwerpobject refers to, and answers with the ones kept (`behouden`). A contact that led to a
  // task is kept too: Loket does not delete a task's origin.
  app.delete(
    '/onderwerpobjecten/:uuid',
    { schema: { params: uuidParam, querystring: z.object({ cascade: queryBool }) } },
    async (req, reply) => {
      authorise(req.actor, 'contacts:write');
      const behouden = await ctx.db.transaction().execute(async (trx) => {
        const [s] = await findSubjects(trx, [req.params.uuid]);
        if (!s) throw notFound('Onderwerpobject');
        await removeSubject(trx, s.id);
        if (!req.query.cascade) return null;
        const kept: string[] = [];
        for (const contactId of new Set([s.contactId, s.relatedContactId].filter((c): c is string => !!c))) {
          const others = await listSubjects(
            trx,
            { contactIds: [contactId], includeConfidential: true },
            { offset: 0, limit: 1 },
          );
          const pointedAt = await listSubjects(
            trx,
            { relatedContactIds: [contactId], includeConfidential: true },
            { offset: 0, limit: 1 },
          );
          const tasks = await tasksOfContacts(trx, [contactId]);
          if (others.count + pointedAt.count + tasks.length > 0)
            kept.push(u.url('klantcontacten', contactId));
          else await deleteContact(trx, contactId);
        }
        return kept;
      });
      if (behouden === null) return reply.status(204).send();
      return reply.status(200).send({ behouden });
    },
  );
}
