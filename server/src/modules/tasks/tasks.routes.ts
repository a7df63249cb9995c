import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Actor, authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { forbidden } from '../../platform/errors.ts';
import { addDays } from '../calendar/holidays.ts';
import { endOfLocalDay, localDate } from '../calendar/working-days.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import * as owners from './tasks.owners.ts';
import * as repo from './tasks.repo.ts';
import {
  attemptBody,
  backupBody,
  cancelBody,
  completeBody,
  createTaskBody,
  departmentBody,
  type ListQuery,
  listQuery,
  ownerRef,
  reassignBody,
} from './tasks.schemas.ts';
import * as tasks from './tasks.service.ts';

const idParams = z.object({ id: z.uuid() });
const isManager = (a: Actor) =>
  a.kind === 'application' || a.roles.includes('manager') || a.roles.includes('admin');

/** Which owners' tasks a listing may show. */
async function scopeFilter(ctx: AppContext, actor: Actor, q: ListQuery) {
  if (q.scope === 'all' || (actor.kind === 'application' && q.scope === 'inbox' && !q.team)) {
    if (!isManager(actor)) throw forbidden('Alleen een teamleider ziet de taken van alle teams.');
    return {};
  }
  if (q.team) {
    const team = await owners.resolveOwner(ctx.db, { kind: 'team', id: q.team }, 'team');
    if (actor.kind === 'employee' && !actor.teamIds.includes(team.id) && !isManager(actor)) {
      throw forbidden('U ziet alleen de taken van uw eigen teams.');
    }
    return { owners: await owners.teamOwnersOf(ctx.db, [team.id]) };
  }
  if (actor.kind !== 'employee') return {};
  const mine = { owners: [{ kind: 'employee' as const, id: actor.id }], assigneeId: actor.id };
  if (q.scope === 'mine') return mine;
  const teamOwners = await owners.teamOwnersOf(ctx.db, actor.teamIds);
  if (q.scope === 'team') return { owners: teamOwners };
  return { owners: [...mine.owners, ...teamOwners], assigneeId: actor.id };
}

