// Kysely types of the insights module's tables (migration 20261123T1550_insights.sql). The rollups are
// written only by database triggers; the module reads them.
import type { ColumnType } from 'kysely';

type Count = ColumnType<number, number | undefined, number>;

export interface InsightSettingsTable {
  id: ColumnType<boolean, boolean | undefined, boolean>;
  repeat_window_days: number;
}

export interface InsightContactRollupTable {
  grain: 'd' | 'm';
  period: ColumnType<string, string, string>;
  channel: string;
  direction: string;
  team_id: string | null;
  reason_id: string | null;
  contacts: Count;
  resolved_first: Count;
  repeats: Count;
}

export interface InsightContactHoursTable {
  grain: 'd' | 'm';
  period: ColumnType<string, string, string>;
  dow: number;
  hour: number;
  channel: string;
  team_id: string | null;
  contacts: Count;
  first_half: Count;
}

/** The arrival profile without the team (migration 20261204T1400_insights_hours_all.sql). */
export interface InsightContactHoursAllTable {
  grain: 'd' | 'm';
  period: ColumnType<string, string, string>;
  dow: number;
  hour: number;
  channel: string;
  contacts: Count;
  first_half: Count;
}

export interface InsightContactDaysTable {
  day: ColumnType<string, string, string>;
  channel: string;
  team_id: string | null;
  contacts: Count;
}

export interface InsightTaskRollupTable {
  grain: 'd' | 'm';
  period: ColumnType<string, string, string>;
  team_id: string | null;
  reason_id: string | null;
  kind: string;
  callback_channel: string | null;
  state: 'open' | 'done' | 'cancelled';
  within_term: boolean | null;
  escalated: boolean;
  due_day: ColumnType<string | null, string | null, string | null>;
  tasks: Count;
  answer_minutes: ColumnType<string, string | number | undefined, string | number>;
}

export interface ContactRepeatsTable {
  contact_id: string;
  of_contact_id: string;
  first_contact_id: string;
  nth: number;
  days: number;
  basis: 'reason' | 'case';
}

export interface InsightsTables {
  insight_settings: InsightSettingsTable;
  insight_contact_rollup: InsightContactRollupTable;
  insight_contact_hours: InsightContactHoursTable;
  insight_contact_hours_all: InsightContactHoursAllTable;
  insight_contact_days: InsightContactDaysTable;
  insight_task_rollup: InsightTaskRollupTable;
  contact_repeats: ContactRepeatsTable;
}
