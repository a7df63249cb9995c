// The only SQL for parties, party_identifiers, party_addresses and digital_addresses.
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  DigitalAddressesTable,
  IdentifierType,
  PartiesTable,
  PartyAddressesTable,
  PartyIdentifiersTable,
} from '../../db/schema.ts';

/** Run fn in a transaction, or in the caller's when db already is one (Kysely cannot nest them). */
export function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export const selectParties = (db: Db, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('parties').selectAll().where('id', 'in', ids).execute();

/** A row as json_agg returns it: timestamps as ISO strings. */
export type JsonRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type PartyWithChildrenRow = Selectable<PartiesTable> & {
  identifiers: JsonRow<Selectable<PartyIdentifiersTable>>[];
  addresses: JsonRow<Selectable<PartyAddressesTable>>[];
  digital_addresses: JsonRow<Selectable<DigitalAddressesTable>>[];
};

/**
 * Parties with their identifiers, addresses and digital addresses in one statement (was four round
 * trips); each list in the order the separate reads below give it, each through its party_id index.
 */
export async function selectPartiesWithChildren(db: Db, ids: string[]): Promise<PartyWithChildrenRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<PartyWithChildrenRow>`
    SELECT p.*,
      coalesce((SELECT json_agg(i ORDER BY i.created_at, i.id)
                FROM party_identifiers i WHERE i.party_id = p.id), '[]') AS identifiers,
      coalesce((SELECT json_agg(a ORDER BY a.kind DESC, a.id)
                FROM party_addresses a WHERE a.party_id = p.id), '[]') AS addresses,
      coalesce((SELECT json_agg(d ORDER BY d.kind, d.is_preferred DESC, d.created_at, d.id)
                FROM digital_addresses d WHERE d.party_id = p.id), '[]') AS digital_addresses
    FROM parties p
    WHERE p.id = ANY(${ids}::uuid[])`.execute(db);
  return rows;
}

