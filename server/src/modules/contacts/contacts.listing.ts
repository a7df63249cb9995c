// Counted, offset-paged listings and single-row writes of contacts, involvements and subjects, for
// adapters that expose them one by one (the Klantinteracties API). Kept apart from contacts.repo.ts
// so the app's own queries stay small; still the contacts module's SQL.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { pageWithTotal } from '../../db/paging.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import { requireActiveChannel } from './reference-lists.service.ts';

export type Paging = { offset: number; limit: number };
export type Counted<T> = { count: number; items: T[] };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const like = (s: string) => `%${s.replace(/[\\%_]/g, '\\$&')}%`;

async function referring<T>(name: string, reason: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw unprocessable(name, reason);
    throw err;
  }
}

// ── Contacts ────────────────────────────────────────────────────────────────

export type ContactPageFilter = {
  ids?: string[];
  excludeIds?: string[];
  number?: string;
  channel?: string;
  subject?: string;
  content?: string;
  result?: string;
  succeeded?: boolean;
  confidential?: boolean;
  occurredAt?: Date;
  includeConfidential: boolean;
  /** Involvements: with a party (true) or without (false); of these parties; these involvement ids. */
  hasParty?: boolean;
  partyIds?: string[];
  involvementIds?: string[];
  subjectIds?: string[];
  subject_?: { kind?: string; reference?: string; register?: string };
};

/** Contact ids, newest first, with the total count. */
export async function listContactPage(db: Db, f: ContactPageFilter, page: Paging): Promise<Counted<string>> {
  for (const list of [f.ids, f.partyIds, f.involvementIds, f.subjectIds]) {
    if (list && list.length === 0) return { count: 0, items: [] };
  }
  let q = db.selectFrom('contacts as c');
  if (f.ids) q = q.where('c.id', 'in', f.ids);
  if (f.excludeIds?.length) q = q.where('c.id', 'not in', f.excludeIds);
  if (f.number) q = q.where('c.number', '=', f.number);
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.subject) q = q.where('c.subject', 'ilike', like(f.subject));
  if (f.content) q = q.where('c.content', 'ilike', like(f.content));
  if (f.result) q = q.where('c.result', 'ilike', like(f.result));
  if (f.succeeded !== undefined) q = q.where('c.succeeded', '=', f.succeeded);
  if (f.confidential !== undefined) q = q.where('c.confidential', '=', f.confidential);
  if (f.occurredAt) q = q.where('c.occurred_at', '=', f.occurredAt);
  if (!f.includeConfidential) q = q.where('c.confidential', '=', false);
  if (f.hasParty !== undefined || f.partyIds || f.involvementIds) {
    q = q.where(({ exists, selectFrom }) => {
      let sub = selectFrom('contact_parties as cp').select('cp.id').whereRef('cp.contact_id', '=', 'c.id');
      if (f.hasParty !== undefined) sub = sub.where('cp.party_id', f.hasParty ? 'is not' : 'is', null);
      if (f.partyIds) sub = sub.where('cp.party_id', 'in', f.partyIds);
      if (f.involvementIds) sub = sub.where('cp.id', 'in', f.involvementIds);
      return exists(sub);
    });
  }
  const s = f.subject_;
  if (f.subjectIds || (s && (s.kind || s.reference || s.register))) {
    q = q.where(({ exists, selectFrom }) => {
      let sub = selectFrom('contact_subjects as cs').select('cs.id').whereRef('cs.contact_id', '=', 'c.id');
      if (f.subjectIds) sub = sub.where('cs.id', 'in', f.subjectIds);
      if (s?.kind) sub = sub.where('cs.kind', '=', s.kind as 'case');
      if (s?.reference) sub = sub.where('cs.reference', '=', s.reference);
      if (s?.register) sub = sub.where('cs.register', '=', s.register);
      return exists(sub);
    });
  }
  const [total, rows] = await pageWithTotal(
    page,
    () =>
      q
        .select('c.id')
        .orderBy('c.occurred_at', 'desc')
        .orderBy('c.id', 'desc')
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return { count: total, items: rows.map((r) => r.id) };
}

export type ContactFieldsPatch = {
  channel?: string;
  subject?: string;
  content?: string;
  result?: string | null;
  succeeded?: boolean | null;
  confidential?: boolean;
  language?: string;
  occurredAt?: Date;
};

/** Change the recorded fields of a contact (the standard lets its clients correct them). */
export async function updateContactFields(db: Db, id: string, patch: ContactFieldsPatch): Promise<void> {
  if (patch.channel !== undefined) await requireActiveChannel(db, patch.channel);
  const set = {
    ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
    ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
    ...(patch.content !== undefined ? { content: patch.content } : {}),
    ...(patch.result !== undefined ? { result: patch.result } : {}),
    ...(patch.succeeded !== undefined ? { succeeded: patch.succeeded } : {}),
    ...(patch.confidential !== undefined ? { confidential: patch.confidential } : {}),
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.occurredAt !== undefined ? { occurred_at: patch.occurredAt } : {}),
  };
  if (Object.keys(set).length === 0) return;
  const res = await db.updateTable('contacts').set(set).where('id', '=', id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('Contact');
}

