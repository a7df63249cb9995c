// Kysely types of the notifications module's tables (migrations 20261204T0700, 20261204T0701).
// party_message_preferences is declared by the portal (preferences.tables.ts), which writes it.
import type { ColumnType } from 'kysely';
import type { Json, NullableTimestamp, RequiredTimestamp, Timestamp } from '../../db/schema.ts';

export type NotificationKind = 'case_status' | 'callback' | 'document' | 'announcement';
export type NotificationChannel = 'email' | 'sms' | 'whatsapp' | 'post';
export type NotificationStatus = 'queued' | 'sent' | 'dead';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface NotificationTemplatesTable {
  code: string;
  channel: NotificationChannel;
  language: string;
  subject: Defaulted<string>;
  body: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface NotificationTemplateVersionsTable {
  id: string;
  code: string;
  channel: string;
  language: string;
  subject: string;
  body: string;
  saved_at: RequiredTimestamp;
  saved_by: string | null;
}

export interface NotificationsTable {
  id: string;
  dedupe_key: string;
  party_id: string;
  message_kind: NotificationKind;
  template_code: string;
  data: Json<Record<string, string>>;
  case_id: string | null;
  announcement_id: string | null;
  status: Defaulted<NotificationStatus>;
  channel: NotificationChannel | null;
  address: string | null;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  contact_id: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
}

export type NotificationsTables = {
  notifications: NotificationsTable;
  notification_templates: NotificationTemplatesTable;
  notification_template_versions: NotificationTemplateVersionsTable;
};
