// Callback requests and internal tasks: created with an owner and a term in working days, claimed,
// reassigned, completed with a result or cancelled. Every change is written to the task's history.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { conflict, forbidden, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { termDeadline } from '../calendar/working-days.ts';
import { getContact, getReason, registerContact } from '../contacts/contacts.service.ts';
import { normaliseEmail, normalisePhone } from '../parties/validation.ts';
import { emitCallbackCompleted } from './tasks.events.ts';
import { resolveOwner } from './tasks.owners.ts';
import type { TaskRow } from './tasks.repo.ts';
import * as repo from './tasks.repo.ts';
import { type CreateTaskInput, createTaskBody, type OwnerRef, type taskResults } from './tasks.schemas.ts';
import { type TaskDetails, type TaskSummary, toDetails, toSummaries } from './tasks.view.ts';

export type { TaskDetails, TaskSummary } from './tasks.view.ts';
export type TaskSettings = Config['tasks'];
export type TaskResult = (typeof taskResults)[number];

type By = { kind: string; id: string | null; name: string };
const by = (actor?: Actor): By =>
  actor ? { kind: actor.kind, id: actor.id, name: actor.name } : { kind: 'system', id: null, name: 'Loket' };

const history = (
  taskId: string,
  at: Date,
  event: string,
  who: By,
  details: Record<string, unknown> = {},
) => ({
  task_id: taskId,
  at,
  event,
  actor_kind: who.kind,
  actor_id: who.id,
  actor_name: who.name,
  details: JSON.stringify(details),
});

const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

function normaliseCallback(cb: { channel: 'phone' | 'email'; address: string } | undefined) {
  if (!cb) return null;
  const address = cb.channel === 'phone' ? normalisePhone(cb.address) : normaliseEmail(cb.address);
  if (!address) {
    throw invalid(
      'callback.address',
      cb.channel === 'phone' ? 'Ongeldig telefoonnummer.' : 'Ongeldig e-mailadres.',
    );
  }
  return { channel: cb.channel, address };
}

/** The party and reason of the contact a task comes from, unless the caller gave them. */
async function fromContact(db: Db, contactId: string) {
  try {
    const c = await getContact(db, contactId);
    const party = c.parties.find((p) => p.partyId && p.role === 'klant') ?? c.parties.find((p) => p.partyId);
    return { partyId: party?.partyId ?? null, reasonId: c.reason?.id ?? null };
  } catch (err) {
    if ((err as { code?: string }).code === 'not_found')
      throw unprocessable('contactId', `Onbekend contact '${contactId}'.`);
    throw err;
  }
}

async function reasonOf(db: Db, idOrCode: string, field: string) {
  try {
    return await getReason(db, idOrCode);
  } catch (err) {
    if ((err as { code?: string }).code === 'not_found')
      throw unprocessable(field, `Onbekende contactreden '${idOrCode}'.`);
    throw err;
  }
}

