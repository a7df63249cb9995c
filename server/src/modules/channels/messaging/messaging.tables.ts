// Kysely types of the messaging tables (migration 20261123T1540_messaging.sql).
import type { ColumnType } from 'kysely';
import type { NullableTimestamp, RequiredTimestamp } from '../../../db/schema.ts';

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
export type MessageStatus = 'received' | DeliveryStatus;

export interface MessagingConversationsTable {
  id: string;
  provider: string;
  channel: string;
  business_address: string;
  customer_address: string;
  last_contact_id: string | null;
  last_message_at: RequiredTimestamp;
  last_inbound_at: NullableTimestamp;
  /** 'YYYY-MM-DD', the Amsterdam date of the last auto-reply. */
  last_auto_reply_on: string | null;
  created_at: RequiredTimestamp;
}

export interface MessagingMessagesTable {
  id: string;
  conversation_id: string;
  contact_id: string;
  direction: 'in' | 'out';
  provider: string;
  external_id: string | null;
  status: MessageStatus;
  body: string | null;
  employee_id: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: NullableTimestamp;
  leased_until: NullableTimestamp;
  last_error: string | null;
  status_at: RequiredTimestamp;
  created_at: RequiredTimestamp;
}

export interface MessagingInboxTable {
  id: string;
  provider: string;
  kind: 'message' | 'status';
  event_key: string;
  event: ColumnType<unknown, string, string>;
  received_at: RequiredTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: NullableTimestamp;
  leased_until: NullableTimestamp;
  processed_at: NullableTimestamp;
  last_error: string | null;
}

export type MessagingTables = {
  messaging_conversations: MessagingConversationsTable;
  messaging_messages: MessagingMessagesTable;
  messaging_inbox: MessagingInboxTable;
};
