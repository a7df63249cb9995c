// The only SQL for contacts, contact_parties, contact_subjects, attachments, channels and contact_reasons
// (and, in the one-statement contact read, the reference of a contact's thread: same module).
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  AttachmentsTable,
  ContactPartiesTable,
  ContactReasonsTable,
  ContactSubjectsTable,
  ContactsTable,
} from '../../db/schema.ts';

const contactColumns = [
  'id',
  'number',
  'channel',
  'direction',
  'reason_id',
  'subject',
  'content',
  'result',
  'resolved_first_contact',
  'succeeded',
  'confidential',
  'language',
  'occurred_at',
  'employee_id',
  'team_id',
  'created_at',
  'thread_id',
  'duration_seconds',
] as const;

export async function insertInvolvement(db: Db, row: Insertable<ContactPartiesTable>) {
  await db.insertInto('contact_parties').values(row).execute();
}

/** An anonymous involvement becomes a party's (link-party.ts). */
export async function setInvolvementParty(db: Db, involvementId: string, partyId: string) {
  await db
    .updateTable('contact_parties')
    .set({ party_id: partyId })
    .where('id', '=', involvementId)
    .execute();
}

export async function insertSubject(db: Db, row: Insertable<ContactSubjectsTable>) {
  await db.insertInto('contact_subjects').values(row).execute();
}

export async function updateContact(db: Db, id: string, set: Updateable<ContactsTable>) {
  const result = await db.updateTable('contacts').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findContacts(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('contacts').select(contactColumns).where('id', 'in', ids).execute();
}

export type ContactWithChildrenRow = Pick<Selectable<ContactsTable>, (typeof contactColumns)[number]> & {
  involvements: Pick<Selectable<ContactPartiesTable>, 'id' | 'party_id' | 'role' | 'initiator' | 'details'>[];
  subjects: Pick<
    Selectable<ContactSubjectsTable>,
    'id' | 'kind' | 'reference' | 'register' | 'related_contact_id'
  >[];
  attachments: Pick<
    Selectable<AttachmentsTable>,
    'id' | 'filename' | 'content_type' | 'size_bytes' | 'sha256'
  >[];
  reason: { id: string; code: string; label: string } | null;
  thread_reference: string | null;
};

/**
 * Contacts with their involvements, subjects, attachment summaries, reason and thread reference in
 * one statement (was six round trips). Each list in the order findInvolvements, findSubjects and
 * findAttachmentSummaries give it, each through its contact_id index.
 */
export async function findContactsWithChildren(db: Db, ids: string[]): Promise<ContactWithChildrenRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<ContactWithChildrenRow>`
    SELECT ${sql.join(contactColumns.map((col) => sql.ref(`c.${col}`)))},
      coalesce((SELECT json_agg(json_build_object('id', cp.id, 'party_id', cp.party_id, 'role', cp.role,
                                                  'initiator', cp.initiator, 'details', cp.details)
                                ORDER BY cp.created_at, cp.id)
                FROM contact_parties cp WHERE cp.contact_id = c.id), '[]') AS involvements,
      coalesce((SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'reference', s.reference,
                                                  'register', s.register, 'related_contact_id', s.related_contact_id)
                                ORDER BY s.created_at, s.id)
                FROM contact_subjects s WHERE s.contact_id = c.id), '[]') AS subjects,
      coalesce((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'content_type', a.content_type,
                                                  'size_bytes', a.size_bytes, 'sha256', a.sha256)
                                ORDER BY a.created_at, a.id)
                FROM attachments a WHERE a.contact_id = c.id), '[]') AS attachments,
      CASE WHEN r.id IS NULL THEN NULL
           ELSE json_build_object('id', r.id, 'code', r.code, 'label', r.label) END AS reason,
      t.reference AS thread_reference
    FROM contacts c
    LEFT JOIN contact_reasons r ON r.id = c.reason_id
    LEFT JOIN threads t ON t.id = c.thread_id
    WHERE c.id = ANY(${ids}::uuid[])`.execute(db);
  return rows;
}

export async function findVisibility(db: Db, id: string) {
  return db.selectFrom('contacts').select(['id', 'confidential']).where('id', '=', id).executeTakeFirst();
}

