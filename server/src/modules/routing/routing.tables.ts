import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableTimestamp, RequiredTimestamp, Timestamp } from '../../db/schema.ts';

export type RuleConditions = {
  channels?: string[];
  addresses?: string[];
  reasonCodes?: string[];
  keywords?: string[];
  partyKinds?: ('person' | 'organisation' | 'contact_person')[];
  hasKvkNummer?: boolean;
  postcodes?: string[];
};

export interface RoutingRulesTable {
  id: string;
  position: number;
  name: string;
  active: Generated<boolean>;
  team_id: string;
  conditions: Json<RuleConditions>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type QueueStatus = 'open' | 'claimed' | 'done';

export interface QueueItemsTable {
  id: string;
  contact_id: string;
  team_id: string;
  rule_id: string | null;
  status: ColumnType<QueueStatus, QueueStatus | undefined, QueueStatus>;
  claimed_by: string | null;
  enqueued_at: RequiredTimestamp;
  claimed_at: NullableTimestamp;
  done_at: NullableTimestamp;
  done_by: string | null;
}

/** ISO weekday '1' (Monday) … '7' (Sunday) → periods [opens, closes] as 'HH:MM'. */
export type WeeklySchedule = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export interface OpeningHoursTable {
  id: string;
  channel: string;
  team_id: string | null;
  always_accepted: Generated<boolean>;
  weekly: Json<WeeklySchedule>;
  auto_reply: string | null;
  alternatives: string | null;
  updated_at: Timestamp;
}

export interface OpeningExceptionsTable {
  id: string;
  day: ColumnType<string, string, string>;
  channel: string | null;
  team_id: string | null;
  periods: Json<[string, string][]>;
  reason: string;
  created_at: Timestamp;
}

export interface RoutingTables {
  routing_rules: RoutingRulesTable;
  queue_items: QueueItemsTable;
  opening_hours: OpeningHoursTable;
  opening_exceptions: OpeningExceptionsTable;
}
