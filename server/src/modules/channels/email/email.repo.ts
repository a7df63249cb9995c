// The only SQL of the e-mail channel: Message-IDs of mail in and out, the daily auto-reply marks and
// the quarantine.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { EmailMessagesTable, EmailQuarantineTable } from './email.tables.ts';

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

/** True the first time for this thread on this day. */
export async function markAutoReply(db: Db, threadId: string, day: string): Promise<boolean> {
  const inserted = await db
    .insertInto('email_auto_replies')
    .values({ thread_id: threadId, day })
    .onConflict((oc) => oc.columns(['thread_id', 'day']).doNothing())
    .returning('thread_id')
    .executeTakeFirst();
  return !!inserted;
}

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
