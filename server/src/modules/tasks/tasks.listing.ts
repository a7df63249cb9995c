// Counted, offset-paged listings of tasks and small single-field writes, for adapters that expose
// tasks one by one (the Klantinteracties API serves them as internetaken). Kept apart from
// tasks.repo.ts so the app's own queries stay small; still the tasks module's SQL.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import * as repo from './tasks.repo.ts';
import type { OwnerKind, TaskStatus } from './tasks.tables.ts';

export type Paging = { offset: number; limit: number };
export type Counted<T> = { count: number; items: T[] };

export type TaskPageFilter = {
  ids?: string[];
  numbers?: string[];
  statuses?: TaskStatus[];
  /** Only tasks that came from a contact (true), or from one of these contacts. */
  fromContact?: boolean;
  contactIds?: string[];
  owners?: { kind: OwnerKind; id: string }[];
  /** Tasks whose current owner was given them at exactly this moment. */
  assignedAt?: Date;
};

// Events after which the current owner holds the task: when it was "toegewezen".
const assignEvents = ['created', 'reassigned', 'escalated'];

/** Task ids, oldest first, with the total count. */
export async function listTaskPage(db: Db, f: TaskPageFilter, page: Paging): Promise<Counted<string>> {
  for (const list of [f.ids, f.numbers, f.statuses, f.contactIds, f.owners]) {
    if (list && list.length === 0) return { count: 0, items: [] };
  }
  let q = db.selectFrom('tasks as t');
  if (f.ids) q = q.where('t.id', 'in', f.ids);
  if (f.numbers) q = q.where('t.number', 'in', f.numbers);
  if (f.statuses) q = q.where('t.status', 'in', f.statuses);
  if (f.fromContact) q = q.where('t.contact_id', 'is not', null);
  if (f.contactIds) q = q.where('t.contact_id', 'in', f.contactIds);
  if (f.owners) {
    const owners = f.owners;
    q = q.where((eb) =>
      eb.or(owners.map((o) => eb.and([eb('t.owner_kind', '=', o.kind), eb('t.owner_id', '=', o.id)]))),
    );
  }
  if (f.assignedAt) {
    const at = f.assignedAt;
    q = q.where(
      sql<Date>`(SELECT max(h.at) FROM task_history h WHERE h.task_id = t.id AND h.event IN (${sql.join(assignEvents)}))`,
      '=',
      at,
    );
  }
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.select('t.id').orderBy('t.created_at').orderBy('t.id').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { count: Number(total.n), items: rows.map((r) => r.id) };
}

/** The tasks that came from these contacts, except cancelled ones. */
export async function tasksOfContacts(db: Db, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'contact_id'])
    .where('contact_id', 'in', contactIds)
    .where('status', '!=', 'cancelled')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id as string }));
}

/** When each task's current owner was given it (its creation, or the last reassignment/escalation). */
export async function assignedAt(db: Db, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('task_history')
    .select((eb) => ['task_id', eb.fn.max('at').as('at')])
    .where('task_id', 'in', ids)
    .where('event', 'in', assignEvents)
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, new Date(r.at as Date)]));
}

export type TaskCard = {
  id: string;
  number: string;
  subject: string;
  description: string;
  status: TaskStatus;
  contactId: string | null;
  partyId: string | null;
  owner: { kind: OwnerKind; id: string };
  assignedAt: Date;
  closedAt: Date | null;
};

/** Tasks in the order of `ids`, with what an adapter shows of them; unknown ids are left out. */
export async function getTaskCards(db: Db, ids: string[]): Promise<TaskCard[]> {
  if (ids.length === 0) return [];
  const [rows, assigned] = await Promise.all([
    db.selectFrom('tasks').selectAll().where('id', 'in', ids).execute(),
    assignedAt(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        number: r.number,
        subject: r.subject,
        description: r.description,
        status: r.status,
        contactId: r.contact_id,
        partyId: r.party_id,
        owner: { kind: r.owner_kind, id: r.owner_id },
        assignedAt: assigned.get(r.id) ?? r.created_at,
        closedAt: r.closed_at,
      },
    ];
  });
}

/** Changes what is asked (subject) and the explanation (description) of an unfinished task. */
export async function updateTaskText(
  db: Db,
  id: string,
  patch: { subject?: string; description?: string },
  actor: Actor,
  clock: Clock,
): Promise<void> {
  const row = await repo.findTaskForUpdate(db, id);
  if (!row) throw notFound('Taak');
  const set = {
    ...(patch.subject !== undefined && patch.subject !== row.subject ? { subject: patch.subject } : {}),
    ...(patch.description !== undefined && patch.description !== row.description
      ? { description: patch.description }
      : {}),
  };
  if (Object.keys(set).length === 0) return;
  if (row.status === 'done' || row.status === 'cancelled')
    throw conflict('Een afgehandelde taak kan niet meer worden gewijzigd.', 'status');
  const now = clock.now();
  await repo.updateTask(db, id, { ...set, updated_at: now });
  await repo.insertHistory(db, [
    {
      task_id: id,
      at: now,
      event: 'edited',
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      details: JSON.stringify({ fields: Object.keys(set) }),
    },
  ]);
}

/** Every contact that led to a task that is not cancelled. */
export async function contactIdsWithTasks(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('contact_id')
    .distinct()
    .where('contact_id', 'is not', null)
    .where('status', '!=', 'cancelled')
    .execute();
  return rows.map((r) => r.contact_id as string);
}
