// The only SQL of the e-mail channel: Message-IDs of mail in and out, the daily auto-reply marks and
// the quarantine.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { EmailInboxTable, EmailMessagesTable, EmailQuarantineTable } from './email.tables.ts';

export const findMessages = (db: Db, messageIds: string[]) =>
  messageIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('email_messages').selectAll().where('message_id', 'in', messageIds).execute();

/** False when this Message-ID was recorded before (a second delivery of the same mail). */
export async function insertMessage(db: Db, row: Insertable<EmailMessagesTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('email_messages')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

/** Many at once; how many were new (a Message-ID recorded before is left as it was). */
export async function insertMessages(db: Db, rows: Insertable<EmailMessagesTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('email_messages')
    .values(rows)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** The mail (newest first) that a contact is or answers: its Message-ID and the resident's address. */
export const messagesOfContacts = (db: Db, contactIds: string[]) =>
  contactIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('email_messages')
        .selectAll()
        .where('contact_id', 'in', contactIds)
        .orderBy('created_at', 'desc')
        .execute();

/** The threads that had no auto-reply on this day yet, now marked (in id order, like every batch). */
export async function markAutoReplies(db: Db, threadIds: string[], day: string): Promise<Set<string>> {
  if (threadIds.length === 0) return new Set();
  const inserted = await db
    .insertInto('email_auto_replies')
    .values([...new Set(threadIds)].sort().map((thread_id) => ({ thread_id, day })))
    .onConflict((oc) => oc.columns(['thread_id', 'day']).doNothing())
    .returning('thread_id')
    .execute();
  return new Set(inserted.map((r) => r.thread_id));
}

/** The mail of these threads' contacts, newest first, each with its thread. */
export const messagesOfThreads = (db: Db, threadIds: string[]) =>
  threadIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('email_messages as m')
        .innerJoin('contacts as c', 'c.id', 'm.contact_id')
        .selectAll('m')
        .select('c.thread_id')
        .where('c.thread_id', 'in', threadIds)
        .orderBy('m.created_at', 'desc')
        .execute();

export async function insertQuarantine(db: Db, row: Insertable<EmailQuarantineTable>) {
  await db
    .insertInto('email_quarantine')
    .values(row)
    .onConflict((oc) => oc.column('message_id').where('message_id', 'is not', null).doNothing())
    .execute();
}

export const listQuarantine = (db: Db, limit: number, offset: number) =>
  db
    .selectFrom('email_quarantine')
    .select([
      'id',
      'reason',
      'detail',
      'message_id',
      'envelope_from',
      'envelope_to',
      'subject',
      'size_bytes',
      'received_at',
    ])
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();

export const countQuarantine = (db: Db) =>
  db
    .selectFrom('email_quarantine')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

export const findQuarantined = (db: Db, id: string) =>
  db.selectFrom('email_quarantine').selectAll().where('id', '=', id).executeTakeFirst();

// ── Inbox: received, not yet a contact ──

/** False when a mail with this Message-ID was received before. */
export async function insertInbox(db: Db, row: Insertable<EmailInboxTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('email_inbox')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export const findInboxByMessageId = (db: Db, messageId: string) =>
  db
    .selectFrom('email_inbox')
    .select(['id', 'contact_id', 'status'])
    .where('message_id', '=', messageId)
    .executeTakeFirst();

export type LeasedInbox = {
  id: string;
  message_id: string;
  envelope_from: string | null;
  envelope_to: string[];
  raw: Buffer;
  size_bytes: number;
  attempts: number;
  received_at: Date;
};

/** Takes a lease on due mails (oldest first), so two processors never take the same one. */
export async function leaseInbox(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<LeasedInbox>`
    UPDATE email_inbox SET leased_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM email_inbox
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (leased_until IS NULL OR leased_until < ${now})
      ORDER BY next_attempt_at, received_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, message_id, envelope_from, envelope_to, raw, size_bytes, attempts, received_at`.execute(db);
  return result.rows.sort((a, b) => new Date(a.received_at).getTime() - new Date(b.received_at).getTime());
}

/** Processed: the contact each became (null when it turned out to be a duplicate); the raw mail is dropped. */
export async function markInboxDone(db: Db, done: { id: string; contactId: string | null }[], at: Date) {
  if (done.length === 0) return;
  await sql`
    UPDATE email_inbox i
    SET status = 'done', contact_id = d.contact_id, processed_at = ${at}, leased_until = NULL,
        last_error = NULL, raw = ''::bytea
    FROM unnest(${done.map((d) => d.id)}::uuid[], ${done.map((d) => d.contactId)}::uuid[]) AS d(id, contact_id)
    WHERE i.id = d.id`.execute(db);
}

export async function markInboxRetry(db: Db, id: string, retryAt: Date, error: string) {
  await db
    .updateTable('email_inbox')
    .set({ next_attempt_at: retryAt, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

export async function markInboxFailed(db: Db, id: string, at: Date, error: string) {
  await db
    .updateTable('email_inbox')
    .set({ status: 'failed', processed_at: at, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

export async function countDueInbox(db: Db, now: Date) {
  const row = await db
    .selectFrom('email_inbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
