// Contacts: one record for every interaction on every channel, with the parties involved, what it
// was about and its attachments. Reads here never write the processing log; callers do, in the same
// transaction, because only they know who asks and why.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { type Actor, can } from '../../platform/actor.ts';
import { type Clock, createClock } from '../../platform/clock.ts';
import { AppError, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { findTeam, getEmployeeSummaries, getTeams } from '../access/access.service.ts';
import { listSubjects } from './contacts.listing.ts';
import * as repo from './contacts.repo.ts';
import {
  parseInput,
  type RegisterContactBody,
  registerContactInput,
  type UpdateContactInput,
  updateContactInput,
} from './contacts.schemas.ts';
import { checkedReason, reasonRef, resolveReason } from './reference-lists.service.ts';
import { joinThread, type ThreadRef } from './threads.service.ts';

export type { UpdateContactInput } from './contacts.schemas.ts';
export { contactTimelineSource } from './contacts.timeline.ts';
export {
  type Channel,
  getReason,
  listChannels,
  listReasons,
  type Reason,
} from './reference-lists.service.ts';

export type RegisterContactInput = Omit<RegisterContactBody, 'occurredAt'> & { occurredAt?: Date | string };

export type ContactDetails = {
  id: string;
  number: string;
  channel: string;
  direction: 'in' | 'out';
  reason: { id: string; code: string; label: string } | null;
  subject: string;
  content: string;
  result: string | null;
  resolvedFirstContact: boolean;
  succeeded: boolean | null;
  confidential: boolean;
  language: string;
  occurredAt: Date;
  employee: { id: string; name: string } | null;
  team: { id: string; code: string; name: string } | null;
  parties: {
    id: string;
    partyId: string | null;
    role: string;
    initiator: boolean;
    details: Record<string, unknown>;
  }[];
  subjects: {
    id: string;
    kind: string;
    reference: string;
    register: string | null;
    relatedContactId: string | null;
  }[];
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number; sha256: string }[];
  /** The conversation this contact is part of (GET /threads/:id), null while it stands alone. */
  thread: ThreadRef | null;
  /** How long it lasted in seconds (a call's talk time); null when not known. */
  durationSeconds: number | null;
  createdAt: Date;
};

/** How far ahead of the clock a contact may be dated: allows for clocks of other systems. */
const futureTolerance = 5 * 60_000;
const systemClock = createClock();

/** Run fn in a transaction, or in the caller's transaction when db already is one. */
export const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** A foreign-key violation on this insert means the client named something that does not exist. */
async function referring<T>(name: string, reason: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw unprocessable(name, reason);
    throw err;
  }
}

/**
 * Ids for the rows of one registration, ascending: reads order a contact's parties and subjects by
 * (created_at, id), and one registration gives them all the same created_at, so this keeps them in
 * the order the client sent them.
 */
const ascendingIds = (n: number) => Array.from({ length: n }, () => randomUUID()).sort();

/** Who handled a contact being registered: the employee named (who must exist), else the one registering it. */
async function handlingEmployee(db: Db, employeeId: string | null | undefined, actor: Actor | undefined) {
  if (employeeId) {
    const [named] = await getEmployeeSummaries(db, [employeeId]);
    if (!named) throw unprocessable('employeeId', 'Deze medewerker bestaat niet.');
    return named;
  }
  return actor?.kind === 'employee' ? { id: actor.id, name: actor.name } : null;
}

