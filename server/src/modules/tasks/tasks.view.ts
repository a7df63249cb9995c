// Rows → the task as the API shows it, with owner, assignee and recipient names filled in.
import type { Db } from '../../db/connect.ts';
import { getEmployeeSummaries } from '../access/access.service.ts';
import { type NamedOwner, nameOwners, type Owner, ownerKey } from './tasks.owners.ts';
import type { TaskRow } from './tasks.repo.ts';
import * as repo from './tasks.repo.ts';

export type TaskSummary = {
  id: string;
  number: string;
  kind: 'callback' | 'task';
  subject: string;
  status: TaskRow['status'];
  result: TaskRow['result'];
  partyId: string | null;
  contactId: string | null;
  reasonId: string | null;
  callback: { channel: 'phone' | 'email'; address: string } | null;
  owner: NamedOwner;
  assignee: { id: string; name: string } | null;
  dueAt: Date;
  overdue: boolean;
  reminderCount: number;
  escalatedAt: Date | null;
  escalatedTo: NamedOwner | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
};

export type TaskDetails = TaskSummary & {
  description: string;
  resultNote: string | null;
  cancelReason: string | null;
  createdBy: { kind: string; id: string | null; name: string };
  reminders: {
    seq: number;
    kind: 'reminder' | 'escalation';
    at: Date;
    owner: NamedOwner;
    recipients: { id: string; name: string }[];
  }[];
  history: {
    at: Date;
    event: string;
    actor: { kind: string; id: string | null; name: string };
    details: Record<string, unknown>;
  }[];
};

const open = (r: TaskRow) => r.status === 'open' || r.status === 'in_progress';

export async function toSummaries(
  db: Db,
  rows: TaskRow[],
  now: Date,
  extraOwners: Owner[] = [],
): Promise<TaskSummary[]> {
  const owners: Owner[] = [...extraOwners];
  for (const r of rows) {
    owners.push({ kind: r.owner_kind, id: r.owner_id });
    if (r.escalated_to_kind && r.escalated_to_id)
      owners.push({ kind: r.escalated_to_kind, id: r.escalated_to_id });
  }
  const names = await nameOwners(db, owners);
  const assignees = new Map(
    (
      await getEmployeeSummaries(
        db,
        rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])),
      )
    ).map((e) => [e.id, e]),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    subject: r.subject,
    status: r.status,
    result: r.result,
    partyId: r.party_id,
    contactId: r.contact_id,
    reasonId: r.reason_id,
    callback:
      r.callback_channel && r.callback_address
        ? { channel: r.callback_channel, address: r.callback_address }
        : null,
    owner: names.get(`${r.owner_kind}:${r.owner_id}`) as NamedOwner,
    assignee: r.assignee_id
      ? (assignees.get(r.assignee_id) ?? { id: r.assignee_id, name: '(onbekend)' })
      : null,
    dueAt: r.due_at,
    overdue: open(r) && r.due_at.getTime() < now.getTime(),
    reminderCount: r.reminder_count,
    escalatedAt: r.escalated_at,
    escalatedTo:
      r.escalated_to_kind && r.escalated_to_id
        ? (names.get(`${r.escalated_to_kind}:${r.escalated_to_id}`) ?? null)
        : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  }));
}

export async function toDetails(db: Db, row: TaskRow, now: Date): Promise<TaskDetails> {
  const [reminders, history] = await Promise.all([
    repo.findReminders(db, row.id),
    repo.findHistory(db, row.id),
  ]);
  const reminderOwners = reminders.map((r) => ({ kind: r.owner_kind, id: r.owner_id }));
  const [summary] = await toSummaries(db, [row], now, reminderOwners);
  const names = await nameOwners(db, reminderOwners);
  const people = new Map(
    (
      await getEmployeeSummaries(
        db,
        reminders.flatMap((r) => r.recipient_ids),
      )
    ).map((e) => [e.id, e]),
  );
  return {
    ...(summary as TaskSummary),
    description: row.description,
    resultNote: row.result_note,
    cancelReason: row.cancel_reason,
    createdBy: { kind: row.created_by_kind, id: row.created_by_id, name: row.created_by_name },
    reminders: reminders.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      at: r.at,
      owner: names.get(ownerKey({ kind: r.owner_kind, id: r.owner_id })) as NamedOwner,
      recipients: r.recipient_ids.map((id) => people.get(id) ?? { id, name: '(onbekend)' }),
    })),
    history: history.map((h) => ({
      at: h.at,
      event: h.event,
      actor: { kind: h.actor_kind, id: h.actor_id, name: h.actor_name },
      details: h.details,
    })),
  };
}
