// The reminder sweep. When a task's term passes unhandled its owner (a team: its members; a claimed
// task: also whoever claimed it) gets a reminder in the app and by e-mail, again each time the
// configured interval of working days passes. The step after the last reminder (3 by default)
// escalates: the task moves to the owner's backup, or to the default escalation team.
//
// Exactly once: due tasks are taken with FOR UPDATE SKIP LOCKED on their schedule rows, each step is a row keyed
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
import {
  claimDue,
  type DueTask,
  type NewReminder,
  recordEscalations,
  recordSteps,
} from './reminders.repo.ts';
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
  // Who hears about each owner's tasks, looked up once per owner per sweep: the ids of every row
  // share one array (and its joined text) unless a claim adds the assignee.
  const audiences = new Map<string, Audience>();
  const total: SweepOutcome = { reminders: 0, escalations: 0, mails: 0 };

  const batch = () =>
    db.transaction().execute(async (trx) => {
      const due = await claimDue(trx, now, next, batchSize);
      if (due.length === 0) return 0;
      const steps = due.map((t) => planStep(t, settings, policy));
      const owners = new Map(steps.map((s) => [ownerKey(s.owner), s.owner]));
      const unknown = [...owners].filter(([k]) => !audiences.has(k)).map(([, o]) => o);
      if (unknown.length)
        for (const [k, list] of await recipientsOf(trx, unknown))
          audiences.set(k, { people: list, ids: list.map((p) => p.id) });
      const people = new Map<string, EmployeeMailbox>();
      for (const k of owners.keys()) for (const p of audiences.get(k)?.people ?? []) people.set(p.id, p);
      const rows: NewReminder[] = steps.map((s) => {
        let ids = audiences.get(ownerKey(s.owner))?.ids ?? [];
        if (s.kind === 'reminder' && s.task.assignee_id && !ids.includes(s.task.assignee_id))
          ids = [...ids, s.task.assignee_id];
        return {
          taskId: s.task.id,
          seq: s.seq,
          kind: s.kind,
          ownerKind: s.owner.kind,
          ownerId: s.owner.id,
          recipientIds: ids,
        };
      });
      const inserted = await recordSteps(trx, now, rows);
      const escalated = rows.filter((r) => r.kind === 'escalation' && inserted.has(r.taskId));
      await recordEscalations(trx, now, escalated);
      const escalations = escalated.length;
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
type Audience = { people: EmployeeMailbox[]; ids: string[] };

function planStep(task: DueTask, settings: SweepSettings, policy: EscalationPolicy): Step {
  const seq = task.reminder_count + 1;
  const current: Owner = { kind: task.owner_kind, id: task.owner_id };
  if (seq > settings.remindersBeforeEscalation && !task.escalated_at) {
    const target = escalationTarget(policy, current);
    if (target) return { task, seq, kind: 'escalation', owner: target };
  }
  return { task, seq, kind: 'reminder', owner: current };
}

/** One mail per employee per batch, listing their reminders; keyed by its content, so never queued twice. */
function digestMails(
  rows: NewReminder[],
  due: DueTask[],
  people: Map<string, EmployeeMailbox>,
  publicUrl: string,
): OutgoingMail[] {
  const tasks = new Map(due.map((t) => [t.id, t]));
  // A reminder's line and key are the same in every recipient's mail: made once per reminder.
  const terms = new Map<number, string>();
  const items = rows.map((r) => {
    const t = tasks.get(r.taskId) as DueTask;
    let term = terms.get(t.due_at.getTime());
    if (term === undefined) {
      term = amsterdam.format(t.due_at);
      terms.set(t.due_at.getTime(), term);
    }
    const what = r.kind === 'escalation' ? 'naar u geëscaleerd' : `herinnering ${r.seq}`;
    return {
      row: r,
      number: t.number,
      key: `${r.taskId}:${r.seq}`,
      line: `- Taak ${t.number}: ${t.subject}\n  termijn ${term}, ${what}\n  ${publicUrl}/werkplek/taken/${t.id}`,
    };
  });
  const perEmployee = new Map<string, typeof items>();
  for (const item of items)
    for (const id of item.row.recipientIds) {
      const list = perEmployee.get(id);
      if (list) list.push(item);
      else perEmployee.set(id, [item]);
    }
  const mails: OutgoingMail[] = [];
  for (const [employeeId, list] of perEmployee) {
    const person = people.get(employeeId);
    if (!person?.email) continue;
    const key = createHash('sha256')
      .update(
        list
          .map((i) => i.key)
          .sort()
          .join('|'),
      )
      .digest('hex')
      .slice(0, 32);
    const escalated = list.some((i) => i.row.kind === 'escalation');
    mails.push({
      dedupeKey: `task-reminders:${employeeId}:${key}`,
      to: person.email,
      subject:
        list.length === 1
          ? `${escalated ? 'Escalatie' : 'Herinnering'}: taak ${list[0]?.number} is over de termijn`
          : `Herinnering: ${list.length} taken zijn over de termijn`,
      text: `Beste ${person.name},\n\nDeze taken zijn niet binnen de termijn afgehandeld:\n\n${list.map((i) => i.line).join('\n')}\n\nLoket`,
    });
  }
  return mails;
}
