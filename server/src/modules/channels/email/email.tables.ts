import type { RequiredTimestamp } from '../../../db/schema.ts';

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

export type EmailTables = {
  email_messages: EmailMessagesTable;
  email_auto_replies: EmailAutoRepliesTable;
  email_quarantine: EmailQuarantineTable;
};
