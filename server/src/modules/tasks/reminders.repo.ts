// SQL of the reminder sweep: set-based, so one sweep over 100k overdue tasks is a few dozen statements.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OwnerKind } from './tasks.tables.ts';

export type DueTask = {
  id: string;
  number: string;
  subject: string;
  due_at: Date;
  owner_kind: OwnerKind;
  owner_id: string;
  assignee_id: string | null;
  reminder_count: number;
  escalated_at: Date | null;
};

/** Due tasks, locked; SKIP LOCKED lets a second worker take the next batch instead of the same one. */
export async function lockDue(db: Db, now: Date, limit: number): Promise<DueTask[]> {
  const r = await sql<DueTask>`
    SELECT id, number, subject, due_at, owner_kind, owner_id, assignee_id, reminder_count, escalated_at
    FROM tasks
    WHERE next_reminder_at <= ${now}
    ORDER BY next_reminder_at
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`.execute(db);
  return r.rows;
}

export type NewReminder = {
  taskId: string;
  seq: number;
  kind: 'reminder' | 'escalation';
  ownerKind: OwnerKind;
  ownerId: string;
  recipientIds: string[];
};

/** Inserts reminders; the (task_id, seq) key drops any that exist already. Returns the task ids inserted. */
export async function insertReminders(db: Db, at: Date, rows: NewReminder[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // uuid[][] cannot be ragged, so recipients travel as one comma-joined text per row.
  const r = await sql<{ task_id: string }>`
    INSERT INTO task_reminders (task_id, seq, kind, at, owner_kind, owner_id, recipient_ids)
    SELECT u.task_id, u.seq, u.kind, ${at}, u.owner_kind, u.owner_id,
           CASE WHEN u.recipients = '' THEN '{}'::uuid[] ELSE string_to_array(u.recipients, ',')::uuid[] END
    FROM unnest(${rows.map((x) => x.taskId)}::uuid[], ${rows.map((x) => x.seq)}::int[], ${rows.map((x) => x.kind)}::text[],
                ${rows.map((x) => x.ownerKind)}::text[], ${rows.map((x) => x.ownerId)}::uuid[],
                ${rows.map((x) => x.recipientIds.join(','))}::text[])
         AS u(task_id, seq, kind, owner_kind, owner_id, recipients)
    ON CONFLICT (task_id, seq) DO NOTHING
    RETURNING task_id`.execute(db);
  return new Set(r.rows.map((x) => x.task_id));
}

export async function insertHistoryRows(
  db: Db,
  at: Date,
  rows: { taskId: string; event: string; details: Record<string, unknown> }[],
) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO task_history (task_id, at, event, actor_kind, actor_id, actor_name, details)
    SELECT u.task_id, ${at}, u.event, 'system', NULL, 'Loket', u.details::jsonb
    FROM unnest(${rows.map((x) => x.taskId)}::uuid[], ${rows.map((x) => x.event)}::text[],
                ${rows.map((x) => JSON.stringify(x.details))}::text[]) AS u(task_id, event, details)`.execute(
    db,
  );
}

/** Counts the step and schedules the next one; escalations also move the task to its new owner. */
export async function advance(
  db: Db,
  at: Date,
  next: Date,
  taskIds: string[],
  escalations: { taskId: string; kind: OwnerKind; id: string }[],
) {
  if (taskIds.length) {
    await sql`
      UPDATE tasks SET reminder_count = reminder_count + 1, next_reminder_at = ${next}, updated_at = ${at}
      WHERE id = ANY(${taskIds}::uuid[])`.execute(db);
  }
  if (escalations.length) {
    await sql`
      UPDATE tasks t SET owner_kind = u.kind, owner_id = u.owner_id, assignee_id = NULL, status = 'open',
             escalated_at = ${at}, escalated_to_kind = u.kind, escalated_to_id = u.owner_id
      FROM unnest(${escalations.map((e) => e.taskId)}::uuid[], ${escalations.map((e) => e.kind)}::text[],
                  ${escalations.map((e) => e.id)}::uuid[]) AS u(task_id, kind, owner_id)
      WHERE t.id = u.task_id`.execute(db);
  }
}
