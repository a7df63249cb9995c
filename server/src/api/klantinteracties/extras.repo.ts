// SQL for the adapter's side tables that complete core rows with the standard's extra fields:
// klantcontact (ki_contact_extras), digitaal adres (ki_digital_address_extras) and
// onderwerpobject (ki_subject_extras).
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export type ContactExtras = {
  referenceNumber: string | null;
  mainSubjectType: string | null;
  furtherAction: boolean;
  metadata: Record<string, string>;
};

export const noContactExtras: ContactExtras = {
  referenceNumber: null,
  mainSubjectType: null,
  furtherAction: false,
  metadata: {},
};

const toContactExtras = (r: {
  reference_number: string | null;
  main_subject_type: string | null;
  further_action: boolean;
  metadata: Record<string, string> | null;
}): ContactExtras => ({
  referenceNumber: r.reference_number,
  mainSubjectType: r.main_subject_type,
  furtherAction: r.further_action,
  metadata: r.metadata ?? {},
});

/**
 * What the adapter's own tables add to a list of klantcontacten, in one statement: the extra fields,
 * the linked actors (actorklantcontacten) and the references to documents elsewhere (bijlagen), the
 * lists in the order their listings have.
 */
export async function contactAdditions(db: Db, contactIds: string[]) {
  if (contactIds.length === 0)
    return { extras: new Map<string, ContactExtras>(), actorLinks: [], attachmentRefs: [] };
  const r = await sql<{
    extras: (Parameters<typeof toContactExtras>[0] & { contact_id: string })[] | null;
    actor_links: { actor_id: string; contact_id: string }[] | null;
    refs: { id: string; contact_id: string }[] | null;
  }>`
    SELECT
      (SELECT json_agg(json_build_object('contact_id', e.contact_id, 'reference_number', e.reference_number,
                                         'main_subject_type', e.main_subject_type, 'further_action', e.further_action,
                                         'metadata', e.metadata))
       FROM ki_contact_extras e WHERE e.contact_id = ANY(${contactIds}::uuid[])) AS extras,
      (SELECT json_agg(json_build_object('actor_id', l.actor_id, 'contact_id', l.contact_id) ORDER BY l.created_at, l.id)
       FROM ki_actor_contacts l WHERE l.contact_id = ANY(${contactIds}::uuid[])) AS actor_links,
      (SELECT json_agg(json_build_object('id', a.id, 'contact_id', a.contact_id) ORDER BY a.created_at, a.id)
       FROM ki_attachment_refs a WHERE a.contact_id = ANY(${contactIds}::uuid[])) AS refs`.execute(db);
  const row = r.rows[0];
  return {
    extras: new Map((row?.extras ?? []).map((e) => [e.contact_id, toContactExtras(e)])),
    actorLinks: (row?.actor_links ?? []).map((l) => ({ actorId: l.actor_id, contactId: l.contact_id })),
    attachmentRefs: (row?.refs ?? []).map((a) => ({ id: a.id, contactId: a.contact_id })),
  };
}

export async function saveContactExtras(db: Db, contactId: string, e: Partial<ContactExtras>) {
  const values = {
    ...(e.referenceNumber !== undefined ? { reference_number: e.referenceNumber } : {}),
    ...(e.mainSubjectType !== undefined ? { main_subject_type: e.mainSubjectType } : {}),
    ...(e.furtherAction !== undefined ? { further_action: e.furtherAction } : {}),
    ...(e.metadata !== undefined ? { metadata: JSON.stringify(e.metadata) } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('ki_contact_extras')
    .values({ contact_id: contactId, ...values })
    .onConflict((oc) => oc.column('contact_id').doUpdateSet(values))
    .execute();
}

export async function contactIdsByReferenceNumber(db: Db, referenceNumber: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ki_contact_extras')
    .select('contact_id')
    .where('reference_number', '=', referenceNumber)
    .execute();
  return rows.map((r) => r.contact_id);
}

// ── Digital addresses ───────────────────────────────────────────────────────

export type DigitalAddressExtras = { reference: string | null; involvementId: string | null };

export async function digitalAddressExtras(
  db: Db,
  ids: string[],
): Promise<Map<string, DigitalAddressExtras>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('ki_digital_address_extras')
    .selectAll()
    .where('digital_address_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [r.digital_address_id, { reference: r.reference, involvementId: r.involvement_id }]),
  );
}

export async function saveDigitalAddressExtras(db: Db, id: string, e: Partial<DigitalAddressExtras>) {
  const values = {
    ...(e.reference !== undefined ? { reference: e.reference } : {}),
    ...(e.involvementId !== undefined ? { involvement_id: e.involvementId } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('ki_digital_address_extras')
    .values({ digital_address_id: id, ...values })
    .onConflict((oc) => oc.column('digital_address_id').doUpdateSet(values))
    .execute();
}

/** Digital addresses given during these involvements (betrokkene.digitaleAdressen). */
export async function digitalAddressIdsOfInvolvements(db: Db, involvementIds: string[] | undefined) {
  if (involvementIds?.length === 0) return [];
  const q = db.selectFrom('ki_digital_address_extras').select(['digital_address_id', 'involvement_id']);
  return (
    involvementIds
      ? q.where('involvement_id', 'in', involvementIds)
      : q.where('involvement_id', 'is not', null)
  ).execute();
}

export async function digitalAddressIdsWhere(db: Db, f: { reference?: string; involvementIds?: string[] }) {
  let q = db.selectFrom('ki_digital_address_extras').select('digital_address_id');
  if (f.reference) q = q.where('reference', '=', f.reference);
  if (f.involvementIds)
    q = f.involvementIds.length
      ? q.where('involvement_id', 'in', f.involvementIds)
      : q.where('involvement_id', '=', '00000000-0000-0000-0000-000000000000');
  return (await q.execute()).map((r) => r.digital_address_id);
}

// ── Subjects ────────────────────────────────────────────────────────────────

export type SubjectExtras = { objectType: string | null; idKind: string | null };

export async function subjectExtras(db: Db, ids: string[]): Promise<Map<string, SubjectExtras>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('ki_subject_extras').selectAll().where('subject_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.subject_id, { objectType: r.object_type, idKind: r.id_kind }]));
}

export async function saveSubjectExtras(db: Db, id: string, e: SubjectExtras) {
  const values = { object_type: e.objectType, id_kind: e.idKind };
  await db
    .insertInto('ki_subject_extras')
    .values({ subject_id: id, ...values })
    .onConflict((oc) => oc.column('subject_id').doUpdateSet(values))
    .execute();
}
