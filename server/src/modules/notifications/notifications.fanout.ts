// An announcement into the notification outbox for every subscriber, in one INSERT … SELECT.
// A documented exception to "a module's tables only through its service": queueing 100,000
// notifications one queueNotification call at a time costs 100,000 round trips; set-based it is one
// statement. The rows are the ones queueNotification would write (status 'queued', dedupe key per
// announcement and party), so delivery (notifications.delivery.ts) cannot tell them apart. Called only
// by the subscriptions module, in the transaction that stores the announcement.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export type Audience = {
  announcementId: string;
  topic: string;
  /** Only subscribers of this 4-digit postcode area (postcode_area topics). */
  postcodeArea: string | null;
  /** Only subscribers of this case (case topics). */
  caseId: string | null;
  title: string;
  body: string;
};

export const announcementDedupeKey = (announcementId: string, partyId: string) =>
  `announcement:${announcementId}:${partyId}`;

/**
 * Queues the announcement once per subscribed party; returns how many rows were new. A party that
 * follows the topic twice (two areas of one topic cannot both match, but a retried fan-out can)
 * gets it once: DISTINCT per party, and the dedupe key makes a second run insert nothing.
 */
export async function fanOutAnnouncement(db: Db, a: Audience, now: Date): Promise<number> {
  const data = JSON.stringify({ title: a.title, body: a.body });
  const r = await sql<{ queued: number }>`
    WITH audience AS (
      SELECT DISTINCT s.party_id
        FROM subscriptions s
       WHERE s.topic_code = ${a.topic}
         AND (${a.postcodeArea}::text IS NULL OR s.postcode_area = ${a.postcodeArea}::text)
         AND (${a.caseId}::uuid IS NULL OR s.case_id = ${a.caseId}::uuid)
    ), queued AS (
      INSERT INTO notifications
        (id, dedupe_key, party_id, message_kind, template_code, data, announcement_id, status,
         next_attempt_at, created_at)
      SELECT gen_random_uuid(), 'announcement:' || ${a.announcementId}::text || ':' || party_id::text,
             party_id, 'announcement', 'announcement', ${data}::jsonb, ${a.announcementId}::uuid,
             'queued', ${now}, ${now}
        FROM audience
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS queued FROM queued`.execute(db);
  return r.rows[0]?.queued ?? 0;
}

export type AnnouncementDelivery = { announcementId: string; queued: number; sent: number; dead: number };

/** Where the notifications of these announcements stand (queued, sent, dead), per announcement. */
export async function announcementDeliveries(db: Db, ids: string[]): Promise<AnnouncementDelivery[]> {
  if (ids.length === 0) return [];
  const r = await sql<AnnouncementDelivery>`
    SELECT announcement_id AS "announcementId",
           count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE status = 'sent')::int AS sent,
           count(*) FILTER (WHERE status = 'dead')::int AS dead
      FROM notifications
     WHERE announcement_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`))})
     GROUP BY announcement_id`.execute(db);
  return r.rows;
}
