// The only SQL of the notifications module: the outbox (queue, claim, settle), the dead-letter list
// and the templates with their history. The party's message preferences are the portal's table
// (it writes them); this module only reads them, set-based per batch.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  NotificationChannel,
  NotificationsTable,
  NotificationTemplatesTable,
} from './notifications.tables.ts';

/** False when the dedupe key was queued before. */
export async function insertNotification(db: Db, row: Insertable<NotificationsTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export type ClaimedNotification = {
  id: string;
  party_id: string;
  message_kind: NotificationsTable['message_kind'];
  template_code: string;
  data: Record<string, string>;
  case_id: string | null;
  attempts: number;
};

/**
 * Claims a batch: SKIP LOCKED so workers never take the same rows, and next_attempt_at moved to the
 * end of the lease so nobody claims them again while they are being sent. A worker that dies after
 * sending but before settling lets the lease run out, and that batch is sent again (at worst once).
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<ClaimedNotification>`
    UPDATE notifications n SET attempts = n.attempts + 1, next_attempt_at = ${leaseUntil}, last_attempt_at = ${now}
    FROM (
      SELECT id FROM notifications
      WHERE status = 'queued' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED) due
    WHERE n.id = due.id
    RETURNING n.id, n.party_id, n.message_kind, n.template_code, n.data, n.case_id, n.attempts`.execute(db);
  return result.rows;
}

export type SentRow = { id: string; channel: NotificationChannel; address: string; contactId: string | null };

/** One statement for the whole batch. */
export async function markSent(db: Db, rows: SentRow[], at: Date) {
  if (rows.length === 0) return;
  await sql`
    UPDATE notifications n
    SET status = 'sent', channel = u.channel, address = u.address, contact_id = u.contact_id,
        sent_at = ${at}, last_error = NULL
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.channel)}::text[],
                ${rows.map((r) => r.address)}::text[], ${rows.map((r) => r.contactId)}::uuid[])
         AS u(id, channel, address, contact_id)
    WHERE n.id = u.id`.execute(db);
}

export type FailedRow = {
  id: string;
  dead: boolean;
  retryAt: Date;
  error: string;
  channel: NotificationChannel | null;
};

export async function markFailed(db: Db, rows: FailedRow[]) {
  if (rows.length === 0) return;
  await sql`
    UPDATE notifications n
    SET status = CASE WHEN u.dead THEN 'dead' ELSE 'queued' END, next_attempt_at = u.retry_at,
        last_error = u.error, channel = u.channel
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.dead)}::boolean[],
                ${rows.map((r) => r.retryAt.toISOString())}::timestamptz[], ${rows.map((r) => r.error)}::text[],
                ${rows.map((r) => r.channel)}::text[])
         AS u(id, dead, retry_at, error, channel)
    WHERE n.id = u.id`.execute(db);
}

/** The channel each party chose per kind of message: key `${partyId}:${kind}`. */
export async function findPreferences(db: Db, partyIds: string[]) {
  if (partyIds.length === 0) return new Map<string, NotificationChannel>();
  const rows = await db
    .selectFrom('party_message_preferences')
    .select(['party_id', 'message_kind', 'channel'])
    .where('party_id', 'in', partyIds)
    .execute();
  return new Map(rows.map((r) => [`${r.party_id}:${r.message_kind}`, r.channel as NotificationChannel]));
}

export const findDead = (db: Db, limit: number) =>
  db
    .selectFrom('notifications')
    .select([
      'id',
      'party_id',
      'message_kind',
      'template_code',
      'channel',
      'attempts',
      'last_error',
      'created_at',
      'last_attempt_at',
    ])
    .where('status', '=', 'dead')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();

/** Back in the queue, due now, with a fresh count of attempts; false when it is not dead (any more). */
export async function requeueDead(db: Db, id: string, now: Date) {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const findNotification = (db: Db, id: string) =>
  db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();

export const findNotificationsOfParty = (db: Db, partyId: string) =>
  db
    .selectFrom('notifications')
    .selectAll()
    .where('party_id', '=', partyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const allTemplates = (db: Db) =>
  db
    .selectFrom('notification_templates')
    .selectAll()
    .orderBy('code')
    .orderBy('channel')
    .orderBy('language')
    .execute();

export const findTemplate = (db: Db, code: string, channel: string, language: string) =>
  db
    .selectFrom('notification_templates')
    .selectAll()
    .where('code', '=', code)
    .where('channel', '=', channel as NotificationChannel)
    .where('language', '=', language)
    .forUpdate()
    .executeTakeFirst();

/** Keeps the text being replaced in the history, then stores the new one. */
export async function saveTemplate(
  db: Db,
  previous: { subject: string; body: string } | undefined,
  row: Insertable<NotificationTemplatesTable> & { updated_at: Date },
  versionId: string,
) {
  if (previous) {
    await db
      .insertInto('notification_template_versions')
      .values({
        id: versionId,
        code: row.code,
        channel: row.channel,
        language: row.language,
        subject: previous.subject,
        body: previous.body,
        saved_at: row.updated_at,
        saved_by: row.updated_by ?? null,
      })
      .execute();
  }
  await db
    .insertInto('notification_templates')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['code', 'channel', 'language']).doUpdateSet({
        subject: row.subject ?? '',
        body: row.body,
        updated_at: row.updated_at,
        updated_by: row.updated_by ?? null,
      }),
    )
    .execute();
}

export const templateHistory = (db: Db, code: string, channel: string, language: string) =>
  db
    .selectFrom('notification_template_versions')
    .selectAll()
    .where('code', '=', code)
    .where('channel', '=', channel)
    .where('language', '=', language)
    .orderBy('saved_at', 'desc')
    .limit(50)
    .execute();
