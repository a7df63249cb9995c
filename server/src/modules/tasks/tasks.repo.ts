// The only SQL for tasks, departments, backups, reminders and task history.
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OwnerKind, TaskHistoryTable, TasksTable } from './tasks.tables.ts';

/** A task with the number of reminder steps taken (kept in task_schedule, see the sweep). */
export type TaskRow = Selectable<TasksTable> & { reminder_count: number };
export type Owner = { kind: OwnerKind; id: string };

/** Tasks with their reminder count; a task without a schedule row (bulk-loaded) counts none. */
const selectTasks = (db: Db) =>
  db
    .selectFrom('tasks')
    .leftJoin('task_schedule', 'task_schedule.task_id', 'tasks.id')
    .selectAll('tasks')
    .select(sql<number>`coalesce(task_schedule.reminder_count, 0)`.as('reminder_count'));

/** What the service writes: the task's columns, and when its next reminder is due (kept in task_schedule). */
type ScheduleWrite = { next_reminder_at?: Date | null };

/** The task and its reminder schedule: the first reminder is due when the term ends. */
export async function insertTask(
  db: Db,
  { next_reminder_at, ...row }: Insertable<TasksTable> & ScheduleWrite,
) {
  await db.insertInto('tasks').values(row).execute();
  await db
    .insertInto('task_schedule')
    .values({
      task_id: row.id,
      next_reminder_at: next_reminder_at === undefined ? row.due_at : next_reminder_at,
    })
    .execute();
}

export const findTask = (db: Db, id: string) => selectTasks(db).where('tasks.id', '=', id).executeTakeFirst();

/**
 * Locks the task for a state change, so two employees claiming at once get one winner. The schedule
 * row first, as the reminder sweep does, so a change and a sweep take turns on a task instead of
 * deadlocking, and a reminder never goes out for a task a change is closing or moving.
 */
