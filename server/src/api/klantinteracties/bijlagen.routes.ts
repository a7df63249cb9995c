// /bijlagen: the files attached to a contact in Loket (read-only here; they are uploaded and kept
// by the contacts module), and references to documents in other registers (stored by this API).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { listAttachmentPage } from '../../modules/contacts/contacts.listing.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import {
  type AttachmentRef,
  deleteAttachmentRef,
  listAttachmentRefs,
  saveAttachmentRef,
} from './bijlagen.repo.ts';
import {
  created,
  fkInputNullable,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import { identificatorInput } from './onderwerpobjecten.mapper.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

/** How a Loket file is identified: its own uuid in the 'loket' register. */
const fileCodes = { codeObjecttype: 'bijlage', codeRegister: 'loket', codeSoortObjectId: 'uuid' };

// The same four codes as an onderwerpobjectidentificator.
const input = z.object({
  wasBijlageVanKlantcontact: fkInputNullable,
  bijlageidentificator: identificatorInput,
});
const listQuery = z.object({
  ...pageQuery,
  bijlageidentificatorCodeObjecttype: queryText,
  bijlageidentificatorCodeRegister: queryText,
  bijlageidentificatorCodeSoortObjectId: queryText,
  bijlageidentificatorObjectId: queryText,
  klantcontact__uuid: z.uuid().optional(),
});
type ListQuery = z.infer<typeof listQuery>;

const toFileBijlage = (u: Urls, f: { id: string; contactId: string }) => ({
  uuid: f.id,
  url: u.url('bijlagen', f.id),
  wasBijlageVanKlantcontact: u.fk('klantcontacten', f.contactId),
  bijlageidentificator: { objectId: f.id, ...fileCodes },
});
const toRefBijlage = (u: Urls, r: AttachmentRef) => ({
  uuid: r.id,
  url: u.url('bijlagen', r.id),
  wasBijlageVanKlantcontact: u.fkOrNull('klantcontacten', r.contactId),
  bijlageidentificator:
    r.objectId || r.objectType || r.register || r.idKind
      ? {
          objectId: r.objectId ?? '',
          codeObjecttype: r.objectType ?? '',
          codeRegister: r.register ?? '',
          codeSoortObjectId: r.idKind ?? '',
        }
      : null,
});

/** Whether Loket's own files can match the identificator filters at all. */
const filesMatch = (q: ListQuery) =>
  (!q.bijlageidentificatorCodeObjecttype ||
    q.bijlageidentificatorCodeObjecttype === fileCodes.codeObjecttype) &&
  (!q.bijlageidentificatorCodeRegister || q.bijlageidentificatorCodeRegister === fileCodes.codeRegister) &&
  (!q.bijlageidentificatorCodeSoortObjectId ||
    q.bijlageidentificatorCodeSoortObjectId === fileCodes.codeSoortObjectId);

/** Files first, then references, as one paged list. */
export async function listBijlagen(db: Db, u: Urls, q: ListQuery, page: { offset: number; limit: number }) {
  const contactIds = q.klantcontact__uuid ? [q.klantcontact__uuid] : undefined;
  const fileFilter = {
    ids: q.bijlageidentificatorObjectId ? [q.bijlageidentificatorObjectId] : undefined,
    contactIds,
  };
  const files = filesMatch(q)
    ? await listAttachmentPage(db, fileFilter, page)
    : { count: 0, items: [] as { id: string; contactId: string }[] };
  const refOffset = Math.max(0, page.offset - files.count);
  const refs = await listAttachmentRefs(
    db,
    {
      contactIds,
      objectId: q.bijlageidentificatorObjectId,
      objectType: q.bijlageidentificatorCodeObjecttype,
      register: q.bijlageidentificatorCodeRegister,
      idKind: q.bijlageidentificatorCodeSoortObjectId,
    },
    { offset: refOffset, limit: Math.max(page.limit - files.items.length, 0) || 1 },
  );
  const results = [
    ...files.items.map((f) => toFileBijlage(u, f)),
    ...refs.items.slice(0, page.limit - files.items.length).map((r) => toRefBijlage(u, r)),
  ];
  return { count: files.count + refs.count, results };
}

/** Bijlagen by id (files or references), in the order of `ids`. */
export async function loadBijlagen(db: Db, u: Urls, ids: string[]) {
  const all = { offset: 0, limit: 10_000 };
  const [files, refs] = await Promise.all([
    listAttachmentPage(db, { ids }, all),
    listAttachmentRefs(db, { ids: ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i)) }, all),
  ]);
  const out = new Map<string, ReturnType<typeof toFileBijlage> | ReturnType<typeof toRefBijlage>>();
  for (const f of files.items) out.set(f.id, toFileBijlage(u, f));
  for (const r of refs.items) out.set(r.id, toRefBijlage(u, r));
  return ids.flatMap((id) => {
    const b = out.get(id);
    return b ? [b] : [];
  });
}

export function bijlagenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const isFile = async (id: string) =>
    (await listAttachmentPage(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).count > 0;
  const readOnly = () =>
    conflict(
      'Een bestand dat in Loket is geüpload wordt in de app beheerd en kan hier niet worden gewijzigd.',
      'uuid',
    );

  app.get('/bijlagen', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const page = pageOf(req.query);
    const { count, results } = await listBijlagen(ctx.db, u, req.query, page);
    return paginated(ctx, req, page, count, results);
  });

  app.get('/bijlagen/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const [b] = await loadBijlagen(ctx.db, u, [req.params.uuid]);
    if (!b) throw notFound('Bijlage');
    return b;
  });

  const save = async (id: string, b: Partial<z.infer<typeof input>>, current?: AttachmentRef) => {
    const i = b.bijlageidentificator === undefined ? undefined : b.bijlageidentificator;
    const row: AttachmentRef = {
      id,
      contactId:
        b.wasBijlageVanKlantcontact !== undefined
          ? (b.wasBijlageVanKlantcontact?.uuid ?? null)
          : (current?.contactId ?? null),
      objectId: i === undefined ? (current?.objectId ?? null) : i?.objectId || null,
      objectType: i === undefined ? (current?.objectType ?? null) : i?.codeObjecttype || null,
      register: i === undefined ? (current?.register ?? null) : i?.codeRegister || null,
      idKind: i === undefined ? (current?.idKind ?? null) : i?.codeSoortObjectId || null,
    };
    try {
      await saveAttachmentRef(ctx.db, row);
    } catch (err) {
      if ((err as { code?: string }).code === '23503')
        throw unprocessable('wasBijlageVanKlantcontact', `Onbekend klantcontact '${row.contactId}'.`);
      throw err;
    }
    return toRefBijlage(u, row);
  };
  const currentRef = async (id: string) => {
    if (await isFile(id)) throw readOnly();
    const [r] = (await listAttachmentRefs(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!r) throw notFound('Bijlage');
    return r;
  };

  app.post('/bijlagen', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    return created(reply, await save(randomUUID(), req.body));
  });
  updateRoutes(app, '/bijlagen', 'contacts:write', { put: input, patch: input.partial() }, async (id, body) =>
    save(id, body, await currentRef(id)),
  );
  deleteRoute(app, '/bijlagen', 'contacts:write', async (id) => {
    await currentRef(id);
    await deleteAttachmentRef(ctx.db, id);
  });
}
