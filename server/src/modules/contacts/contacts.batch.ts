// Many contacts at once, for channel adapters that take inbound messages in batches (the mail inbox):
// the same checks as registerContact, but one INSERT per table for the whole batch and no read-back,
// because at 100 mails a second the statements per contact decide how far the queue lags. Run it in
// the caller's transaction: either every contact of the batch is stored whole, or none is.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Clock } from '../../platform/clock.ts';
import { invalid, unprocessable } from '../../platform/errors.ts';
import { findTeam } from '../access/access.service.ts';
import { attachmentRow, type CheckedAttachment } from './attachments.service.ts';
import * as repo from './contacts.batch.repo.ts';
import { parseInput, registerContactInput } from './contacts.schemas.ts';
import { requireActiveChannel } from './reference-lists.service.ts';
import { joinThreads } from './threads.service.ts';

export type BatchContactInput = {
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  content: string;
  occurredAt: Date;
  teamId: string | null;
  threadId?: string;
  parties: { partyId: string | null; role: 'klant'; initiator: boolean; details: Record<string, unknown> }[];
  /** Checked with checkAttachment before (a refused file is the caller's to mention in the content). */
  attachments: CheckedAttachment[];
  /** The answer or outcome (an automatic answer says so). */
  result?: string | null;
  /** A call's facts (telephony): who took it, whether it succeeded, how long it took. */
  employeeId?: string | null;
  succeeded?: boolean | null;
  durationSeconds?: number | null;
};

export type RegisteredContact = { id: string; number: string };

/** Contacts in the order given, each with its involvements and attachments; in the caller's transaction. */
export async function registerContacts(
  trx: Db,
  inputs: BatchContactInput[],
  clock: Clock,
): Promise<RegisteredContact[]> {
  if (inputs.length === 0) return [];
  const now = clock.now();
  const checked = inputs.map((input) => {
    // The rules of registerContact's input, so a batch cannot store what one contact could not.
    const {
      attachments: _files,
      teamId,
      threadId,
      occurredAt,
      employeeId,
      durationSeconds,
      result,
      ...rest
    } = input;
    const data = parseInput(registerContactInput, {
      ...rest,
      ...(employeeId ? { employeeId } : {}),
      ...(result ? { result } : {}),
      ...(durationSeconds != null ? { durationSeconds } : {}),
      occurredAt: occurredAt.toISOString(),
      ...(teamId ? { teamId } : {}),
      ...(threadId ? { threadId } : {}),
    });
    if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
      throw invalid('occurredAt', 'Het tijdstip van het contact ligt in de toekomst.');
    }
    return { subject: data.subject, content: data.content ?? '' };
  });
  for (const channel of new Set(inputs.map((i) => i.channel))) await requireActiveChannel(trx, channel);
  for (const teamId of new Set(inputs.flatMap((i) => (i.teamId ? [i.teamId] : [])))) {
    if (!(await findTeam(trx, teamId))) throw unprocessable('teamId', 'Dit team bestaat niet.');
  }
  const latest = new Map<string, Date>();
  for (const i of inputs) {
    if (!i.threadId) continue;
    const seen = latest.get(i.threadId);
    if (!seen || seen < i.occurredAt) latest.set(i.threadId, i.occurredAt);
  }
  await joinThreads(trx, latest);

  const ids = inputs.map(() => randomUUID());
  const stored = await repo.insertContacts(
    trx,
    inputs.map((i, n) => ({
      id: ids[n] as string,
      channel: i.channel,
      direction: i.direction,
      reason_id: null,
      subject: checked[n]?.subject as string,
      content: checked[n]?.content as string,
      result: i.result ?? null,
      resolved_first_contact: false,
      succeeded: i.succeeded ?? null,
      confidential: false,
      language: 'nl',
      occurred_at: i.occurredAt,
      employee_id: i.employeeId ?? null,
      team_id: i.teamId,
      thread_id: i.threadId ?? null,
      duration_seconds: i.durationSeconds ?? null,
      created_at: now,
    })),
  );
  await repo.insertInvolvements(
    trx,
    inputs.flatMap((i, n) =>
      i.parties.map((p) => ({
        id: randomUUID(),
        contact_id: ids[n] as string,
        party_id: p.partyId,
        role: p.role,
        initiator: p.initiator,
        details: JSON.stringify(p.details),
        created_at: now,
      })),
    ),
  );
  await repo.insertAttachments(
    trx,
    inputs.flatMap((i, n) => i.attachments.map((a) => attachmentRow(ids[n] as string, a, now))),
  );
  const numbers = new Map(stored.map((r) => [r.id, r.number]));
  return ids.map((id) => ({ id, number: numbers.get(id) as string }));
}
