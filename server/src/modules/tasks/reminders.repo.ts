// SQL of the reminder sweep: set-based, so one sweep over 100k overdue tasks is a few dozen statements.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OwnerKind } from './tasks.tables.ts';

/**
 * A list of plain values (ids, numbers, words: never a comma) as one text parameter, a text[] in SQL
 * to cast. A batch sends thousands: the driver would quote and escape each element of an array.
 */
const list = (values: (string | number)[]) => sql`string_to_array(${values.join(',')}, ',')`;

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

/**
 * Takes a batch of due tasks: locks their schedule rows (SKIP LOCKED lets a second worker take the
 * next batch instead of the same one) and moves each on by one step, to `next`, in one statement;
 * the rows are updated where the lock found them (ctid), so no index is searched twice. The caller
 * records the step in the same transaction. Only the narrow schedule rows are written; the tasks
 * are read in a second statement, whose snapshot comes after the locks, so it sees every change that
 * committed before the sweep took a task (a change locks the schedule row too, see findTaskForUpdate).
 */
export async function claimDue(db: Db, now: Date, next: Date, limit: number): Promise<DueTask[]> {
  const claimed = await sql<{ task_id: string; reminder_count: number }>`
    UPDATE task_schedule
    SET reminder_count = reminder_count + 1, next_reminder_at = ${next}
    WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM task_schedule
        WHERE next_reminder_at <= ${now}
        ORDER BY next_reminder_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED))
      AND next_reminder_at <= ${now}
    RETURNING task_id, reminder_count - 1 AS reminder_count`.execute(db);
  if (claimed.rows.length === 0) return [];
  const tasks = await sql<Omit<DueTask, 'reminder_count'>>`
    SELECT id, number, subject, due_at, owner_kind, owner_id, assignee_id, escalated_at
    FROM tasks
    WHERE id = ANY(${list(claimed.rows.map((r) => r.task_id))}::uuid[])`.execute(db);
  const count = new Map(claimed.rows.map((r) => [r.task_id, r.reminder_count]));
  return tasks.rows.map((t) => ({ ...t, reminder_count: count.get(t.id) ?? 0 }));
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
 * exist already; a reminder row is also the task's history entry for it, see findHistory). The task
 * rows are not written: a reminder changes nothing on them (escalations do, see recordEscalations).
 * Returns the task ids inserted.
 */
export async function recordSteps(db: Db, at: Date, rows: NewReminder[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // uuid[][] cannot be ragged, so recipients travel as comma-joined ids, one ';'-separated field per
  // row (a lone empty field arrives as no field at all: null).
  const r = await sql<{ task_id: string }>`
    INSERT INTO task_reminders (task_id, seq, kind, at, owner_kind, owner_id, recipient_ids)
    SELECT u.task_id, u.seq, u.kind, ${at}, u.owner_kind, u.owner_id,
           CASE WHEN coalesce(u.recipients, '') = '' THEN '{}'::uuid[] ELSE string_to_array(u.recipients, ',')::uuid[] END
    FROM unnest(${list(rows.map((x) => x.taskId))}::uuid[], ${list(rows.map((x) => x.seq))}::int[],
                ${list(rows.map((x) => x.kind))}, ${list(rows.map((x) => x.ownerKind))},
                ${list(rows.map((x) => x.ownerId))}::uuid[],
                string_to_array(${rows.map((x) => x.recipientIds.join(',')).join(';')}, ';'))
         AS u(task_id, seq, kind, owner_kind, owner_id, recipients)
    ON CONFLICT (task_id, seq) DO NOTHING
    RETURNING task_id`.execute(db);
  return new Set(r.rows.map((x) => x.task_id));
}

/**
 * The escalations of a batch: a history entry each (from the owner the task had) and the task moved
 * to its new owner, unclaimed. The tasks are found with `id = ANY(array)`: joined to the unnested
 * rows instead, the planner may read the whole table.
 */
export async function recordEscalations(db: Db, at: Date, rows: NewReminder[]) {
  if (rows.length === 0) return;
  const ids = rows.map((x) => x.taskId);
  await sql`
    WITH e AS (
      SELECT * FROM unnest(${ids}::uuid[], ${rows.map((x) => x.seq)}::int[],
                           ${rows.map((x) => x.ownerKind)}::text[], ${rows.map((x) => x.ownerId)}::uuid[])
                    AS e(task_id, seq, owner_kind, owner_id)
    ), history AS (
      INSERT INTO task_history (task_id, at, event, actor_kind, actor_id, actor_name, details)
      SELECT e.task_id, ${at}, 'escalated', 'system', NULL, 'Loket',
             jsonb_build_object('seq', e.seq, 'from', jsonb_build_object('kind', t.owner_kind, 'id', t.owner_id),
                                'to', jsonb_build_object('kind', e.owner_kind, 'id', e.owner_id))
      FROM tasks t JOIN e ON e.task_id = t.id
      WHERE t.id = ANY(${ids}::uuid[])
    )
    UPDATE tasks t
    SET owner_kind = e.owner_kind, owner_id = e.owner_id, assignee_id = NULL, status = 'open',
        escalated_at = ${at}, escalated_to_kind = e.owner_kind, escalated_to_id = e.owner_id, updated_at = ${at}
    FROM e
    WHERE t.id = ANY(${ids}::uuid[]) AND e.task_id = t.id`.execute(db);
}
