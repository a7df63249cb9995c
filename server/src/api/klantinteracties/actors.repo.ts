// SQL for the adapter's actor tables: ki_actors (actors Loket does not know as employee, team or
// department, and the standard's extra fields of those it does) and ki_actor_contacts.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { type Paging, pageWithTotal } from '../../db/paging.ts';
import type { KiActorsTable } from './ki.tables.ts';

export type ActorRow = Selectable<KiActorsTable>;

export async function actorRows(db: Db, ids?: string[]): Promise<ActorRow[]> {
  if (ids?.length === 0) return [];
  let q = db.selectFrom('ki_actors').selectAll();
  if (ids) q = q.where('id', 'in', ids);
  return q.execute();
}

export async function saveActorRow(db: Db, row: Omit<ActorRow, 'created_at'>) {
  const { id, ...values } = row;
  await db
    .insertInto('ki_actors')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function deleteActorRow(db: Db, id: string) {
  await db.deleteFrom('ki_actors').where('id', '=', id).execute();
}

// ── Actor ⇄ klantcontact ────────────────────────────────────────────────────

export type ActorContact = { id: string; actorId: string; contactId: string };

export async function listActorContacts(
  db: Db,
  f: { ids?: string[]; actorIds?: string[]; contactIds?: string[] },
  page: Paging,
) {
  for (const list of [f.ids, f.actorIds, f.contactIds])
    if (list?.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('ki_actor_contacts');
  if (f.ids) q = q.where('id', 'in', f.ids);
  if (f.actorIds) q = q.where('actor_id', 'in', f.actorIds);
  if (f.contactIds) q = q.where('contact_id', 'in', f.contactIds);
  const [total, rows] = await pageWithTotal(
    page,
    () =>
      q
        .select(['id', 'actor_id', 'contact_id'])
        .orderBy('created_at')
        .orderBy('id')
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return {
    count: total,
    items: rows.map((r): ActorContact => ({ id: r.id, actorId: r.actor_id, contactId: r.contact_id })),
  };
}

export async function saveActorContact(db: Db, a: ActorContact) {
  const values = { actor_id: a.actorId, contact_id: a.contactId };
  await db
    .insertInto('ki_actor_contacts')
    .values({ id: a.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function deleteActorContact(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('ki_actor_contacts').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