export async function createTask(
  db: Db,
  input: CreateTaskInput,
  actor: Actor | undefined,
  clock: Clock,
  settings: TaskSettings,
): Promise<TaskDetails> {
  const parsed = createTaskBody.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.path.join('.') || 'body', issue?.message ?? 'Ongeldige invoer.');
  }
  const data = parsed.data;
  const now = clock.now();
  if (data.reasonId && data.reasonCode)
    throw invalid('reasonCode', 'Geef reasonId of reasonCode, niet allebei.');
  const dueAt = data.dueAt ? new Date(data.dueAt) : null;
  if (dueAt && dueAt.getTime() <= now.getTime()) throw invalid('dueAt', 'De termijn ligt in het verleden.');
  const callback = normaliseCallback(data.callback);
  const id = randomUUID();

  await inTransaction(db, async (trx) => {
    const origin = data.contactId
      ? await fromContact(trx, data.contactId)
      : { partyId: null, reasonId: null };
    const reasonRef = data.reasonId ?? data.reasonCode ?? origin.reasonId;
    const reason = reasonRef
      ? await reasonOf(trx, reasonRef, data.reasonCode ? 'reasonCode' : 'reasonId')
      : null;
    const ownerRef: OwnerRef | null =
      data.owner ??
      (reason?.teamId ? { kind: 'team', id: reason.teamId } : null) ??
      (actor?.kind === 'employee' && actor.teamIds[0] ? { kind: 'team', id: actor.teamIds[0] } : null);
    if (!ownerRef) throw invalid('owner', 'Geef een eigenaar (owner): een medewerker, team of afdeling.');
    const owner = await resolveOwner(trx, ownerRef);
    const due =
      dueAt ??
      termDeadline(
        await loadCalendar(trx, settings),
        now,
        reason?.serviceNormDays ?? settings.serviceNormDays,
      );
    const who = by(actor);
    try {
      await repo.insertTask(trx, {
        id,
        kind: data.kind,
        subject: data.subject,
        description: data.description ?? '',
        contact_id: data.contactId ?? null,
        party_id: data.partyId ?? origin.partyId,
        reason_id: reason?.id ?? null,
        callback_channel: callback?.channel ?? null,
        callback_address: callback?.address ?? null,
        owner_kind: owner.kind,
        owner_id: owner.id,
        due_at: due,
        next_reminder_at: due,
        created_by_kind: who.kind,
        created_by_id: who.id,
        created_by_name: who.name,
        created_at: now,
        updated_at: now,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23503')
        throw unprocessable('partyId', `Onbekende partij '${data.partyId}'.`);
      throw err;
    }
    await repo.insertHistory(trx, [
      history(id, now, 'created', who, {
        owner: { kind: owner.kind, id: owner.id, name: owner.name },
        dueAt: due,
      }),
    ]);
  });
  return getTask(db, id, now);
}

/** A task with reminders and history; throws notFound('Taak'). Does not write the processing log. */
export async function getTask(db: Db, id: string, now = new Date()): Promise<TaskDetails> {
  const row = await repo.findTask(db, id);
  if (!row) throw notFound('Taak');
  return toDetails(db, row, now);
}

export type TaskFilter = Omit<repo.TaskListFilter, 'limit' | 'offset'> & { limit?: number; offset?: number };

export async function listTasks(db: Db, filter: TaskFilter, now = new Date()): Promise<TaskSummary[]> {
  const rows = await repo.listTasks(db, { ...filter, limit: filter.limit ?? 50, offset: filter.offset ?? 0 });
  return toSummaries(db, rows, now);
}

/** Locks a task for a change; done/cancelled tasks may not change except through `allowClosed`. */
async function lockTask(trx: Db, id: string): Promise<TaskRow> {
  const row = await repo.findTaskForUpdate(trx, id);
  if (!row) throw notFound('Taak');
  return row;
}

const closedConflict = (row: TaskRow) =>
  conflict(row.status === 'done' ? 'Deze taak is al afgehandeld.' : 'Deze taak is geannuleerd.', 'status');

async function heldByOther(trx: Db, row: TaskRow, actor: Actor) {
  if (!row.assignee_id || row.assignee_id === actor.id) return null;
  const [holder] = await toSummaries(trx, [row], new Date());
  return conflict(
    `Deze taak is in behandeling bij ${holder?.assignee?.name ?? 'een collega'}; laat hem eerst toewijzen.`,
    'assignee',
  );
}

export async function claimTask(db: Db, id: string, actor: Actor, clock: Clock): Promise<TaskDetails> {
  if (actor.kind !== 'employee') throw forbidden('Alleen een medewerker kan een taak oppakken.');
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await lockTask(trx, id);
    if (row.status === 'done' || row.status === 'cancelled') throw closedConflict(row);
    if (row.assignee_id === actor.id) return;
    const held = await heldByOther(trx, row, actor);
    if (held) throw held;
    await repo.updateTask(trx, id, { assignee_id: actor.id, status: 'in_progress', updated_at: now });
    await repo.insertHistory(trx, [history(id, now, 'claimed', by(actor))]);
  });
  return getTask(db, id, now);
}

/** Gives one or many tasks a new owner; a claim is released so the new owner can pick it up. */
export async function reassignTasks(db: Db, ids: string[], ownerRef: OwnerRef, actor: Actor, clock: Clock) {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const owner = await resolveOwner(trx, ownerRef);
    for (const [i, id] of [...new Set(ids)].entries()) {
      const row = await repo.findTaskForUpdate(trx, id);
      if (!row) throw unprocessable(`taskIds.${i}`, `Onbekende taak '${id}'.`);
      if (row.status === 'done' || row.status === 'cancelled') throw closedConflict(row);
      await repo.updateTask(trx, id, {
        owner_kind: owner.kind,
        owner_id: owner.id,
        assignee_id: null,
        status: 'open',
        updated_at: now,
      });
      await repo.insertHistory(trx, [
        history(id, now, 'reassigned', by(actor), {
          from: { kind: row.owner_kind, id: row.owner_id },
          to: { kind: owner.kind, id: owner.id, name: owner.name },
          releasedFrom: row.assignee_id,
        }),
      ]);
    }
  });
  return listTasks(db, { ids, limit: 500 }, now);
}

