// The only SQL of the subscriptions module (except the fan-out into the notification outbox, which
// lives with the notifications module: notifications/notifications.fanout.ts).
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { SubscriptionTopicsTable, TopicScope } from './subscriptions.tables.ts';

export type TopicRow = {
  code: string;
  name: string;
  description: string;
  scope: TopicScope;
  active: boolean;
};

export const listTopics = (db: Db, activeOnly: boolean): Promise<TopicRow[]> =>
  db
    .selectFrom('subscription_topics')
    .select(['code', 'name', 'description', 'scope', 'active'])
    .$if(activeOnly, (q) => q.where('active', '=', true))
    .orderBy('name')
    .execute();

export const findTopic = (db: Db, code: string): Promise<TopicRow | undefined> =>
  db
    .selectFrom('subscription_topics')
    .select(['code', 'name', 'description', 'scope', 'active'])
    .where('code', '=', code)
    .executeTakeFirst();

export async function insertTopics(db: Db, topics: Insertable<SubscriptionTopicsTable>[]) {
  if (topics.length === 0) return;
  await db
    .insertInto('subscription_topics')
    .values(topics)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** Subscribers per topic, each party counted once. */
export const subscriberCounts = (db: Db) =>
  db
    .selectFrom('subscriptions')
    .select(['topic_code', sql<number>`count(DISTINCT party_id)::int`.as('subscribers')])
    .groupBy('topic_code')
    .execute();

export type SubscriptionRow = {
  id: string;
  party_id: string;
  topic_code: string;
  postcode_area: string | null;
  case_id: string | null;
  created_at: Date;
};

export const subscriptionsOf = (db: Db, partyIds: string[]): Promise<SubscriptionRow[]> =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where('party_id', 'in', partyIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export type NewSubscription = Omit<SubscriptionRow, 'created_at'> & { created_at: Date };

/** Inserts unless the party already follows this topic (area, case); returns the row either way. */
export async function insertSubscription(
  db: Db,
  row: NewSubscription,
): Promise<{ row: SubscriptionRow; created: boolean }> {
  const inserted = await db
    .insertInto('subscriptions')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('party_id', '=', row.party_id)
    .where('topic_code', '=', row.topic_code)
    .where((eb) =>
      row.postcode_area === null
        ? eb('postcode_area', 'is', null)
        : eb('postcode_area', '=', row.postcode_area),
    )
    .where((eb) => (row.case_id === null ? eb('case_id', 'is', null) : eb('case_id', '=', row.case_id)))
    .executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

export async function deleteSubscription(db: Db, id: string, partyIds: string[]): Promise<boolean> {
  const r = await db
    .deleteFrom('subscriptions')
    .where('id', '=', id)
    .where('party_id', 'in', partyIds)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type AnnouncementRow = {
  id: string;
  topic_code: string;
  postcode_area: string | null;
  case_id: string | null;
  title: string;
  body: string;
  published_by: string | null;
  published_at: Date;
  recipients: number;
};

const announcementColumns = [
  'a.id',
  'a.topic_code',
  'a.postcode_area',
  'a.case_id',
  'a.title',
  'a.body',
  'a.published_by',
  'a.published_at',
  'a.recipients',
] as const;

export const findAnnouncementByKey = (db: Db, requestKey: string) =>
  db
    .selectFrom('announcements as a')
    .select(announcementColumns)
    .where('a.request_key', '=', requestKey)
    .executeTakeFirst();

/** Inserts the announcement; undefined when another publish with the same request key won. */
export const insertAnnouncement = (db: Db, row: AnnouncementRow & { request_key: string | null }) =>
  db
    .insertInto('announcements')
    .values(row)
    .onConflict((oc) => oc.column('request_key').where('request_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();

export const setRecipients = (db: Db, id: string, added: number) =>
  db
    .updateTable('announcements')
    .set((eb) => ({ recipients: eb('recipients', '+', added) }))
    .where('id', '=', id)
    .returning('recipients')
    .executeTakeFirstOrThrow();

export const listAnnouncements = (db: Db, limit: number) =>
  db
    .selectFrom('announcements as a')
    .innerJoin('subscription_topics as t', 't.code', 'a.topic_code')
    .select([...announcementColumns, 't.name as topic_name'])
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
