import type { ColumnType } from 'kysely';
import type { NullableTimestamp, RequiredTimestamp } from '../../../db/schema.ts';

export interface EmailMessagesTable {
  id: string;
  message_id: string;
  direction: 'in' | 'out';
  contact_id: string;
  counterpart: string;
  mailbox: string | null;
  kind: 'mail' | 'auto-reply';
  created_at: RequiredTimestamp;
}

export interface EmailAutoRepliesTable {
  thread_id: string;
  day: string;
}

export interface EmailQuarantineTable {
  id: string;
  reason: string;
  detail: string;
  message_id: string | null;
  envelope_from: string | null;
  envelope_to: string[];
  subject: string | null;
  size_bytes: number;
  raw: Buffer;
  received_at: RequiredTimestamp;
}

export interface EmailInboxTable {
  id: string;
  message_id: string;
  envelope_from: string | null;
  envelope_to: string[];
  raw: Buffer;
  size_bytes: number;
  received_at: RequiredTimestamp;
  status: ColumnType<'pending' | 'done' | 'failed', 'pending' | 'done' | 'failed' | undefined>;
  attempts: ColumnType<number, number | undefined>;
  next_attempt_at: RequiredTimestamp;
  leased_until: NullableTimestamp;
  last_error: string | null;
  contact_id: string | null;
  processed_at: NullableTimestamp;
}

export type EmailTables = {
  email_inbox: EmailInboxTable;
  email_messages: EmailMessagesTable;
  email_auto_replies: EmailAutoRepliesTable;
  email_quarantine: EmailQuarantineTable;
};