/** Records a callback attempt as an outbound contact in the party's timeline. */
async function registerAttempt(
  trx: Db,
  row: TaskRow,
  actor: Actor,
  outcome: { succeeded: boolean; written?: boolean; note?: string },
) {
  if (!row.party_id) return null;
  const channel = outcome.written
    ? row.callback_channel === 'email'
      ? 'email'
      : 'post'
    : (row.callback_channel ?? 'phone');
  const contact = await registerContact(
    trx,
    {
      channel,
      direction: 'out',
      reasonId: row.reason_id ?? undefined,
      subject: `Terugbelverzoek ${row.number}: ${row.subject}`.slice(0, 300),
      content: outcome.note ?? '',
      succeeded: outcome.succeeded,
      parties: [{ partyId: row.party_id, role: 'klant', initiator: false }],
      subjects: row.contact_id ? [{ kind: 'contact', reference: row.contact_id }] : [],
      ...(actor.kind === 'employee' ? { employeeId: actor.id } : {}),
    },
    actor,
  );
  return contact.id;
}

export async function recordAttempt(
  db: Db,
  id: string,
  input: { succeeded: boolean; note?: string },
  actor: Actor,
  clock: Clock,
): Promise<TaskDetails> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await lockTask(trx, id);
    if (row.status === 'done' || row.status === 'cancelled') throw closedConflict(row);
    const held = await heldByOther(trx, row, actor);
    if (held) throw held;
    const contactId = await registerAttempt(trx, row, actor, input);
    await repo.updateTask(trx, id, { updated_at: now });
    await repo.insertHistory(trx, [
      history(id, now, 'attempt', by(actor), { succeeded: input.succeeded, contactId }),
    ]);
  });
  return getTask(db, id, now);
}

/** A closed task stops its reminders. */
const closing = (actor: Actor, now: Date) => ({
  next_reminder_at: null,
  closed_at: now,
  closed_by: actor.kind === 'employee' ? actor.id : null,
  updated_at: now,
});

/** Completes with a result. Completing a completed task again changes nothing and answers the same. */
export async function completeTask(
  db: Db,
  id: string,
  input: { result: TaskResult; note?: string },
  actor: Actor,
  clock: Clock,
): Promise<TaskDetails> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await lockTask(trx, id);
    if (row.status === 'done') return;
    if (row.status === 'cancelled') throw closedConflict(row);
    const held = await heldByOther(trx, row, actor);
    if (held) throw held;
    const contactId =
      row.kind === 'callback'
        ? await registerAttempt(trx, row, actor, {
            succeeded: input.result !== 'not_reached',
            written: input.result === 'answered_in_writing',
            note: input.note,
          })
        : null;
    await repo.updateTask(trx, id, {
      status: 'done',
      result: input.result,
      result_note: input.note ?? null,
      assignee_id: row.assignee_id ?? (actor.kind === 'employee' ? actor.id : null),
      ...closing(actor, now),
    });
    await repo.insertHistory(trx, [
      history(id, now, 'completed', by(actor), { result: input.result, contactId }),
    ]);
    if (row.kind === 'callback' && row.party_id) {
      // The resident hears that their callback request was handled (notifications listen).
      await emitCallbackCompleted(trx, {
        taskId: id,
        number: row.number,
        subject: row.subject,
        result: input.result,
        partyId: row.party_id,
        completedAt: now,
      });
    }
  });
  return getTask(db, id, now);
}

export async function cancelTask(
  db: Db,
  id: string,
  reason: string,
  actor: Actor,
  clock: Clock,
): Promise<TaskDetails> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await lockTask(trx, id);
    if (row.status === 'cancelled') return;
    if (row.status === 'done') throw closedConflict(row);
    await repo.updateTask(trx, id, {
      status: 'cancelled',
      cancel_reason: reason,
      ...closing(actor, now),
    });
    await repo.insertHistory(trx, [history(id, now, 'cancelled', by(actor), { reason })]);
  });
  return getTask(db, id, now);
}
