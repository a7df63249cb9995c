// The only SQL for chat_conversations, chat_messages and satisfaction_scores.
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  ChatConversationsTable,
  ChatMessagesTable,
  ChatStatus,
  SatisfactionScoresTable,
} from './chat.tables.ts';

export async function insertConversation(db: Db, row: Insertable<ChatConversationsTable>) {
  await db.insertInto('chat_conversations').values(row).execute();
}

export async function findConversation(db: Db, id: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('chat_conversations').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateConversation(db: Db, id: string, set: Updateable<ChatConversationsTable>) {
  await db.updateTable('chat_conversations').set(set).where('id', '=', id).execute();
}

/** Takes the next message number; the row lock orders concurrent writers of one conversation. */
export async function takeSeq(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('chat_conversations')
    .set((eb) => ({ next_seq: eb('next_seq', '+', 1) }))
    .where('id', '=', id)
    .returning('next_seq')
    .executeTakeFirstOrThrow();
  return row.next_seq - 1;
}

export async function insertMessage(db: Db, row: Insertable<ChatMessagesTable>) {
  await db.insertInto('chat_messages').values(row).execute();
}

export async function findMessageByClientId(db: Db, conversationId: string, clientId: string) {
  return db
    .selectFrom('chat_messages')
    .select(['seq'])
    .where('conversation_id', '=', conversationId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function messagesAfter(db: Db, conversationId: string, afterSeq: number) {
  return db
    .selectFrom('chat_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

const sqlFalse = sql<boolean>`false`;

export async function listConversations(
  db: Db,
  f: { statuses: ChatStatus[]; teamIds?: string[]; employeeId?: string },
) {
  let q = db
    .selectFrom('chat_conversations')
    .selectAll()
    .where('status', 'in', f.statuses)
    .orderBy('waiting_since')
    .orderBy('created_at');
  if (f.teamIds) q = f.teamIds.length ? q.where('team_id', 'in', f.teamIds) : q.where(() => sqlFalse);
  if (f.employeeId) q = q.where('employee_id', '=', f.employeeId);
  return q.limit(200).execute();
}

export async function insertScore(db: Db, row: Insertable<SatisfactionScoresTable>) {
  const inserted = await db
    .insertInto('satisfaction_scores')
    .values(row)
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export async function setScoreContact(db: Db, conversationId: string, contactId: string) {
  await db
    .updateTable('satisfaction_scores')
    .set({ contact_id: contactId })
    .where('conversation_id', '=', conversationId)
    .execute();
}

export async function scoresOfContacts(db: Db, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db.selectFrom('satisfaction_scores').selectAll().where('contact_id', 'in', contactIds).execute();
}
