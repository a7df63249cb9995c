// SQL for ki_attachment_refs: bijlagen that point at a document in another register (a DMS, a
// zaaksysteem). Files uploaded in Loket are the contacts module's attachments.
import type { Db } from '../../db/connect.ts';
import { pageWithTotal } from '../../db/paging.ts';

export type AttachmentRef = {
  id: string;
  contactId: string | null;
  objectId: string | null;
  objectType: string | null;
  register: string | null;
  idKind: string | null;
};
export type AttachmentRefFilter = {
  ids?: string[];
  contactIds?: string[];
  objectId?: string;
  objectType?: string;
  register?: string;
  idKind?: string;
};

export async function listAttachmentRefs(
  db: Db,
  f: AttachmentRefFilter,
  page: { offset: number; limit: number },
) {
  if (f.ids?.length === 0 || f.contactIds?.length === 0) return { count: 0, items: [] as AttachmentRef[] };
  let q = db.selectFrom('ki_attachment_refs');
  if (f.ids) q = q.where('id', 'in', f.ids);
  if (f.contactIds) q = q.where('contact_id', 'in', f.contactIds);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.register) q = q.where('register', '=', f.register);
  if (f.idKind) q = q.where('id_kind', '=', f.idKind);
  const [total, rows] = await pageWithTotal(
    page,
    () => q.selectAll().orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return {
    count: total,
    items: rows.map(
      (r): AttachmentRef => ({
        id: r.id,
        contactId: r.contact_id,
        objectId: r.object_id,
        objectType: r.object_type,
        register: r.register,
        idKind: r.id_kind,
      }),
    ),
  };
}

export async function saveAttachmentRef(db: Db, a: AttachmentRef) {
  const values = {
    contact_id: a.contactId,
    object_id: a.objectId,
    object_type: a.objectType,
    register: a.register,
    id_kind: a.idKind,
  };
  await db
    .insertInto('ki_attachment_refs')
    .values({ id: a.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function deleteAttachmentRef(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('ki_attachment_refs').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