export async function findTaskForUpdate(db: Db, id: string): Promise<TaskRow | undefined> {
  const schedule = await db
    .selectFrom('task_schedule')
    .select('reminder_count')
    .where('task_id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && { ...row, reminder_count: schedule?.reminder_count ?? 0 };
}

/** Changes a task; `next_reminder_at: null` (closing) stops its reminders. */
export async function updateTask(
  db: Db,
  id: string,
  { next_reminder_at, ...set }: Updateable<TasksTable> & ScheduleWrite,
) {
  if (Object.keys(set).length) await db.updateTable('tasks').set(set).where('id', '=', id).execute();
  if (next_reminder_at !== undefined)
    await db.updateTable('task_schedule').set({ next_reminder_at }).where('task_id', '=', id).execute();
}

export async function insertHistory(db: Db, rows: Insertable<TaskHistoryTable>[]) {
  if (rows.length) await db.insertInto('task_history').values(rows).execute();
}

/** The task's history; each reminder is an entry of its own, in the place its history id gives it. */
export const findHistory = (db: Db, taskId: string) =>
  db
    .selectFrom('task_history')
    .select(['id', 'task_id', 'at', 'event', 'actor_kind', 'actor_id', 'actor_name', 'details'])
    .where('task_id', '=', taskId)
    .unionAll(
      db
        .selectFrom('task_reminders')
        .select([
          'history_id as id',
          'task_id',
          'at',
          sql<string>`'reminder'`.as('event'),
          sql<string>`'system'`.as('actor_kind'),
          sql<string | null>`NULL::uuid`.as('actor_id'),
          sql<string>`'Loket'`.as('actor_name'),
          sql<
            Record<string, unknown>
          >`jsonb_build_object('seq', seq, 'to', jsonb_build_object('kind', owner_kind, 'id', owner_id))`.as(
            'details',
          ),
        ])
        .where('task_id', '=', taskId)
        .where('kind', '=', 'reminder'),
    )
    .orderBy('id')
    .execute();

export const findReminders = (db: Db, taskId: string) =>
  db.selectFrom('task_reminders').selectAll().where('task_id', '=', taskId).orderBy('seq').execute();

export type TaskListFilter = {
  ids?: string[];
  /** Tasks owned by one of these owners, or claimed by `assigneeId`. Undefined = every task. */
  owners?: Owner[];
  assigneeId?: string;
  statuses?: string[];
  overdueAt?: Date;
  dueBetween?: [Date, Date];
  partyIds?: string[];
  limit: number;
  offset: number;
};

export async function listTasks(db: Db, f: TaskListFilter): Promise<TaskRow[]> {
  let q = selectTasks(db);
  if (f.owners || f.assigneeId) {
    const owners = f.owners ?? [];
    const assignee = f.assigneeId;
    q = q.where((eb) =>
      eb.or([
        ...owners.map((o) => eb.and([eb('owner_kind', '=', o.kind), eb('owner_id', '=', o.id)])),
        ...(assignee ? [eb('assignee_id', '=', assignee)] : []),
      ]),
    );
  }
  if (f.ids) q = q.where('tasks.id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses as TaskRow['status'][]);
  if (f.overdueAt) q = q.where('due_at', '<', f.overdueAt).where('status', 'in', ['open', 'in_progress']);
  if (f.dueBetween) q = q.where('due_at', '>=', f.dueBetween[0]).where('due_at', '<=', f.dueBetween[1]);
  if (f.partyIds)
    q = q.where('party_id', 'in', f.partyIds.length ? f.partyIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('due_at').orderBy('tasks.id').limit(f.limit).offset(f.offset).execute();
}

/** Open work per owner: the manager's backlog view. */
export async function backlog(db: Db, now: Date) {
  return db
    .selectFrom('tasks')
    .select((eb) => [
      'owner_kind',
      'owner_id',
      eb.fn.countAll<number>().as('open'),
      eb.fn.count<number>('assignee_id').as('claimed'),
      eb.fn.sum<number>(sql`CASE WHEN due_at < ${now} THEN 1 ELSE 0 END`).as('overdue'),
      eb.fn.min('due_at').as('oldest_due_at'),
    ])
    .where('status', 'in', ['open', 'in_progress'])
    .groupBy(['owner_kind', 'owner_id'])
    .execute();
}

export const timelineTasks = (db: Db, partyIds: string[], before: Date | undefined, limit: number) => {
  let q = selectTasks(db).where('party_id', 'in', partyIds);
  if (before) q = q.where('created_at', '<=', before);
  return q.orderBy('created_at', 'desc').orderBy('tasks.id', 'desc').limit(limit).execute();
};

// ── departments and backups ────────────────────────────────────────────────
export const listDepartments = (db: Db) =>
  db.selectFrom('departments').select(['id', 'code', 'name']).orderBy('name').execute();

export const listDepartmentTeams = (db: Db, departmentIds?: string[]) => {
  let q = db.selectFrom('department_teams').selectAll();
  if (departmentIds)
    q = q.where(
      'department_id',
      'in',
      departmentIds.length ? departmentIds : ['00000000-0000-0000-0000-000000000000'],
    );
  return q.execute();
};

export async function insertDepartment(
  db: Db,
  row: { id: string; code: string; name: string },
  teamIds: string[],
) {
  await db.insertInto('departments').values(row).execute();
  if (teamIds.length) {
    await db
      .insertInto('department_teams')
      .values(teamIds.map((team_id) => ({ department_id: row.id, team_id })))
      .execute();
  }
}

export const listBackups = (db: Db) =>
  db.selectFrom('task_backups').selectAll().orderBy('created_at').execute();

export async function upsertBackup(db: Db, owner: Owner, backup: Owner) {
  await db
    .insertInto('task_backups')
    .values({ owner_kind: owner.kind, owner_id: owner.id, backup_kind: backup.kind, backup_id: backup.id })
    .onConflict((oc) =>
      oc.columns(['owner_kind', 'owner_id']).doUpdateSet({ backup_kind: backup.kind, backup_id: backup.id }),
    )
    .execute();
}

export async function deleteBackup(db: Db, owner: Owner) {
  const r = await db
    .deleteFrom('task_backups')
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ── reminders ──────────────────────────────────────────────────────────────
export async function remindersFor(db: Db, employeeId: string, limit: number) {
  return db
    .selectFrom('task_reminders')
    .innerJoin('tasks', 'tasks.id', 'task_reminders.task_id')
    .select([
      'task_reminders.task_id',
      'task_reminders.seq',
      'task_reminders.kind',
      'task_reminders.at',
      'tasks.number',
      'tasks.subject',
      'tasks.status',
      'tasks.due_at',
    ])
    .where(sql<boolean>`${employeeId}::uuid = ANY(task_reminders.recipient_ids)`)
    .orderBy('task_reminders.at', 'desc')
    .limit(limit)
    .execute();
}

export const reminderSeenAt = async (db: Db, employeeId: string) =>
  (
    await db
      .selectFrom('task_reminder_reads')
      .select('seen_at')
      .where('employee_id', '=', employeeId)
      .executeTakeFirst()
  )?.seen_at ?? null;

export async function markRemindersSeen(db: Db, employeeId: string, at: Date) {
  await db
    .insertInto('task_reminder_reads')
    .values({ employee_id: employeeId, seen_at: at })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ seen_at: at }))
    .execute();
}