export async function registerContact(
  db: Db,
  input: RegisterContactInput,
  actor?: Actor,
  clock: Clock = systemClock,
): Promise<ContactDetails> {
  const occurredInput = input.occurredAt instanceof Date ? input.occurredAt.toISOString() : input.occurredAt;
  const data = parseInput(registerContactInput, { ...input, occurredAt: occurredInput });
  const now = clock.now();
  const occurredAt = data.occurredAt ? new Date(data.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + futureTolerance) {
    throw invalid('occurredAt', 'Het tijdstip van het contact ligt in de toekomst.');
  }
  const teamId =
    data.teamId ?? (actor?.kind === 'employee' && !data.employeeId ? (actor.teamIds[0] ?? null) : null);
  const id = randomUUID();
  const ref = reasonRef(data);

  // Without a thread or subject objects a registration is one statement (insertCheckedContact),
  // atomic on its own: no BEGIN and COMMIT round trips. The answer is built from what was written.
  const plain = !data.threadId && !data.subjects?.length;
  return plain ? write(db) : inTransaction(db, write);

  async function write(trx: Db): Promise<ContactDetails> {
    const employee = await handlingEmployee(trx, data.employeeId, actor);
    const team = teamId ? await findTeam(trx, teamId) : null;
    if (teamId && !team) throw unprocessable('teamId', 'Dit team bestaat niet.');
    const thread = data.threadId ? await joinThread(trx, data.threadId, occurredAt) : null;
    const contact = {
      id,
      channel: data.channel,
      direction: data.direction,
      subject: data.subject,
      content: data.content ?? '',
      result: data.result ?? null,
      resolved_first_contact: data.resolvedFirstContact ?? false,
      succeeded: data.succeeded ?? null,
      confidential: data.confidential ?? false,
      language: data.language ?? 'nl',
      occurred_at: occurredAt,
      employee_id: employee?.id ?? null,
      team_id: team?.id ?? null,
      thread_id: thread?.id ?? null,
      duration_seconds: data.durationSeconds ?? null,
      created_at: now,
    };
    const parties = data.parties ?? [];
    const anyInitiator = parties.some((p) => p.initiator !== undefined);
    const partyRowIds = ascendingIds(parties.length);
    const involvements = parties.map((p, i) => ({
      id: partyRowIds[i] as string,
      contact_id: id,
      // As the database gives a uuid back, so the answer equals a later read.
      party_id: p.partyId?.toLowerCase() ?? null,
      role: p.role,
      initiator: p.initiator ?? (!anyInitiator && i === 0),
      details: p.details ?? {},
      created_at: now,
      occurred_at: occurredAt,
      confidential: contact.confidential,
    }));
    // Parties that do not exist are found by the statement itself (missing_parties below).
    const seen = await repo.insertCheckedContact(trx, contact, ref?.by ?? null, involvements);
    const reason = checkedReason(contact.channel, ref, seen);
    const missing = involvements.findIndex((p) => p.party_id && seen.missing_parties?.includes(p.party_id));
    if (missing >= 0) throw unprocessable(`parties.${missing}.partyId`, 'Deze partij bestaat niet.');
    const number = seen.number;
    if (number === null) throw new Error('registerContact: nothing was inserted, yet every check passed');
    const subjectRowIds = ascendingIds(data.subjects?.length ?? 0);
    const subjects = (data.subjects ?? []).map((s, i) => ({
      id: subjectRowIds[i] as string,
      contact_id: id,
      kind: s.kind,
      reference: s.reference,
      register: s.register ?? null,
      related_contact_id:
        (s.kind === 'contact'
          ? (s.relatedContactId ?? s.reference)
          : (s.relatedContactId ?? null)
        )?.toLowerCase() ?? null,
      created_at: now,
    }));
    for (const [i, row] of subjects.entries()) {
      const field = data.subjects?.[i]?.relatedContactId
        ? `subjects.${i}.relatedContactId`
        : `subjects.${i}.reference`;
      await referring(field, 'Dit contact bestaat niet.', repo.insertSubject(trx, row));
    }
    return {
      id,
      number,
      channel: contact.channel,
      direction: contact.direction,
      reason,
      subject: contact.subject,
      content: contact.content,
      result: contact.result,
      resolvedFirstContact: contact.resolved_first_contact,
      succeeded: contact.succeeded,
      confidential: contact.confidential,
      language: contact.language,
      occurredAt,
      employee,
      team,
      parties: involvements.map((p) => ({
        id: p.id,
        partyId: p.party_id,
        role: p.role,
        initiator: p.initiator,
        details: p.details,
      })),
      subjects: subjects.map((s) => ({
        id: s.id,
        kind: s.kind,
        reference: s.reference,
        register: s.register,
        relatedContactId: s.related_contact_id,
      })),
      attachments: [],
      thread,
      durationSeconds: contact.duration_seconds,
      createdAt: now,
    };
  }
}

/** A contact with its parties, subjects and attachments; throws notFound('Contact'). No processing log. */
export async function getContact(db: Db, id: string): Promise<ContactDetails> {
  const [contact] = await loadDetails(db, [id]);
  if (!contact) throw notFound('Contact');
  return contact;
}

/** Contacts by id in one round of queries, in the order of `ids`; unknown ids are left out. No processing log. */
export async function getContacts(db: Db, ids: string[]): Promise<ContactDetails[]> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return loadDetails(
    db,
    [...new Set(ids)].filter((id) => uuid.test(id)),
  );
}

/** 404 for a contact the actor may not see, so a confidential contact's existence is not revealed. */
export async function requireVisibleContact(db: Db, id: string, actor: Actor) {
  const row = await repo.findVisibility(db, id);
  if (!row || (row.confidential && !can(actor, 'contacts:confidential'))) throw notFound('Contact');
}

/** The parties whose data a contact shows: what a caller passes to logRead. */
export const partyIdsOf = (contacts: ContactDetails[]): string[] => [
  ...new Set(contacts.flatMap((c) => c.parties.map((p) => p.partyId).filter((p): p is string => !!p))),
];

export type ContactListFilter = {
  partyIds?: string[];
  channel?: string;
  reasonId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
  /** Confidential contacts are left out unless the caller says its actor may see them. */
  includeConfidential?: boolean;
};

const encodeCursor = (c: { occurredAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([c.occurredAt.toISOString(), c.id])).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw invalid('cursor', 'Ongeldige cursor; gebruik nextCursor uit het vorige antwoord.');
  }
}

