import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableTimestamp, RequiredTimestamp } from '../../../db/schema.ts';

export type CallDirection = 'in' | 'out';
export type EndReason = 'completed' | 'abandoned' | 'missed' | 'voicemail';
export type CallEventType = 'ringing' | 'answered' | 'transferred' | 'ended';

export interface TelephonyCallsTable {
  call_id: string;
  direction: Generated<CallDirection>;
  party_number: ColumnType<string | null, string | null | undefined, string | null>;
  called: ColumnType<string | null, string | null | undefined, string | null>;
  party_id: ColumnType<string | null, string | null | undefined, string | null>;
  employee_id: ColumnType<string | null, string | null | undefined, string | null>;
  ringing_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  end_reason: ColumnType<EndReason | null, EndReason | null | undefined, EndReason | null>;
  contact_id: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: RequiredTimestamp;
}

export interface TelephonyEventsTable {
  event_id: string;
  call_id: string;
  type: CallEventType;
  occurred_at: RequiredTimestamp;
  received_at: RequiredTimestamp;
  payload: Json;
  /** When the processor took the event into its call; null = still to do (migration 20261204T1600). */
  processed_at: NullableTimestamp;
  attempts: Generated<number>;
  retry_at: NullableTimestamp;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TelephonyTables {
  telephony_calls: TelephonyCallsTable;
  telephony_events: TelephonyEventsTable;
}
