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

/**
 * Queues the announcement once per subscribed party; returns how many rows were new. A party gets
 * it once: DISTINCT per party, parties that already have this announcement are left out (a retried
 * fan-out inserts nothing), and the unique dedupe key stops anything that slips past both. The
 * anti-join is used instead of ON CONFLICT DO NOTHING: on the first run it reads an empty index
 * range once, where ON CONFLICT makes every one of 100,000 inserts speculative (a quarter more CPU
 * in bench:fanout).
 */
export async function fanOutAnnouncement(db: Db, a: Audience, now: Date): Promise<number> {
  const data = JSON.stringify({ title: a.title, body: a.body });
  const r = await sql`
    INSERT INTO notifications
      (id, dedupe_key, party_id, message_kind, template_code, data, announcement_id, status,
       next_attempt_at, created_at)
    SELECT gen_random_uuid(), 'announcement:' || ${a.announcementId}::text || ':' || s.party_id::text,
           s.party_id, 'announcement', 'announcement', ${data}::jsonb, ${a.announcementId}::uuid,
           'queued', ${now}, ${now}
      FROM (SELECT DISTINCT party_id
              FROM subscriptions
             WHERE topic_code = ${a.topic}
               AND (${a.postcodeArea}::text IS NULL OR postcode_area = ${a.postcodeArea}::text)
               AND (${a.caseId}::uuid IS NULL OR case_id = ${a.caseId}::uuid)) s
     WHERE NOT EXISTS (SELECT 1 FROM notifications n
                        WHERE n.announcement_id = ${a.announcementId}::uuid AND n.party_id = s.party_id)`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
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