export async function listContacts(
  db: Db,
  filter: ContactListFilter,
): Promise<{ items: ContactDetails[]; nextCursor: string | null }> {
  const rows = await repo.listContactIds(db, {
    partyIds: filter.partyIds,
    channel: filter.channel,
    reasonId: filter.reasonId,
    from: filter.from,
    to: filter.to,
    includeConfidential: filter.includeConfidential ?? false,
    after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const items = await loadDetails(
    db,
    page.map((r) => r.id),
  );
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}

/** Fill in what the employee learned after the contact: reason, result, first-contact resolution, content. */
export async function updateContact(db: Db, id: string, patch: UpdateContactInput): Promise<ContactDetails> {
  const data = parseInput(updateContactInput, patch);
  if (Object.keys(data).length === 0) {
    throw new AppError('invalid', 'Er is niets om te wijzigen.', [
      { name: 'body', code: 'empty', reason: 'Geef ten minste één veld.' },
    ]);
  }
  await inTransaction(db, async (trx) => {
    await getContact(trx, id);
    const clearReason = data.reasonId === null && !data.reasonCode;
    const reason = clearReason ? null : await resolveReason(trx, data);
    await repo.updateContact(trx, id, {
      ...(reason || clearReason ? { reason_id: reason?.id ?? null } : {}),
      ...(data.result !== undefined ? { result: data.result } : {}),
      ...(data.resolvedFirstContact !== undefined
        ? { resolved_first_contact: data.resolvedFirstContact }
        : {}),
      ...(data.content !== undefined ? { content: data.content } : {}),
    });
  });
  return getContact(db, id);
}

/**
 * For channel adapters whose facts arrive late (a call's 'answered' event after its 'ended'): fill in
 * the employee and duration of a contact they registered, only where still empty.
 */
export async function completeContactFacts(
  db: Db,
  id: string,
  facts: { employeeId?: string | null; durationSeconds?: number | null },
): Promise<void> {
  const [row] = await repo.findContacts(db, [id]);
  if (!row) throw notFound('Contact');
  const set = {
    ...(facts.employeeId && !row.employee_id ? { employee_id: facts.employeeId } : {}),
    ...(facts.durationSeconds != null && row.duration_seconds == null
      ? { duration_seconds: facts.durationSeconds }
      : {}),
  };
  if (Object.keys(set).length > 0) await repo.updateContact(db, id, set);
}

async function loadDetails(db: Db, ids: string[]): Promise<ContactDetails[]> {
  const rows = await repo.findContactsWithChildren(db, ids);
  if (rows.length === 0) return [];
  const [employees, teams] = await Promise.all([
    getEmployeeSummaries(
      db,
      rows.map((r) => r.employee_id).filter((e): e is string => !!e),
    ),
    rows.some((r) => r.team_id) ? getTeams(db) : Promise.resolve([]),
  ]);
  const byId = new Map(
    rows.map((r) => {
      const details: ContactDetails = {
        id: r.id,
        number: r.number,
        channel: r.channel,
        direction: r.direction,
        reason: r.reason,
        subject: r.subject,
        content: r.content,
        result: r.result,
        resolvedFirstContact: r.resolved_first_contact,
        succeeded: r.succeeded,
        confidential: r.confidential,
        language: r.language,
        occurredAt: r.occurred_at,
        employee: employees.find((e) => e.id === r.employee_id) ?? null,
        team: teams.find((t) => t.id === r.team_id) ?? null,
        parties: r.involvements.map((p) => ({
          id: p.id,
          partyId: p.party_id,
          role: p.role,
          initiator: p.initiator,
          details: p.details as Record<string, unknown>,
        })),
        subjects: r.subjects.map((s) => ({
          id: s.id,
          kind: s.kind,
          reference: s.reference,
          register: s.register,
          relatedContactId: s.related_contact_id,
        })),
        attachments: r.attachments.map((a) => ({
          id: a.id,
          filename: a.filename,
          contentType: a.content_type,
          sizeBytes: a.size_bytes,
          sha256: a.sha256,
        })),
        thread: r.thread_id && r.thread_reference ? { id: r.thread_id, reference: r.thread_reference } : null,
        durationSeconds: r.duration_seconds,
        createdAt: r.created_at,
      };
      return [r.id, details] as const;
    }),
  );
  return ids.map((id) => byId.get(id)).filter((c): c is ContactDetails => !!c);
}

/**
 * The contacts about a case (subject kind 'case', reference = the case's identification), newest
 * first; confidential ones only for an actor allowed to see them. No processing log.
 */
export async function contactsAboutCase(
  db: Db,
  identification: string,
  actor: Actor,
): Promise<ContactDetails[]> {
  const subjects = await listSubjects(
    db,
    { kind: 'case', reference: identification, includeConfidential: can(actor, 'contacts:confidential') },
    { offset: 0, limit: 200 },
  );
  const contacts = await getContacts(
    db,
    subjects.items.map((s) => s.contactId),
  );
  return contacts.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
}
