import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableTimestamp, RequiredTimestamp, Timestamp } from '../../db/schema.ts';

export type OwnerKind = 'employee' | 'team' | 'department';
export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type TaskResult = 'reached_answered' | 'not_reached' | 'answered_in_writing';

export interface DepartmentsTable {
  id: string;
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface DepartmentTeamsTable {
  department_id: string;
  team_id: string;
}

export interface TaskBackupsTable {
  owner_kind: OwnerKind;
  owner_id: string;
  backup_kind: OwnerKind;
  backup_id: string;
  created_at: Timestamp;
}

export interface TasksTable {
  id: string;
  number: Generated<string>;
  kind: 'callback' | 'task';
  subject: string;
  description: Generated<string>;
  contact_id: string | null;
  party_id: string | null;
  reason_id: string | null;
  callback_channel: 'phone' | 'email' | null;
  callback_address: string | null;
  owner_kind: OwnerKind;
  owner_id: string;
  assignee_id: string | null;
  status: Generated<TaskStatus>;
  result: TaskResult | null;
  result_note: string | null;
  cancel_reason: string | null;
  due_at: RequiredTimestamp;
  escalated_at: NullableTimestamp;
  escalated_to_kind: OwnerKind | null;
  escalated_to_id: string | null;
  created_by_kind: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by: string | null;
}

/** A task's reminder schedule, apart from the task row so the sweep writes a narrow row (one per task). */
export interface TaskScheduleTable {
  task_id: string;
  /** Steps taken: reminders and the escalation. */
  reminder_count: Generated<number>;
  /** Null once the task is done or cancelled. */
  next_reminder_at: NullableTimestamp;
}

// Added here rather than in db/schema.ts, which other modules' work in progress edits.
declare module '../../db/schema.ts' {
  interface Database {
    task_schedule: TaskScheduleTable;
  }
}

export interface TaskRemindersTable {
  task_id: string;
  seq: number;
  kind: 'reminder' | 'escalation';
  at: RequiredTimestamp;
  owner_kind: OwnerKind;
  owner_id: string;
  recipient_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** Its place in the task's history (task_history's sequence): a reminder is its own history entry. */
  history_id: Generated<string>;
}

export interface TaskHistoryTable {
  id: Generated<string>;
  task_id: string;
  at: RequiredTimestamp;
  event: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  details: Json;
}

export interface TaskReminderReadsTable {
  employee_id: string;
  seen_at: RequiredTimestamp;
}