/** Deletes a contact with its involvements, subjects and attachments. */
export async function deleteContact(db: Db, id: string): Promise<void> {
  if (!uuidPattern.test(id)) throw notFound('Contact');
  try {
    await db
      .updateTable('contact_subjects')
      .set({ related_contact_id: null })
      .where('related_contact_id', '=', id)
      .execute();
    const res = await db.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Contact');
  } catch (err) {
    if ((err as { code?: string }).code === '23503')
      throw conflict('Er verwijzen nog gegevens naar dit contact (bijvoorbeeld een taak).', 'uuid');
    throw err;
  }
}

// ── Involvements (contact_parties) ──────────────────────────────────────────

export type Involvement = {
  id: string;
  contactId: string;
  partyId: string | null;
  role: 'klant' | 'vertegenwoordiger' | 'ander';
  initiator: boolean;
  details: Record<string, unknown>;
};

const involvementColumns = ['id', 'contact_id', 'party_id', 'role', 'initiator', 'details'] as const;
const toInvolvement = (r: {
  id: string;
  contact_id: string;
  party_id: string | null;
  role: Involvement['role'];
  initiator: boolean;
  details: Record<string, unknown>;
}): Involvement => ({
  id: r.id,
  contactId: r.contact_id,
  partyId: r.party_id,
  role: r.role,
  initiator: r.initiator,
  details: r.details ?? {},
});

export type InvolvementFilter = {
  ids?: string[];
  contactIds?: string[];
  partyIds?: string[];
  contactNumber?: string;
  includeConfidential: boolean;
};

export async function listInvolvements(
  db: Db,
  f: InvolvementFilter,
  page: Paging,
): Promise<Counted<Involvement>> {
  for (const list of [f.ids, f.contactIds, f.partyIds])
    if (list && list.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('contact_parties as cp').innerJoin('contacts as c', 'c.id', 'cp.contact_id');
  if (f.ids) q = q.where('cp.id', 'in', f.ids);
  if (f.contactIds) q = q.where('cp.contact_id', 'in', f.contactIds);
  if (f.partyIds) q = q.where('cp.party_id', 'in', f.partyIds);
  if (f.contactNumber) q = q.where('c.number', '=', f.contactNumber);
  if (!f.includeConfidential) q = q.where('c.confidential', '=', false);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['cp.id', 'cp.contact_id', 'cp.party_id', 'cp.role', 'cp.initiator', 'cp.details'])
      .orderBy('cp.created_at')
      .orderBy('cp.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { count: Number(total.n), items: rows.map(toInvolvement) };
}

export async function findInvolvements(db: Db, ids: string[]): Promise<Involvement[]> {
  const valid = ids.filter((i) => uuidPattern.test(i));
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('contact_parties')
    .select(involvementColumns)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toInvolvement);
}

/** The involvements of these parties (for a party's list of betrokkenen). */
export async function involvementsOfParties(db: Db, partyIds: string[]): Promise<Involvement[]> {
  if (partyIds.length === 0) return [];
  const rows = await db
    .selectFrom('contact_parties')
    .select(involvementColumns)
    .where('party_id', 'in', partyIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toInvolvement);
}

export type InvolvementInput = Omit<Involvement, 'id'>;

export async function addInvolvement(db: Db, input: InvolvementInput, now: Date): Promise<Involvement> {
  const id = randomUUID();
  const row = {
    id,
    contact_id: input.contactId,
    party_id: input.partyId,
    role: input.role,
    initiator: input.initiator,
    details: JSON.stringify(input.details),
    created_at: now,
  };
  await referring(
    'hadKlantcontact',
    'Dit contact of deze partij bestaat niet.',
    db.insertInto('contact_parties').values(row).execute(),
  );
  return { id, ...input };
}

export async function updateInvolvement(
  db: Db,
  id: string,
  input: Partial<InvolvementInput>,
): Promise<Involvement> {
  const set = {
    ...(input.contactId !== undefined ? { contact_id: input.contactId } : {}),
    ...(input.partyId !== undefined ? { party_id: input.partyId } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.initiator !== undefined ? { initiator: input.initiator } : {}),
    ...(input.details !== undefined ? { details: JSON.stringify(input.details) } : {}),
  };
  if (Object.keys(set).length > 0) {
    await referring(
      'wasPartij',
      'Dit contact of deze partij bestaat niet.',
      db.updateTable('contact_parties').set(set).where('id', '=', id).execute(),
    );
  }
  const [row] = await findInvolvements(db, [id]);
  if (!row) throw notFound('Betrokkene');
  return row;
}

export async function removeInvolvement(db: Db, id: string): Promise<void> {
  if (!uuidPattern.test(id)) throw notFound('Betrokkene');
  const res = await db.deleteFrom('contact_parties').where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('Betrokkene');
}

// ── Subjects (contact_subjects) ─────────────────────────────────────────────

