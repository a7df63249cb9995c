// The only SQL for tasks, departments, backups, reminders and task history.
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OwnerKind, TaskHistoryTable, TasksTable } from './tasks.tables.ts';

export type TaskRow = Selectable<TasksTable>;
export type Owner = { kind: OwnerKind; id: string };

export async function insertTask(db: Db, row: Insertable<TasksTable>) {
  await db.insertInto('tasks').values(row).execute();
}

export const findTask = (db: Db, id: string) =>
  db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();

/** Locks the row for a state change, so two employees claiming at once get one winner. */
export const findTaskForUpdate = (db: Db, id: string) =>
  db.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function updateTask(db: Db, id: string, set: Updateable<TasksTable>) {
  await db.updateTable('tasks').set(set).where('id', '=', id).execute();
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

export async function listTasks(db: Db, f: TaskListFilter) {
  let q = db.selectFrom('tasks').selectAll();
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
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses as TaskRow['status'][]);
  if (f.overdueAt) q = q.where('due_at', '<', f.overdueAt).where('status', 'in', ['open', 'in_progress']);
  if (f.dueBetween) q = q.where('due_at', '>=', f.dueBetween[0]).where('due_at', '<=', f.dueBetween[1]);
  if (f.partyIds)
    q = q.where('party_id', 'in', f.partyIds.length ? f.partyIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('due_at').orderBy('id').limit(f.limit).offset(f.offset).execute();
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
  let q = db.selectFrom('tasks').selectAll().where('party_id', 'in', partyIds);
  if (before) q = q.where('created_at', '<=', before);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
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