export function tasksRoutes(app: App, ctx: AppContext) {
  const tags = ['taken'];
  const read = async <T extends { partyId: string | null }>(
    req: FastifyRequest,
    load: (db: typeof ctx.db) => Promise<T[]>,
  ) =>
    ctx.db.transaction().execute(async (trx) => {
      const items = await load(trx);
      const partyIds = items.flatMap((t) => (t.partyId ? [t.partyId] : []));
      await logRead(trx, partyIds, { ...readContext(req), at: ctx.clock.now() });
      return items;
    });

  app.post('/tasks', { schema: { tags, body: createTaskBody } }, async (req, reply) => {
    const actor = authorise(req.actor, 'tasks:write');
    const task = await tasks.createTask(ctx.db, req.body, actor, ctx.clock, ctx.config.tasks);
    return reply.status(201).send(task);
  });

  app.get('/tasks', { schema: { tags, querystring: listQuery } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:read');
    const q = req.query;
    const now = ctx.clock.now();
    const today = localDate(now);
    const scope = await scopeFilter(ctx, actor, q);
    const results = await read(req, (db) =>
      tasks.listTasks(
        db,
        {
          ...scope,
          statuses: q.status ?? (q.overdue || q.dueToday ? undefined : ['open', 'in_progress']),
          overdueAt: q.overdue ? now : undefined,
          dueBetween: q.dueToday
            ? [new Date(endOfLocalDay(addDays(today, -1)).getTime() + 1), endOfLocalDay(today)]
            : undefined,
          partyIds: q.party ? [q.party] : undefined,
          limit: q.limit,
          offset: q.offset,
        },
        now,
      ),
    );
    return { results, limit: q.limit, offset: q.offset };
  });

  app.get('/tasks/backlog', { schema: { tags } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:read');
    if (!isManager(actor)) throw forbidden('Alleen een teamleider ziet de achterstand van alle teams.');
    const now = ctx.clock.now();
    const rows = await repo.backlog(ctx.db, now);
    const names = await owners.nameOwners(
      ctx.db,
      rows.map((r) => ({ kind: r.owner_kind, id: r.owner_id })),
    );
    return {
      at: now,
      owners: rows.map((r) => ({
        owner: names.get(`${r.owner_kind}:${r.owner_id}`),
        open: Number(r.open),
        claimed: Number(r.claimed),
        overdue: Number(r.overdue ?? 0),
        oldestDueAt: r.oldest_due_at,
      })),
    };
  });

  app.get('/tasks/reminders', { schema: { tags } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:read');
    if (actor.kind !== 'employee') return { results: [], unread: 0 };
    const [rows, seenAt] = await Promise.all([
      repo.remindersFor(ctx.db, actor.id, 100),
      repo.reminderSeenAt(ctx.db, actor.id),
    ]);
    const results = rows.map((r) => ({
      taskId: r.task_id,
      number: r.number,
      subject: r.subject,
      seq: r.seq,
      kind: r.kind,
      at: r.at,
      taskStatus: r.status,
      dueAt: r.due_at,
      unread: !seenAt || r.at.getTime() > seenAt.getTime(),
    }));
    return { results, unread: results.filter((r) => r.unread).length };
  });

  app.post('/tasks/reminders/seen', { schema: { tags } }, async (req, reply) => {
    const actor = authorise(req.actor, 'tasks:read');
    if (actor.kind === 'employee') await repo.markRemindersSeen(ctx.db, actor.id, ctx.clock.now());
    return reply.status(204).send();
  });

  app.post('/tasks/reassign', { schema: { tags, body: reassignBody } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:write');
    return { results: await tasks.reassignTasks(ctx.db, req.body.taskIds, req.body.owner, actor, ctx.clock) };
  });

  app.get('/tasks/:id', { schema: { tags, params: idParams } }, async (req) => {
    authorise(req.actor, 'tasks:read');
    const [task] = await read(req, async (db) => [await tasks.getTask(db, req.params.id, ctx.clock.now())]);
    return task;
  });

  app.post('/tasks/:id/claim', { schema: { tags, params: idParams } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:write');
    return tasks.claimTask(ctx.db, req.params.id, actor, ctx.clock);
  });

  app.post(
    '/tasks/:id/reassign',
    { schema: { tags, params: idParams, body: z.object({ owner: ownerRef }) } },
    async (req) => {
      const actor = authorise(req.actor, 'tasks:write');
      await tasks.reassignTasks(ctx.db, [req.params.id], req.body.owner, actor, ctx.clock);
      return tasks.getTask(ctx.db, req.params.id, ctx.clock.now());
    },
  );

  app.post('/tasks/:id/attempts', { schema: { tags, params: idParams, body: attemptBody } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:write');
    return tasks.recordAttempt(ctx.db, req.params.id, req.body, actor, ctx.clock);
  });

  app.post('/tasks/:id/complete', { schema: { tags, params: idParams, body: completeBody } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:write');
    return tasks.completeTask(ctx.db, req.params.id, req.body, actor, ctx.clock);
  });

  app.post('/tasks/:id/cancel', { schema: { tags, params: idParams, body: cancelBody } }, async (req) => {
    const actor = authorise(req.actor, 'tasks:write');
    return tasks.cancelTask(ctx.db, req.params.id, req.body.reason, actor, ctx.clock);
  });

  // ── administration: departments and backups (escalation) ─────────────────
  app.get('/departments', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'tasks:read');
    return { results: await owners.listDepartments(ctx.db) };
  });

  app.post('/departments', { schema: { tags, body: departmentBody } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await owners.createDepartment(ctx.db, req.body));
  });

  app.get('/task-backups', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'tasks:read');
    return {
      results: await owners.listBackups(ctx.db),
      defaultEscalationTeam: ctx.config.tasks.escalationTeam,
    };
  });

  app.put('/task-backups', { schema: { tags, body: backupBody } }, async (req) => {
    authorise(req.actor, 'admin');
    return owners.setBackup(ctx.db, req.body.owner, req.body.backup);
  });

  app.delete(
    '/task-backups',
    { schema: { tags, body: z.object({ owner: ownerRef }) } },
    async (req, reply) => {
      authorise(req.actor, 'admin');
      await owners.removeBackup(ctx.db, req.body.owner);
      return reply.status(204).send();
    },
  );
}
