// The SQL of contacts.batch.ts: one multi-row INSERT per table for a batch of contacts.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AttachmentsTable, ContactPartiesTable, ContactsTable } from '../../db/schema.ts';

/** Their ids and numbers (RETURNING promises no order: match them by id). */
export async function insertContacts(db: Db, rows: Insertable<ContactsTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto('contacts').values(rows).returning(['id', 'number']).execute();
}

export async function insertInvolvements(db: Db, rows: Insertable<ContactPartiesTable>[]) {
  if (rows.length > 0) await db.insertInto('contact_parties').values(rows).execute();
}

export async function insertAttachments(db: Db, rows: Insertable<AttachmentsTable>[]) {
  if (rows.length > 0) await db.insertInto('attachments').values(rows).execute();
}