export type ContactFilter = {
  partyIds?: string[];
  channel?: string;
  reasonId?: string;
  from?: Date;
  to?: Date;
  includeConfidential: boolean;
  after?: { at: Date; id: string };
  limit: number;
};

/** Ids of matching contacts, newest first (occurred_at desc, id desc), keyset-paginated. */
export async function listContactIds(db: Db, f: ContactFilter) {
  let q = db.selectFrom('contacts as c').select(['c.id', 'c.occurred_at']);
  if (f.partyIds) {
    const partyIds = f.partyIds;
    if (partyIds.length === 0) return [];
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_parties as cp')
          .select('cp.id')
          .whereRef('cp.contact_id', '=', 'c.id')
          .where('cp.party_id', 'in', partyIds),
      ),
    );
  }
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.reasonId) q = q.where('c.reason_id', '=', f.reasonId);
  if (f.from) q = q.where('c.occurred_at', '>=', f.from);
  if (f.to) q = q.where('c.occurred_at', '<', f.to);
  if (!f.includeConfidential) q = q.where('c.confidential', '=', false);
  if (f.after) {
    const { at, id } = f.after;
    q = q.where(sql<boolean>`(c.occurred_at, c.id) < (${at}, ${id}::uuid)`);
  }
  return q.orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

export type TimelineFilter = {
  partyIds: string[];
  channels?: string[];
  includeConfidential: boolean;
  /** Keyset bound on (occurred_at, id); `inclusiveAt` when the cursor's kind sorts after 'contact'. */
  before?: { at: Date; id: string | null; inclusiveAt: boolean };
  limit: number;
};

export async function timelineRows(db: Db, f: TimelineFilter) {
  if (f.partyIds.length === 0) return [];
  let q = db
    .selectFrom('contacts as c')
    .leftJoin('contact_reasons as r', 'r.id', 'c.reason_id')
    .select([
      'c.id',
      'c.number',
      'c.occurred_at',
      'c.channel',
      'c.direction',
      'c.subject',
      sql<string>`left(c.content, 400)`.as('content_start'),
      'c.result',
      'c.resolved_first_contact',
      'c.confidential',
      'c.employee_id',
      'r.id as reason_id',
      'r.code as reason_code',
      'r.label as reason_label',
    ])
    .select((eb) =>
      eb
        .selectFrom('contact_parties as cp')
        .select('cp.role')
        .whereRef('cp.contact_id', '=', 'c.id')
        .where('cp.party_id', 'in', f.partyIds)
        .orderBy('cp.initiator', 'desc')
        .limit(1)
        .as('role'),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_parties as cp')
          .select('cp.id')
          .whereRef('cp.contact_id', '=', 'c.id')
          .where('cp.party_id', 'in', f.partyIds),
      ),
    );
  if (f.channels?.length) q = q.where('c.channel', 'in', f.channels);
  if (!f.includeConfidential) q = q.where('c.confidential', '=', false);
  const b = f.before;
  if (b) {
    if (b.id) q = q.where(sql<boolean>`(c.occurred_at, c.id) < (${b.at}, ${b.id}::uuid)`);
    else q = q.where('c.occurred_at', b.inclusiveAt ? '<=' : '<', b.at);
  }
  return q.orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

// ── Attachments ──────────────────────────────────────────────────────────────
export async function insertAttachment(db: Db, row: Insertable<AttachmentsTable>) {
  await db.insertInto('attachments').values(row).execute();
}

export async function findAttachment(db: Db, id: string) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

// ── Contact reasons ──────────────────────────────────────────────────────────
export async function listReasons(db: Db, filter: { active?: boolean } = {}) {
  let q = db.selectFrom('contact_reasons').selectAll().orderBy('label');
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  return q.execute();
}

