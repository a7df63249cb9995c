import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OutboxMailTable } from './outbox.tables.ts';

export type MailRow = { id: string; dedupe_key: string; recipient: string; subject: string; body: string };

/** What delivery needs of a leased mail: the threading columns are null for plain notifications. */
export type LeasedMail = MailRow & {
  attempts: number;
  from_address: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string[] | null;
  headers: Record<string, string> | null;
  contact_id: string | null;
};

/** Many rows in one statement (unnest), so a sweep that queues thousands of mails stays one round trip. */
export async function insertMails(db: Db, rows: (MailRow & { created_at: Date })[]) {
  if (rows.length === 0) return;
  const col = <K extends keyof MailRow>(k: K) => rows.map((r) => r[k]);
  const at = rows[0]?.created_at ?? new Date();
  await sql`
    INSERT INTO outbox_mail (id, dedupe_key, recipient, subject, body, next_attempt_at, created_at)
    SELECT u.id, u.key, u.recipient, u.subject, u.body, ${at}, ${at}
    FROM unnest(${col('id')}::uuid[], ${col('dedupe_key')}::text[], ${col('recipient')}::text[],
                ${col('subject')}::text[], ${col('body')}::text[]) AS u(id, key, recipient, subject, body)
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(db);
}

/** Mails with their threading headers; how many were new (a dedupe key queued before is skipped). */
export async function insertThreadedMails(
  db: Db,
  rows: (Omit<Insertable<OutboxMailTable>, 'headers'> & { headers: Record<string, string> | null })[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('outbox_mail')
    .values(rows.map((row) => ({ ...row, headers: row.headers ? JSON.stringify(row.headers) : null })))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/**
 * Takes a lease on due mails. The lease, not a held transaction, keeps two workers from sending the
 * same mail while the SMTP conversation runs; a worker that dies mid-send lets the lease expire.
 */
export async function leaseDue(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<LeasedMail>`
    UPDATE outbox_mail SET leased_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_mail
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (leased_until IS NULL OR leased_until < ${now})
      ORDER BY next_attempt_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, dedupe_key, recipient, subject, body, attempts,
              from_address, message_id, in_reply_to, refs, headers, contact_id`.execute(db);
  return result.rows;
}

export async function markSent(db: Db, id: string, at: Date) {
  await db
    .updateTable('outbox_mail')
    .set({ status: 'sent', sent_at: at, leased_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, retryAt: Date, error: string) {
  await db
    .updateTable('outbox_mail')
    .set({ next_attempt_at: retryAt, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** The relay refused it for good (5xx): no more attempts. */
export async function markGivenUp(db: Db, id: string, at: Date, error: string) {
  await db
    .updateTable('outbox_mail')
    .set({ status: 'failed', failed_at: at, leased_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** The mails that deliver a contact (its reply, or an auto-reply), oldest first. */
export const findMailsOfContact = (db: Db, contactId: string) =>
  db
    .selectFrom('outbox_mail')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .execute();

export async function findMails(
  db: Db,
  filter: { recipient?: string; status?: 'pending' | 'sent' | 'failed' },
) {
  let q = db.selectFrom('outbox_mail').selectAll().orderBy('created_at');
  if (filter.recipient) q = q.where('recipient', '=', filter.recipient);
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.execute();
}
