// Kysely types of the subscriptions module's tables (migrations 20261204T0700, 20261204T0720).
import type { ColumnType } from 'kysely';
import type { RequiredTimestamp, Timestamp } from '../../db/schema.ts';

export type TopicScope = 'general' | 'postcode_area' | 'case';

export interface SubscriptionTopicsTable {
  code: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  scope: ColumnType<TopicScope, TopicScope | undefined, TopicScope>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SubscriptionsTable {
  id: string;
  party_id: string;
  topic_code: string;
  postcode_area: string | null;
  case_id: string | null;
  created_at: Timestamp;
}

export interface AnnouncementsTable {
  id: string;
  topic_code: string;
  postcode_area: string | null;
  case_id: string | null;
  title: string;
  body: string;
  published_by: string | null;
  published_at: RequiredTimestamp;
  recipients: ColumnType<number, number | undefined, number>;
  request_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SubscriptionsTables {
  subscription_topics: SubscriptionTopicsTable;
  subscriptions: SubscriptionsTable;
  announcements: AnnouncementsTable;
}
