import type { ColumnType } from 'kysely';
import type { NullableTimestamp, RequiredTimestamp } from '../../db/schema.ts';

type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface OutboxMailTable {
  id: string;
  dedupe_key: string;
  recipient: string;
  subject: string;
  body: string;
  /** 'failed': the relay refused it for good (5xx); not retried. */
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined>;
  attempts: ColumnType<number, number | undefined>;
  next_attempt_at: RequiredTimestamp;
  leased_until: NullableTimestamp;
  last_error: string | null;
  created_at: RequiredTimestamp;
  sent_at: NullableTimestamp;
  // Threading and bookkeeping for mail that is a contact (migration 20261123T1520_email); null for
  // notifications such as task reminders.
  from_address: Optional<string>;
  message_id: Optional<string>;
  in_reply_to: Optional<string>;
  refs: Optional<string[]>;
  /** JSON text on insert. */
  headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  contact_id: Optional<string>;
  failed_at: NullableTimestamp;
}
