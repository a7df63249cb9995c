// The only SQL for threads (conversations across channels).
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ThreadsTable } from '../../db/schema.ts';

/** The contacts' thread columns, locked in id order (two batches wait instead of deadlocking). */
export async function lockContactThreads(db: Db, contactIds: string[]) {
  return db
    .selectFrom('contacts')
    .select(['id', 'number', 'subject', 'thread_id'])
    .where('id', 'in', contactIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function insertThreads(db: Db, rows: Insertable<ThreadsTable>[]) {
  if (rows.length > 0) await db.insertInto('threads').values(rows).execute();
}

export async function setContactThreads(db: Db, pairs: { contactId: string; threadId: string }[]) {
  if (pairs.length === 0) return;
  const values = sql.join(pairs.map((p) => sql`(${p.contactId}::uuid, ${p.threadId}::uuid)`));
  await sql`UPDATE contacts c SET thread_id = v.thread_id FROM (VALUES ${values}) AS v(id, thread_id)
    WHERE c.id = v.id`.execute(db);
}

/** Threads become active at the given times (never earlier than they were), in one statement. */
export async function touchThreads(db: Db, rows: { id: string; at: Date }[]) {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}::uuid, ${r.at}::timestamptz)`));
  await sql`UPDATE threads t SET last_activity_at = greatest(t.last_activity_at, v.at)
    FROM (VALUES ${values}) AS v(id, at) WHERE t.id = v.id`.execute(db);
}

export async function findThreads(db: Db, by: { ids: string[] } | { reference: string }) {
  let q = db.selectFrom('threads').selectAll();
  if ('ids' in by) {
    if (by.ids.length === 0) return [];
    q = q.where('id', 'in', by.ids);
  } else q = q.where('reference', '=', by.reference);
  return q.execute();
}

export async function threadContactIds(db: Db, threadId: string, includeConfidential: boolean) {
  let q = db
    .selectFrom('contacts')
    .select('id')
    .where('thread_id', '=', threadId)
    .orderBy('occurred_at')
    .orderBy('created_at');
  if (!includeConfidential) q = q.where('confidential', '=', false);
  return (await q.execute()).map((r) => r.id);
}
