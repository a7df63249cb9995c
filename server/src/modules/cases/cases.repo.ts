// The only SQL for case types, cases, their parties, status history, documents and inbound events.
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  CaseDocumentsTable,
  CasePartiesTable,
  CaseStatusHistoryTable,
  CasesTable,
  CaseTypeStatusesTable,
  CaseTypesTable,
} from './cases.tables.ts';

export type CaseRow = Selectable<CasesTable>;
export type CaseTypeRow = Selectable<CaseTypesTable>;
export type CaseTypeStatusRow = Selectable<CaseTypeStatusesTable>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const none = ['00000000-0000-0000-0000-000000000000'];

// ── case types ─────────────────────────────────────────────────────────────
export const listCaseTypes = (db: Db) => db.selectFrom('case_types').selectAll().orderBy('name').execute();

export function findCaseType(db: Db, idOrCode: string) {
  return db
    .selectFrom('case_types')
    .selectAll()
    .where(uuid.test(idOrCode) ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst();
}

export const findCaseTypesById = (db: Db, ids: string[]) =>
  db
    .selectFrom('case_types')
    .selectAll()
    .where('id', 'in', ids.length ? ids : none)
    .execute();

export const statusesOf = (db: Db, caseTypeIds: string[]) =>
  db
    .selectFrom('case_type_statuses')
    .selectAll()
    .where('case_type_id', 'in', caseTypeIds.length ? caseTypeIds : none)
    .orderBy('case_type_id')
    .orderBy('seq')
    .execute();

export async function upsertCaseType(
  db: Db,
  row: Insertable<CaseTypesTable>,
  statuses: { code: string; name: string }[],
) {
  await db
    .insertInto('case_types')
    .values(row)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        name: row.name,
        description: row.description ?? '',
        term_days: row.term_days,
        team_id: row.team_id,
        active: row.active ?? true,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  const saved = await db
    .selectFrom('case_types')
    .select('id')
    .where('code', '=', row.code)
    .executeTakeFirstOrThrow();
  await db.deleteFrom('case_type_statuses').where('case_type_id', '=', saved.id).execute();
  await db
    .insertInto('case_type_statuses')
    .values(statuses.map((s, i) => ({ case_type_id: saved.id, seq: i + 1, code: s.code, name: s.name })))
    .execute();
  return saved.id;
}

/** The highest status a case of this type has reached: a changed type may not drop statuses in use. */
export async function highestStatusInUse(db: Db, caseTypeId: string) {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('status_seq').as('max'))
    .where('case_type_id', '=', caseTypeId)
    .executeTakeFirst();
  return Number(r?.max ?? 0);
}

// ── cases ──────────────────────────────────────────────────────────────────
export async function insertCase(db: Db, row: Insertable<CasesTable>) {
  const r = await db.insertInto('cases').values(row).returning('identification').executeTakeFirstOrThrow();
  return r.identification;
}

export function findCase(db: Db, ref: string, forUpdate = false) {
  let q = db
    .selectFrom('cases')
    .selectAll()
    .where(uuid.test(ref) ? 'id' : 'identification', '=', ref);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateCase(db: Db, id: string, set: Updateable<CasesTable>) {
  await db.updateTable('cases').set(set).where('id', '=', id).execute();
}

export async function insertCaseParties(db: Db, rows: Insertable<CasePartiesTable>[]) {
  if (rows.length)
    await db
      .insertInto('case_parties')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

export const partiesOf = (db: Db, caseIds: string[]) =>
  db
    .selectFrom('case_parties')
    .selectAll()
    .where('case_id', 'in', caseIds.length ? caseIds : none)
    .execute();

/** Inserts a history row; false when its event key was seen before (a replayed inbound event). */
export async function insertHistory(db: Db, row: Insertable<CaseStatusHistoryTable>): Promise<boolean> {
  const r = await db
    .insertInto('case_status_history')
    .values(row)
    .onConflict((oc) => oc.column('event_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export const historyOf = (db: Db, caseId: string) =>
  db.selectFrom('case_status_history').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

export async function insertDocument(db: Db, row: Insertable<CaseDocumentsTable>) {
  await db.insertInto('case_documents').values(row).execute();
}

export const documentsOf = (db: Db, caseId: string) =>
  db
    .selectFrom('case_documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('document_date')
    .orderBy('created_at')
    .execute();

export type CaseListFilter = {
  partyIds?: string[];
  open?: boolean;
  statusCode?: string;
  teamId?: string;
  caseTypeId?: string;
  /** Part of the identification or subject. */
  text?: string;
  limit: number;
  offset: number;
};

export async function listCases(db: Db, f: CaseListFilter) {
  let q = db.selectFrom('cases as c').selectAll('c');
  if (f.partyIds) {
    const ids = f.partyIds.length ? f.partyIds : none;
    q = q.where('c.id', 'in', (eb) =>
      eb.selectFrom('case_parties').select('case_id').where('party_id', 'in', ids),
    );
  }
  if (f.open !== undefined) q = q.where('c.closed', '=', !f.open);
  if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
  if (f.caseTypeId) q = q.where('c.case_type_id', '=', f.caseTypeId);
  if (f.statusCode) {
    const code = f.statusCode;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_type_statuses as s')
          .select(sql`1`.as('one'))
          .whereRef('s.case_type_id', '=', 'c.case_type_id')
          .whereRef('s.seq', '=', 'c.status_seq')
          .where('s.code', '=', code),
      ),
    );
  }
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('c.identification', 'ilike', like), eb('c.subject', 'ilike', like)]));
  }
  return q
    .orderBy('c.closed')
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

/** Cases of these parties newest first, started at or before `before` (the customer-view timeline). */
export function timelineCases(db: Db, partyIds: string[], before: Date | undefined, limit: number) {
  let q = db
    .selectFrom('cases')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb.selectFrom('case_parties').select('case_id').where('party_id', 'in', partyIds),
    );
  if (before) q = q.where('created_at', '<=', before);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

// ── inbound events ─────────────────────────────────────────────────────────
/** Claims an inbound event; false when it was handled before (the caller then changes nothing). */
export async function claimInboundEvent(
  db: Db,
  row: { source: string; event_id: string; received_at: Date; case_ref: string; outcome: string },
): Promise<boolean> {
  const r = await db
    .insertInto('case_inbound_events')
    .values(row)
    .onConflict((oc) => oc.columns(['source', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return !!r;
}

export async function setInboundOutcome(db: Db, source: string, eventId: string, outcome: string) {
  await db
    .updateTable('case_inbound_events')
    .set({ outcome })
    .where('source', '=', source)
    .where('event_id', '=', eventId)
    .execute();
}