export const selectPartyForUpdate = (db: Db, id: string) =>
  db.selectFrom('parties').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const selectIdentifiers = (db: Db, partyIds: string[]) =>
  db
    .selectFrom('party_identifiers')
    .selectAll()
    .where('party_id', 'in', partyIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const selectDigitalAddresses = (db: Db, partyIds: string[]) =>
  db
    .selectFrom('digital_addresses')
    .selectAll()
    .where('party_id', 'in', partyIds)
    .orderBy('kind')
    .orderBy('is_preferred', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export async function insertParty(db: Db, row: Insertable<PartiesTable>) {
  await db.insertInto('parties').values(row).execute();
}

/** Without `at` the database clock stamps updated_at. */
export async function updatePartyRow(db: Db, id: string, set: Updateable<PartiesTable>, at?: Date) {
  await db
    .updateTable('parties')
    .set({ ...set, updated_at: at ?? sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function insertIdentifiers(db: Db, rows: Insertable<PartyIdentifiersTable>[]) {
  if (rows.length > 0) await db.insertInto('party_identifiers').values(rows).execute();
}

export const deleteIdentifier = async (db: Db, partyId: string, id: string) =>
  Number(
    (
      await db
        .deleteFrom('party_identifiers')
        .where('id', '=', id)
        .where('party_id', '=', partyId)
        .executeTakeFirst()
    ).numDeletedRows,
  );

export const findIdentifierOwners = (db: Db, type: IdentifierType, value: string) =>
  db
    .selectFrom('party_identifiers')
    .select('party_id')
    .where('type', '=', type)
    .where('value', '=', value)
    .orderBy('created_at')
    .execute();

export async function upsertAddress(db: Db, row: Insertable<PartyAddressesTable>) {
  const { id: _id, party_id: _p, kind: _k, ...rest } = row;
  return db
    .insertInto('party_addresses')
    .values(row)
    .onConflict((oc) => oc.columns(['party_id', 'kind']).doUpdateSet(rest))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const deleteAddress = async (db: Db, partyId: string, kind: string) =>
  Number(
    (
      await db
        .deleteFrom('party_addresses')
        .where('party_id', '=', partyId)
        .where('kind', '=', kind as 'visiting')
        .executeTakeFirst()
    ).numDeletedRows,
  );

export async function insertDigitalAddresses(db: Db, rows: Insertable<DigitalAddressesTable>[]) {
  if (rows.length > 0) await db.insertInto('digital_addresses').values(rows).execute();
}

export const selectDigitalAddress = (db: Db, partyId: string, id: string) =>
  db
    .selectFrom('digital_addresses')
    .selectAll()
    .where('id', '=', id)
    .where('party_id', '=', partyId)
    .executeTakeFirst();

export const updateDigitalAddressRow = (db: Db, id: string, set: Updateable<DigitalAddressesTable>) =>
  db.updateTable('digital_addresses').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteDigitalAddress = async (db: Db, partyId: string, id: string) =>
  Number(
    (
      await db
        .deleteFrom('digital_addresses')
        .where('id', '=', id)
        .where('party_id', '=', partyId)
        .executeTakeFirst()
    ).numDeletedRows,
  );

/** Un-mark the preferred address of this kind, so a new one can be preferred (one per kind). */
export async function unmarkPreferred(db: Db, partyId: string, kind: DigitalAddressesTable['kind']) {
  await db
    .updateTable('digital_addresses')
    .set({ is_preferred: false })
    .where('party_id', '=', partyId)
    .where('kind', '=', kind)
    .where('is_preferred', '=', true)
    .execute();
}

/** The owners of several addresses of one kind at once (value, party) pairs. */
export const findDigitalAddressOwnersOf = (db: Db, kind: DigitalAddressesTable['kind'], values: string[]) =>
  db
    .selectFrom('digital_addresses')
    .select(['value', 'party_id'])
    .distinct()
    .where('kind', '=', kind)
    .where('value', 'in', values)
    .where('party_id', 'is not', null)
    .execute();

/** Active parties (not merged away) that verified this e-mail address (lower case). */
export const findVerifiedEmailOwners = (db: Db, email: string) =>
  db
    .selectFrom('digital_addresses as d')
    .innerJoin('parties as p', 'p.id', 'd.party_id')
    .select('p.id')
    .distinct()
    .where('d.kind', '=', 'email')
    .where('d.value', '=', email)
    .where('d.verified_at', 'is not', null)
    .where('p.active', '=', true)
    .where('p.merged_into', 'is', null)
    .execute();

/** The party and every party merged into it, at any depth. */
export async function mergedPartyIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE merged(id) AS (
      SELECT id FROM parties WHERE id = ${id}
      UNION
      SELECT p.id FROM parties p JOIN merged m ON p.merged_into = m.id
    )
    SELECT id FROM merged`.execute(db);
  return rows.map((r) => r.id);
}

// ── Merge: move what the duplicate has to the survivor ──────────────────────

export async function moveIdentifiers(db: Db, fromId: string, toId: string) {
  // Identical identifiers already on the survivor are dropped from the duplicate, the rest move.
  await db
    .deleteFrom('party_identifiers as d')
    .where('d.party_id', '=', fromId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('party_identifiers as s')
          .select('s.id')
          .where('s.party_id', '=', toId)
          .whereRef('s.type', '=', 'd.type')
          .whereRef('s.value', '=', 'd.value'),
      ),
    )
    .execute();
  await db.updateTable('party_identifiers').set({ party_id: toId }).where('party_id', '=', fromId).execute();
}

export async function moveDigitalAddresses(db: Db, fromId: string, toId: string) {
  await db
    .deleteFrom('digital_addresses as d')
    .where('d.party_id', '=', fromId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('digital_addresses as s')
          .select('s.id')
          .where('s.party_id', '=', toId)
          .whereRef('s.kind', '=', 'd.kind')
          .whereRef('s.value', '=', 'd.value'),
      ),
    )
    .execute();
  // The survivor's preferred address stays preferred; a moved one only when the survivor had none.
  await db
    .updateTable('digital_addresses as d')
    .set({ is_preferred: false })
    .where('d.party_id', '=', fromId)
    .where('d.is_preferred', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('digital_addresses as s')
          .select('s.id')
          .where('s.party_id', '=', toId)
          .whereRef('s.kind', '=', 'd.kind')
          .where('s.is_preferred', '=', true),
      ),
    )
    .execute();
  await db.updateTable('digital_addresses').set({ party_id: toId }).where('party_id', '=', fromId).execute();
}

/** Address kinds the survivor lacks move over; the duplicate keeps the others (its history). */
export async function moveMissingAddresses(db: Db, fromId: string, toId: string) {
  await db
    .updateTable('party_addresses as d')
    .set({ party_id: toId })
    .where('d.party_id', '=', fromId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('party_addresses as s')
            .select('s.id')
            .where('s.party_id', '=', toId)
            .whereRef('s.kind', '=', 'd.kind'),
        ),
      ),
    )
    .execute();
}

/** Contact persons of a merged-away organisation now belong to the survivor. */
export async function moveContactPersons(db: Db, fromId: string, toId: string, at: Date) {
  await db
    .updateTable('parties')
    .set({ organisation_id: toId, updated_at: at })
    .where('organisation_id', '=', fromId)
    .execute();
}

/** Active parties (not merged away) with this phone number verified. */
/** Only what a notice needs of each party (name, whether it still counts), without its children. */
export const selectPartyStates = (db: Db, ids: string[]) =>
  db
    .selectFrom('parties')
    .select(['id', 'display_name', 'active', 'merged_into'])
    .where('id', 'in', ids)
    .execute();

/** The active, unmerged parties that verified each of these numbers (a batch of inbound messages at once). */
export const findVerifiedPhoneOwnersOf = (db: Db, e164s: string[]) =>
  db
    .selectFrom('digital_addresses as d')
    .innerJoin('parties as p', 'p.id', 'd.party_id')
    .select(['p.id', 'd.value'])
    .distinct()
    .where('d.kind', '=', 'phone')
    .where('d.value', 'in', e164s)
    .where('d.verified_at', 'is not', null)
    .where('p.active', '=', true)
    .where('p.merged_into', 'is', null)
    .execute();
