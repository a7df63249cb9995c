// The only SQL for chat_conversations, chat_messages and satisfaction_scores.
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  ArticleSource,
  ChatConversationsTable,
  ChatSender,
  ChatStatus,
  Choice,
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

/** Links a conversation without a party to one (a resident who logged in); never changes a party. */
export async function linkParty(db: Db, id: string, partyId: string) {
  await db
    .updateTable('chat_conversations')
    .set({ party_id: partyId })
    .where('id', '=', id)
    .where('party_id', 'is', null)
    .execute();
}

export type NewMessageRow = {
  conversationId: string;
  sender: ChatSender;
  clientId: string | null;
  text: string;
  source: ArticleSource | null;
  choices: Choice[] | null;
  employeeId: string | null;
  now: Date;
  /** Store it only while the conversation has this status (the bot speaks only while it has the chat). */
  onlyIfStatus?: ChatStatus;
  /** A closed conversation takes no more messages, except the system's. */
  allowClosed: boolean;
  /** A bot answer from an article: remember the article and reset the bot's misses. */
  matchedArticleId?: string;
};

/**
 * Appends a message in one statement: the conversation's row takes the next number (its row lock
 * orders concurrent writers of one conversation, and a failed insert gives the number back), the
 * message is inserted, and the number returned. A resident message whose clientId was stored before
 * returns that earlier number with duplicate=true. Null when nothing was stored: no such
 * conversation, closed, or not in onlyIfStatus.
 */
export async function appendMessage(
  db: Db,
  m: NewMessageRow,
): Promise<{ seq: number; duplicate: boolean } | null> {
  const article = m.matchedArticleId
    ? sql`, unknown_answers = 0, matched_article_id = ${m.matchedArticleId}::uuid`
    : sql``;
  const status = m.onlyIfStatus ? sql`AND status = ${m.onlyIfStatus}` : sql``;
  const open = m.allowClosed ? sql`` : sql`AND status <> 'closed'`;
  try {
    const { rows } = await sql<{ seq: number; duplicate: boolean }>`
      WITH dup AS (
        SELECT seq FROM chat_messages WHERE conversation_id = ${m.conversationId}::uuid AND client_id = ${m.clientId}
      ), c AS (
        UPDATE chat_conversations SET next_seq = next_seq + 1, updated_at = ${m.now}::timestamptz ${article}
         WHERE id = ${m.conversationId}::uuid AND NOT EXISTS (SELECT 1 FROM dup) ${open} ${status}
        RETURNING next_seq - 1 AS seq
      ), m AS (
        INSERT INTO chat_messages (conversation_id, seq, sender, client_id, text, source, choices, employee_id, created_at)
        SELECT ${m.conversationId}::uuid, c.seq, ${m.sender}, ${m.clientId}::text, ${m.text}::text,
               ${m.source ? JSON.stringify(m.source) : null}::jsonb, ${m.choices ? JSON.stringify(m.choices) : null}::jsonb,
               ${m.employeeId}::uuid, ${m.now}::timestamptz
          FROM c
        RETURNING seq
      )
      SELECT seq, false AS duplicate FROM m UNION ALL SELECT seq, true AS duplicate FROM dup`.execute(db);
    return rows[0] ?? null;
  } catch (err) {
    // The same clientId resent while its first copy was being stored: the first copy won.
    if ((err as { code?: string }).code !== '23505' || !m.clientId) throw err;
    const seen = await findMessageByClientId(db, m.conversationId, m.clientId);
    if (!seen) throw err;
    return { seq: seen.seq, duplicate: true };
  }
}

/** One more bot answer without a good article; the count, or null when the bot no longer has the chat. */
export async function countMiss(db: Db, id: string): Promise<number | null> {
  const row = await db
    .updateTable('chat_conversations')
    .set((eb) => ({ unknown_answers: eb('unknown_answers', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'bot')
    .returning('unknown_answers')
    .executeTakeFirst();
  return row?.unknown_answers ?? null;
}

/** Words as PostgreSQL's Dutch dictionary stems them (null for a stop word), for the bot's index. */
export async function stemWords(db: Db, words: string[]): Promise<Map<string, string | null>> {
  const { rows } = await sql<{ w: string; v: string }>`
    SELECT w, to_tsvector('dutch', w)::text AS v FROM unnest(${words}::text[]) AS w`.execute(db);
  return new Map(rows.map((r) => [r.w, /^'((?:[^']|'')*)'/.exec(r.v)?.[1]?.replaceAll("''", "'") ?? null]));
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