export async function findReason(db: Db, by: { id: string } | { code: string }) {
  const q = db.selectFrom('contact_reasons').selectAll();
  return ('id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code)).executeTakeFirst();
}

export async function insertReason(db: Db, row: Insertable<ContactReasonsTable>) {
  await db.insertInto('contact_reasons').values(row).execute();
}

export async function updateReason(db: Db, id: string, set: Updateable<ContactReasonsTable>) {
  const result = await db.updateTable('contact_reasons').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ── Channels ─────────────────────────────────────────────────────────────────
export async function listChannels(db: Db, filter: { active?: boolean } = {}) {
  let q = db.selectFrom('channels').selectAll().orderBy('sort_order').orderBy('code');
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  return q.execute();
}

export async function findChannel(db: Db, code: string) {
  return db.selectFrom('channels').selectAll().where('code', '=', code).executeTakeFirst();
}

export type CheckedInsert = {
  channel_active: boolean | null;
  reason_id: string | null;
  reason_code: string | null;
  reason_label: string | null;
  reason_active: boolean | null;
  /** Parties named by the involvements that do not exist; null when all do. */
  missing_parties: string[] | null;
  /** The new contact's number; null when a check did not pass and nothing was inserted. */
  number: string | null;
};

type NewInvolvement = Omit<Insertable<ContactPartiesTable>, 'details'> & { details: Record<string, unknown> };

/**
 * Inserts a contact with its involvements only if its channel is in use, its reason (when it names
 * one) is active and every party named exists: checks and inserts are one statement, so a plain
 * registration costs one round trip and is atomic without a transaction around it. Returns what the
 * checks saw (a column is null when its row is missing), for the caller to say what was wrong.
 */
export async function insertCheckedContact(
  db: Db,
  row: Omit<Insertable<ContactsTable>, 'reason_id'>,
  reason: { id: string } | { code: string } | null,
  involvements: NewInvolvement[],
): Promise<CheckedInsert> {
  const match =
    reason === null
      ? sql`false`
      : 'id' in reason
        ? sql`r.id = ${reason.id}::uuid`
        : sql`r.code = ${reason.code}`;
  const partyIds = involvements.flatMap((i) => (i.party_id ? [i.party_id] : []));
  // Rows as JSON parameters typed by the tables' own row types: parameters in an INSERT's SELECT
  // list would otherwise arrive as text.
  const columns = Object.keys(row);
  const involvementColumns = Object.keys(involvements[0] ?? {}).filter((c) => c !== 'contact_id');
  const { rows } = await sql<CheckedInsert>`
    WITH chk AS (
      SELECT ch.active AS channel_active, r.id AS reason_id, r.code AS reason_code, r.label AS reason_label,
             r.active AS reason_active,
             (SELECT array_agg(x::text) FROM unnest(${partyIds}::uuid[]) x
              WHERE NOT EXISTS (SELECT 1 FROM parties p WHERE p.id = x)) AS missing_parties
      FROM (SELECT 1) one
      LEFT JOIN channels ch ON ch.code = ${row.channel}
      LEFT JOIN contact_reasons r ON ${match}
    ),
    ins AS (
      INSERT INTO contacts (${sql.join([...columns, 'reason_id'].map((c) => sql.ref(c)))})
      SELECT ${sql.join(columns.map((c) => sql.ref(`p.${c}`)))}, chk.reason_id
      FROM chk, jsonb_populate_record(NULL::contacts, ${JSON.stringify(row)}::jsonb) p
      WHERE chk.channel_active AND (${reason === null} OR chk.reason_active) AND chk.missing_parties IS NULL
      RETURNING id, number
    ),
    inv AS (
      INSERT INTO contact_parties (contact_id${sql.join(
        involvementColumns.map((c) => sql`, ${sql.ref(c)}`),
        sql``,
      )})
      SELECT ins.id${sql.join(
        involvementColumns.map((c) => sql`, ${sql.ref(`v.${c}`)}`),
        sql``,
      )}
      FROM ins, jsonb_populate_recordset(NULL::contact_parties, ${JSON.stringify(involvements)}::jsonb) v
    )
    SELECT chk.*, (SELECT number FROM ins) AS number FROM chk`.execute(db);
  // The insights' statement triggers then fire in the order the rows were written: contacts first,
  // then involvements (repeat detection), as with two statements. repeats.test.ts checks the
  // rollups stay equal to a recount for registrations made this way.
  return rows[0] as CheckedInsert;
}

export async function updateChannel(db: Db, code: string, set: { label?: string; active?: boolean }) {
  const result = await db.updateTable('channels').set(set).where('code', '=', code).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