export type Subject = {
  id: string;
  contactId: string;
  kind: 'case' | 'product' | 'contact' | 'other';
  reference: string;
  register: string | null;
  relatedContactId: string | null;
};

const subjectColumns = ['id', 'contact_id', 'kind', 'reference', 'register', 'related_contact_id'] as const;
const toSubject = (r: {
  id: string;
  contact_id: string;
  kind: Subject['kind'];
  reference: string;
  register: string | null;
  related_contact_id: string | null;
}): Subject => ({
  id: r.id,
  contactId: r.contact_id,
  kind: r.kind,
  reference: r.reference,
  register: r.register,
  relatedContactId: r.related_contact_id,
});

export type SubjectFilter = {
  contactIds?: string[];
  relatedContactIds?: string[];
  kind?: Subject['kind'];
  reference?: string;
  register?: string;
  includeConfidential: boolean;
};

export async function listSubjects(db: Db, f: SubjectFilter, page: Paging): Promise<Counted<Subject>> {
  for (const list of [f.contactIds, f.relatedContactIds])
    if (list && list.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('contact_subjects as cs').innerJoin('contacts as c', 'c.id', 'cs.contact_id');
  if (f.contactIds) q = q.where('cs.contact_id', 'in', f.contactIds);
  if (f.relatedContactIds) q = q.where('cs.related_contact_id', 'in', f.relatedContactIds);
  if (f.kind) q = q.where('cs.kind', '=', f.kind);
  if (f.reference) q = q.where('cs.reference', '=', f.reference);
  if (f.register) q = q.where('cs.register', '=', f.register);
  if (!f.includeConfidential) q = q.where('c.confidential', '=', false);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['cs.id', 'cs.contact_id', 'cs.kind', 'cs.reference', 'cs.register', 'cs.related_contact_id'])
      .orderBy('cs.created_at')
      .orderBy('cs.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { count: Number(total.n), items: rows.map(toSubject) };
}

export async function findSubjects(db: Db, ids: string[]): Promise<Subject[]> {
  const valid = ids.filter((i) => uuidPattern.test(i));
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('contact_subjects')
    .select(subjectColumns)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toSubject);
}

export type SubjectInput = Omit<Subject, 'id'>;

export async function addSubject(db: Db, input: SubjectInput, now: Date): Promise<Subject> {
  const id = randomUUID();
  await referring(
    'klantcontact',
    'Dit contact bestaat niet.',
    db
      .insertInto('contact_subjects')
      .values({
        id,
        contact_id: input.contactId,
        kind: input.kind,
        reference: input.reference,
        register: input.register,
        related_contact_id: input.relatedContactId,
        created_at: now,
      })
      .execute(),
  );
  return { id, ...input };
}

export async function updateSubject(db: Db, id: string, input: Partial<SubjectInput>): Promise<Subject> {
  const set = {
    ...(input.contactId !== undefined ? { contact_id: input.contactId } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    ...(input.register !== undefined ? { register: input.register } : {}),
    ...(input.relatedContactId !== undefined ? { related_contact_id: input.relatedContactId } : {}),
  };
  if (Object.keys(set).length > 0) {
    await referring(
      'klantcontact',
      'Dit contact bestaat niet.',
      db.updateTable('contact_subjects').set(set).where('id', '=', id).execute(),
    );
  }
  const [row] = await findSubjects(db, [id]);
  if (!row) throw notFound('Onderwerpobject');
  return row;
}

export async function removeSubject(db: Db, id: string): Promise<void> {
  if (!uuidPattern.test(id)) throw notFound('Onderwerpobject');
  const res = await db.deleteFrom('contact_subjects').where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('Onderwerpobject');
}

/** Attachment summaries by id or by contact, for listings outside a contact. */
export async function listAttachmentSummaries(db: Db, f: { ids?: string[]; contactIds?: string[] }) {
  let q = db.selectFrom('attachments').select(['id', 'contact_id', 'filename', 'content_type', 'size_bytes']);
  if (f.ids)
    q = f.ids.length
      ? q.where(
          'id',
          'in',
          f.ids.filter((i) => uuidPattern.test(i)),
        )
      : q.where(sql<boolean>`false`);
  if (f.contactIds)
    q = f.contactIds.length ? q.where('contact_id', 'in', f.contactIds) : q.where(sql<boolean>`false`);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Attachment ids with their contact, oldest first, with the total count. */
export async function listAttachmentPage(
  db: Db,
  f: { ids?: string[]; contactIds?: string[] },
  page: Paging,
): Promise<Counted<{ id: string; contactId: string }>> {
  const ids = f.ids?.filter((i) => uuidPattern.test(i));
  if (ids?.length === 0 || f.contactIds?.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('attachments');
  if (ids) q = q.where('id', 'in', ids);
  if (f.contactIds) q = q.where('contact_id', 'in', f.contactIds);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['id', 'contact_id'])
      .orderBy('created_at')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { count: Number(total.n), items: rows.map((r) => ({ id: r.id, contactId: r.contact_id })) };
}
