import type { NullableTimestamp, RequiredTimestamp } from '../../db/schema.ts';

export interface OutboxMailTable {
  id: string;
  dedupe_key: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent';
  attempts: number;
  next_attempt_at: RequiredTimestamp;
  leased_until: NullableTimestamp;
  last_error: string | null;
  created_at: RequiredTimestamp;
  sent_at: NullableTimestamp;
}
