// The only SQL for messaging: conversations, provider message ids and the outbox.
import { randomUUID } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type {
  DeliveryStatus,
  MessagingConversationsTable,
  MessagingMessagesTable,
} from './messaging.tables.ts';

export type ConversationKey = {
  provider: string;
  channel: string;
  business_address: string;
  customer_address: string;
};

export async function findMessageByExternal(db: Db, provider: string, externalId: string) {
  return db
    .selectFrom('messaging_messages')
    .select(['id', 'contact_id'])
    .where('provider', '=', provider)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * The conversation with this sender on this number, created when new, and locked until the
 * transaction ends: messages from one sender are stored one after the other, so a replayed webhook
 * racing its original finds the original's message id.
 */
export async function lockConversation(db: Db, key: ConversationKey, id: string, now: Date) {
  await db
    .insertInto('messaging_conversations')
    .values({ id, ...key, last_message_at: now, created_at: now })
    .onConflict((oc) =>
      oc.columns(['provider', 'channel', 'business_address', 'customer_address']).doNothing(),
    )
    .execute();
  return db
    .selectFrom('messaging_conversations')
    .selectAll()
    .where('provider', '=', key.provider)
    .where('channel', '=', key.channel)
    .where('business_address', '=', key.business_address)
    .where('customer_address', '=', key.customer_address)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

const byKey = (a: ConversationKey, b: ConversationKey) =>
  a.provider.localeCompare(b.provider) ||
  a.channel.localeCompare(b.channel) ||
  a.business_address.localeCompare(b.business_address) ||
  a.customer_address.localeCompare(b.customer_address);

/**
 * lockConversation for a batch: the conversations created when new and locked, in one order for every
 * processor (so two batches with the same senders wait for each other instead of deadlocking).
 */
export async function lockConversations(db: Db, keys: ConversationKey[], now: Date) {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort(byKey);
  await db
    .insertInto('messaging_conversations')
    .values(sorted.map((key) => ({ id: randomUUID(), ...key, last_message_at: now, created_at: now })))
    .onConflict((oc) =>
      oc.columns(['provider', 'channel', 'business_address', 'customer_address']).doNothing(),
    )
    .execute();
  const rows = await db
    .selectFrom('messaging_conversations')
    .selectAll()
    .where((eb) =>
      eb(
        eb.refTuple('provider', 'channel', 'business_address', 'customer_address'),
        'in',
        sorted.map((k) => eb.tuple(k.provider, k.channel, k.business_address, k.customer_address)),
      ),
    )
    .orderBy('provider')
    .orderBy('channel')
    .orderBy('business_address')
    .orderBy('customer_address')
    .forUpdate()
    .execute();
  return rows;
}

/** The provider message ids of this batch that were stored before (replays). */
export async function findMessagesByExternal(db: Db, provider: string, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('messaging_messages')
    .select(['external_id', 'contact_id'])
    .where('provider', '=', provider)
    .where('external_id', 'in', externalIds)
    .execute();
}

export async function insertMessages(db: Db, rows: Insertable<MessagingMessagesTable>[]) {
  if (rows.length > 0) await db.insertInto('messaging_messages').values(rows).execute();
}

/** After a batch: each conversation's last message, in one statement. */
export async function updateConversations(
  db: Db,
  rows: { id: string; lastContactId: string; at: Date; autoReplyOn: string | null }[],
) {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map(
      (r) => sql`(${r.id}::uuid, ${r.lastContactId}::uuid, ${r.at}::timestamptz, ${r.autoReplyOn}::text)`,
    ),
  );
  await sql`
    UPDATE messaging_conversations c
    SET last_contact_id = v.contact_id, last_message_at = v.at, last_inbound_at = v.at,
        last_auto_reply_on = COALESCE(v.auto_reply_on, c.last_auto_reply_on)
    FROM (VALUES ${values}) AS v(id, contact_id, at, auto_reply_on)
    WHERE c.id = v.id`.execute(db);
}

/** The conversation a contact (in or out) belongs to, locked; undefined when it did not come through us. */
export async function lockConversationOfContact(db: Db, contactId: string) {
  return db
    .selectFrom('messaging_conversations as c')
    .innerJoin('messaging_messages as m', 'm.conversation_id', 'c.id')
    .selectAll('c')
    .where('m.contact_id', '=', contactId)
    .forUpdate(['c'])
    .executeTakeFirst();
}

export async function updateConversation(
  db: Db,
  id: string,
  patch: Partial<
    Pick<
      Insertable<MessagingConversationsTable>,
      'last_contact_id' | 'last_message_at' | 'last_inbound_at' | 'last_auto_reply_on'
    >
  >,
) {
  await db.updateTable('messaging_conversations').set(patch).where('id', '=', id).execute();
}

export async function insertMessage(db: Db, row: Insertable<MessagingMessagesTable>) {
  await db.insertInto('messaging_messages').values(row).execute();
}

export type DueMessage = {
  id: string;
  contact_id: string;
  provider: string;
  channel: string;
  business_address: string;
  customer_address: string;
  body: string;
  attempts: number;
  created_at: Date;
};

/**
 * Takes a lease on due outbound messages. The lease, not a held transaction, keeps two workers from
 * sending one message while the provider call runs; a worker that dies mid-send lets it expire.
 */
export async function leaseDue(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<DueMessage>`
    UPDATE messaging_messages m SET leased_until = ${leaseUntil}, attempts = m.attempts + 1
    FROM messaging_conversations c
    WHERE c.id = m.conversation_id AND m.id IN (
      SELECT id FROM messaging_messages
      WHERE status = 'queued' AND next_attempt_at <= ${now} AND (leased_until IS NULL OR leased_until < ${now})
      ORDER BY next_attempt_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING m.id, m.contact_id, m.provider, c.channel, c.business_address, c.customer_address,
              m.body, m.attempts, m.created_at`.execute(db);
  return result.rows;
}

/** Sent: the provider's id is kept; a status that already arrived for it is not overwritten. */
export async function markSent(db: Db, id: string, externalId: string, at: Date) {
  return db
    .updateTable('messaging_messages')
    .set({ status: 'sent', external_id: externalId, status_at: at, leased_until: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returning(['contact_id', 'employee_id'])
    .executeTakeFirst();
}

export async function markRetry(db: Db, id: string, retryAt: Date, error: string) {
  await db
    .updateTable('messaging_messages')
    .set({ next_attempt_at: retryAt, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, at: Date, error: string) {
  return db
    .updateTable('messaging_messages')
    .set({ status: 'failed', status_at: at, next_attempt_at: null, leased_until: null, last_error: error })
    .where('id', '=', id)
    .returning(['contact_id', 'employee_id'])
    .executeTakeFirst();
}

// Statuses only move forward: a 'delivered' arriving after 'read' changes nothing; 'failed' after
// 'delivered' neither (Meta can report a failed attempt of a message that got through later).
const rankNow = sql<number>`CASE status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
  WHEN 'read' THEN 3 ELSE 4 END`;
const rankOf: Record<Exclude<DeliveryStatus, 'queued'>, number> = {
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 2,
};

export async function applyStatus(
  db: Db,
  by: { provider: string; externalId: string },
  status: Exclude<DeliveryStatus, 'queued'>,
  at: Date,
  error: string | null,
) {
  return db
    .updateTable('messaging_messages')
    .set({
      status,
      status_at: at,
      ...(status === 'failed' ? { last_error: error, next_attempt_at: null } : {}),
    })
    .where('provider', '=', by.provider)
    .where('external_id', '=', by.externalId)
    .where('direction', '=', 'out')
    .where(rankNow, '<', rankOf[status])
    .returning(['contact_id', 'employee_id', 'status'])
    .executeTakeFirst();
}

export async function findOutbound(db: Db, contactId: string) {
  return db
    .selectFrom('messaging_messages')
    .select(['status', 'attempts', 'last_error', 'status_at', 'next_attempt_at'])
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'out')
    .executeTakeFirst();
}

// ── Inbox ──

export type InboxRow = {
  id: string;
  provider: string;
  kind: 'message' | 'status';
  event_key: string;
  event: string;
};

/** Stores new events; returns how many were new (a replayed event hits the unique key). */
export async function insertInbox(db: Db, rows: InboxRow[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('messaging_inbox')
    .values(rows.map((r) => ({ ...r, received_at: now, next_attempt_at: now })))
    .onConflict((oc) => oc.columns(['provider', 'kind', 'event_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function leaseInbox(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<{
    id: string;
    provider: string;
    kind: 'message' | 'status';
    event: unknown;
    attempts: number;
  }>`
    UPDATE messaging_inbox SET leased_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM messaging_inbox
      WHERE next_attempt_at <= ${now} AND (leased_until IS NULL OR leased_until < ${now})
      ORDER BY next_attempt_at, received_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, provider, kind, event, attempts`.execute(db);
  return result.rows;
}

export async function finishInbox(db: Db, id: string, at: Date | null, error: string | null) {
  await db
    .updateTable('messaging_inbox')
    .set({ processed_at: at, next_attempt_at: null, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Processed: the batch's inbox entries in one statement. */
export async function finishInboxAll(db: Db, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .updateTable('messaging_inbox')
    .set({ processed_at: at, next_attempt_at: null, leased_until: null, last_error: null })
    .where('id', 'in', ids)
    .execute();
}

export async function retryInbox(db: Db, id: string, retryAt: Date, error: string) {
  await db
    .updateTable('messaging_inbox')
    .set({ next_attempt_at: retryAt, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Unprocessed inbox entries: 'failed' (given up) or 'waiting' (to be tried again). No event content. */
export async function listInbox(db: Db, state: 'failed' | 'waiting', limit: number) {
  let q = db
    .selectFrom('messaging_inbox')
    .select(['id', 'provider', 'kind', 'received_at', 'attempts', 'next_attempt_at', 'last_error'])
    .where('processed_at', 'is', null)
    .orderBy('received_at')
    .limit(limit);
  q =
    state === 'failed' ? q.where('next_attempt_at', 'is', null) : q.where('next_attempt_at', 'is not', null);
  return q.execute();
}

export async function retryInboxNow(db: Db, id: string, now: Date) {
  return db
    .updateTable('messaging_inbox')
    .set({ next_attempt_at: now, attempts: 0, leased_until: null, last_error: null })
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}
