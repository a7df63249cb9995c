// The reminder sweep. When a task's term passes unhandled its owner (a team: its members; a claimed
// task: also whoever claimed it) gets a reminder in the app and by e-mail, again each time the
// configured interval of working days passes. The step after the last reminder (3 by default)
// escalates: the task moves to the owner's backup, or to the default escalation team.
//
// Exactly once: due tasks are locked with FOR UPDATE SKIP LOCKED, each step is a row keyed
// (task, step) inserted ON CONFLICT DO NOTHING, and mail is queued in the same transaction. Two
// workers sweeping together therefore split the work; neither can repeat a step.
// Catch-up: the next step is scheduled from now, not from the missed schedule, so a worker that was
// down for a week sends one reminder per task on start, not one per missed day.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { EmployeeMailbox } from '../access/access.service.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { nextReminderAt } from '../calendar/working-days.ts';
import { enqueueMails, type OutgoingMail } from '../outbox/outbox.service.ts';
import { type DueTask, lockDue, type NewReminder, recordSteps } from './reminders.repo.ts';
import {
  type EscalationPolicy,
  escalationTarget,
  loadEscalationPolicy,
  type Owner,
  ownerKey,
  recipientsOf,
} from './tasks.owners.ts';
import type { TaskSettings } from './tasks.service.ts';

export type SweepSettings = TaskSettings & { publicUrl: string };
export type SweepOutcome = { reminders: number; escalations: number; mails: number };

const amsterdam = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'short',
  timeStyle: 'short',
});

export async function sweepReminders(
  db: Db,
  settings: SweepSettings,
  now: Date,
  batchSize = 5000,
  workers = 2,
): Promise<SweepOutcome> {
  const calendar = await loadCalendar(db, settings);
  const next = nextReminderAt(calendar, now, settings.reminderIntervalDays);
  const policy = await loadEscalationPolicy(db, settings.escalationTeam);
  const recipients = new Map<string, EmployeeMailbox[]>();
  const total: SweepOutcome = { reminders: 0, escalations: 0, mails: 0 };

  const batch = () =>
    db.transaction().execute(async (trx) => {
      const due = await lockDue(trx, now, batchSize);
      if (due.length === 0) return 0;
      const steps = due.map((t) => planStep(t, settings, policy));
      const unknownOwners = steps.map((s) => s.owner).filter((o) => !recipients.has(ownerKey(o)));
      if (unknownOwners.length)
        for (const [k, v] of await recipientsOf(trx, dedupe(unknownOwners))) recipients.set(k, v);
      const people = new Map<string, EmployeeMailbox>();
      const rows: NewReminder[] = steps.map((s) => {
        const list = recipients.get(ownerKey(s.owner)) ?? [];
        for (const p of list) people.set(p.id, p);
        const ids = list.map((p) => p.id);
        if (s.kind === 'reminder' && s.task.assignee_id && !ids.includes(s.task.assignee_id))
          ids.push(s.task.assignee_id);
        return {
          taskId: s.task.id,
          seq: s.seq,
          kind: s.kind,
          ownerKind: s.owner.kind,
          ownerId: s.owner.id,
          recipientIds: ids,
        };
      });
      const inserted = await recordSteps(trx, now, next, rows);
      const escalations = steps.filter((s) => s.kind === 'escalation' && inserted.has(s.task.id)).length;
      const mails = digestMails(
        inserted.size === rows.length ? rows : rows.filter((r) => inserted.has(r.taskId)),
        due,
        people,
        settings.publicUrl,
      );
      await enqueueMails(trx, mails, now);
      total.reminders += inserted.size - escalations;
      total.escalations += escalations;
      total.mails += mails.length;
      return due.length;
    });
  // Several batches at once, each in its own transaction: SKIP LOCKED gives each a different set of
  // due tasks (as it does two worker processes), so the database works on them side by side.
  const worker = async () => {
    while ((await batch()) === batchSize);
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  return total;
}

type Step = { task: DueTask; seq: number; kind: 'reminder' | 'escalation'; owner: Owner };

function planStep(task: DueTask, settings: SweepSettings, policy: EscalationPolicy): Step {
  const seq = task.reminder_count + 1;
  const current: Owner = { kind: task.owner_kind, id: task.owner_id };
  if (seq > settings.remindersBeforeEscalation && !task.escalated_at) {
    const target = escalationTarget(policy, current);
    if (target) return { task, seq, kind: 'escalation', owner: target };
  }
  return { task, seq, kind: 'reminder', owner: current };
}

const dedupe = (owners: Owner[]) => [...new Map(owners.map((o) => [ownerKey(o), o])).values()];

/** One mail per employee per batch, listing their reminders; keyed by its content, so never queued twice. */
function digestMails(
  rows: NewReminder[],
  due: DueTask[],
  people: Map<string, EmployeeMailbox>,
  publicUrl: string,
): OutgoingMail[] {
  const tasks = new Map(due.map((t) => [t.id, t]));
  const perEmployee = new Map<string, NewReminder[]>();
  for (const r of rows)
    for (const id of r.recipientIds) {
      const list = perEmployee.get(id);
      if (list) list.push(r);
      else perEmployee.set(id, [r]);
    }
  const mails: OutgoingMail[] = [];
  for (const [employeeId, list] of perEmployee) {
    const person = people.get(employeeId);
    if (!person?.email) continue;
    const key = createHash('sha256')
      .update(
        list
          .map((r) => `${r.taskId}:${r.seq}`)
          .sort()
          .join('|'),
      )
      .digest('hex')
      .slice(0, 32);
    const escalated = list.filter((r) => r.kind === 'escalation').length;
    const lines = list.map((r) => {
      const t = tasks.get(r.taskId) as DueTask;
      const what = r.kind === 'escalation' ? 'naar u geëscaleerd' : `herinnering ${r.seq}`;
      return `- Taak ${t.number}: ${t.subject}\n  termijn ${amsterdam.format(t.due_at)}, ${what}\n  ${publicUrl}/werkplek/taken/${t.id}`;
    });
    mails.push({
      dedupeKey: `task-reminders:${employeeId}:${key}`,
      to: person.email,
      subject:
        list.length === 1
          ? `${escalated ? 'Escalatie' : 'Herinnering'}: taak ${tasks.get(list[0]?.taskId ?? '')?.number} is over de termijn`
          : `Herinnering: ${list.length} taken zijn over de termijn`,
      text: `Beste ${person.name},\n\nDeze taken zijn niet binnen de termijn afgehandeld:\n\n${lines.join('\n')}\n\nLoket`,
    });
  }
  return mails;
}
