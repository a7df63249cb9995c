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

/**
 * Records one batch of steps in one statement: the reminders (the (task_id, seq) key drops any that
 * exist already; a reminder row is also the task's history entry for it, see findHistory), a history
 * entry for each escalation inserted (from the owner the task had), and for those tasks the count and
 * the next step; escalations also move the task to its new owner. Returns the task ids inserted.
 * The tasks are found with `id = ANY(array)`: joined to the inserted rows instead, the planner
 * expects thousands of matches per row and reads the whole table.
 */
export async function recordSteps(db: Db, at: Date, next: Date, rows: NewReminder[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // uuid[][] cannot be ragged, so recipients travel as one comma-joined text per row.
  const r = await sql<{ task_id: string }>`
    WITH ins AS (
      INSERT INTO task_reminders (task_id, seq, kind, at, owner_kind, owner_id, recipient_ids)
      SELECT u.task_id, u.seq, u.kind, ${at}, u.owner_kind, u.owner_id,
             CASE WHEN u.recipients = '' THEN '{}'::uuid[] ELSE string_to_array(u.recipients, ',')::uuid[] END
      FROM unnest(${rows.map((x) => x.taskId)}::uuid[], ${rows.map((x) => x.seq)}::int[],
                  ${rows.map((x) => x.kind)}::text[], ${rows.map((x) => x.ownerKind)}::text[],
                  ${rows.map((x) => x.ownerId)}::uuid[], ${rows.map((x) => x.recipientIds.join(','))}::text[])
           AS u(task_id, seq, kind, owner_kind, owner_id, recipients)
      ON CONFLICT (task_id, seq) DO NOTHING
      RETURNING task_id, seq, kind, owner_kind, owner_id
    ), history AS (
      INSERT INTO task_history (task_id, at, event, actor_kind, actor_id, actor_name, details)
      SELECT i.task_id, ${at}, 'escalated', 'system', NULL, 'Loket',
             jsonb_build_object('seq', i.seq, 'from', jsonb_build_object('kind', t.owner_kind, 'id', t.owner_id),
                                'to', jsonb_build_object('kind', i.owner_kind, 'id', i.owner_id))
      FROM tasks t JOIN ins i ON i.task_id = t.id
      WHERE t.id = ANY(ARRAY(SELECT task_id FROM ins WHERE kind = 'escalation')) AND i.kind = 'escalation'
    ), advanced AS (
      UPDATE tasks t
      SET reminder_count = t.reminder_count + 1, next_reminder_at = ${next}, updated_at = ${at},
          owner_kind = CASE WHEN i.kind = 'escalation' THEN i.owner_kind ELSE t.owner_kind END,
          owner_id = CASE WHEN i.kind = 'escalation' THEN i.owner_id ELSE t.owner_id END,
          assignee_id = CASE WHEN i.kind = 'escalation' THEN NULL ELSE t.assignee_id END,
          status = CASE WHEN i.kind = 'escalation' THEN 'open' ELSE t.status END,
          escalated_at = CASE WHEN i.kind = 'escalation' THEN ${at} ELSE t.escalated_at END,
          escalated_to_kind = CASE WHEN i.kind = 'escalation' THEN i.owner_kind ELSE t.escalated_to_kind END,
          escalated_to_id = CASE WHEN i.kind = 'escalation' THEN i.owner_id ELSE t.escalated_to_id END
      FROM ins i
      WHERE t.id = ANY(ARRAY(SELECT task_id FROM ins)) AND i.task_id = t.id
    )
    SELECT task_id FROM ins`.execute(db);
  return new Set(r.rows.map((x) => x.task_id));
}
