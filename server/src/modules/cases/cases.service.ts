// The built-in case register: case types with ordered statuses and a term, cases with parties, a
// status history, documents (metadata) and the contacts about them (contact_subjects kind 'case').
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { findTeam } from '../access/access.service.ts';
import { addDays } from '../calendar/holidays.ts';
import { localDate } from '../calendar/working-days.ts';
import { getAttachment } from '../contacts/attachments.service.ts';
import { parseInput } from '../contacts/contacts.schemas.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import type { CaseDetails, CaseSummary } from './case-source.ts';
import { type CaseStatusChanged, emitCaseDocumentAdded, recordStatusChange } from './cases.events.ts';
import * as repo from './cases.repo.ts';
import {
  type CaseTypeInput,
  type CreateCaseInput,
  caseTypeBody,
  createCaseBody,
  type DocumentInput,
  documentBody,
  type SetStatusInput,
  setStatusBody,
} from './cases.schemas.ts';
import { type CaseTypeView, toCaseTypeViews, toDetails, toSummaries } from './cases.view.ts';

export type { CaseTypeView } from './cases.view.ts';

type By = { kind: string; id: string | null; name: string };
const by = (actor?: Actor): By =>
  actor ? { kind: actor.kind, id: actor.id, name: actor.name } : { kind: 'system', id: null, name: 'Loket' };

async function teamRef(db: Db, ref: string | undefined, field: string) {
  if (!ref) return null;
  const team = await findTeam(db, ref);
  if (!team) throw unprocessable(field, `Onbekend team '${ref}'.`);
  return team;
}

// ── case types ─────────────────────────────────────────────────────────────
export async function listCaseTypes(db: Db): Promise<CaseTypeView[]> {
  return toCaseTypeViews(db, await repo.listCaseTypes(db));
}

export async function getCaseType(db: Db, idOrCode: string): Promise<CaseTypeView> {
  const row = await repo.findCaseType(db, idOrCode);
  if (!row) throw notFound('Zaaktype');
  const [view] = await toCaseTypeViews(db, [row]);
  return view as CaseTypeView;
}

/** Creates a case type or replaces the one with the same code. */
export async function saveCaseType(db: Db, input: CaseTypeInput, now: Date): Promise<CaseTypeView> {
  const data = parseInput(caseTypeBody, input);
  const codes = data.statuses.map((s) => s.code);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw invalid('statuses', `Statuscode '${dup}' komt twee keer voor.`);
  const id = await inTransaction(db, async (trx) => {
    const team = await teamRef(trx, data.team, 'team');
    const existing = await repo.findCaseType(trx, data.code);
    if (existing && (await repo.highestStatusInUse(trx, existing.id)) > data.statuses.length) {
      throw conflict('Er zijn zaken met een status die in deze nieuwe lijst ontbreekt.', 'statuses');
    }
    return repo.upsertCaseType(
      trx,
      {
        id: existing?.id ?? randomUUID(),
        code: data.code,
        name: data.name,
        description: data.description ?? '',
        term_days: data.termDays,
        team_id: team?.id ?? null,
        active: data.active ?? true,
        created_at: now,
        updated_at: now,
      },
      data.statuses,
    );
  });
  return getCaseType(db, id);
}

// ── cases ──────────────────────────────────────────────────────────────────
export async function createCase(
  db: Db,
  input: CreateCaseInput,
  actor: Actor | undefined,
  clock: Clock,
): Promise<CaseDetails> {
  const data = parseInput(createCaseBody, input);
  const now = clock.now();
  const id = randomUUID();
  await inTransaction(db, async (trx) => {
    const type = await repo.findCaseType(trx, data.caseType);
    if (!type?.active) throw unprocessable('caseType', `Onbekend zaaktype '${data.caseType}'.`);
    const [first] = await repo.statusesOf(trx, [type.id]);
    if (!first) throw unprocessable('caseType', 'Dit zaaktype heeft geen statussen.');
    const team = (await teamRef(trx, data.team, 'team'))?.id ?? type.team_id;
    const startDate = data.startDate ?? localDate(now);
    if (data.identification && (await repo.findCase(trx, data.identification)))
      throw conflict(`Zaak '${data.identification}' bestaat al.`, 'identification');
    const who = by(actor);
    await repo.insertCase(trx, {
      id,
      ...(data.identification ? { identification: data.identification } : {}),
      case_type_id: type.id,
      subject: data.subject,
      description: data.description ?? '',
      status_seq: first.seq,
      status_set_at: now,
      team_id: team,
      start_date: startDate,
      expected_end_date: addDays(startDate, type.term_days),
      created_by_kind: who.kind,
      created_by_id: who.id,
      created_by_name: who.name,
      created_at: now,
      updated_at: now,
    });
    try {
      await repo.insertCaseParties(
        trx,
        data.parties.map((p) => ({ case_id: id, party_id: p.partyId, role: p.role })),
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23503')
        throw unprocessable('parties', 'Een van de partijen bestaat niet.');
      throw err;
    }
    await repo.insertHistory(trx, {
      case_id: id,
      seq: first.seq,
      code: first.code,
      name: first.name,
      at: now,
      explanation: 'Zaak aangemaakt',
      actor_kind: who.kind,
      actor_id: who.id,
      actor_name: who.name,
      event_key: null,
    });
  });
  return getCase(db, id);
}

/** A case by identification or id; throws notFound('Zaak'). Does not write the processing log. */
export async function getCase(db: Db, ref: string): Promise<CaseDetails> {
  const row = await repo.findCase(db, ref);
  if (!row) throw notFound('Zaak');
  return toDetails(db, row);
}

export async function findCase(db: Db, ref: string): Promise<CaseDetails | null> {
  const row = await repo.findCase(db, ref);
  return row ? toDetails(db, row) : null;
}

export type CaseFilter = {
  partyIds?: string[];
  /** 'open', 'closed' or a status code */
  status?: string;
  team?: string;
  caseType?: string;
  text?: string;
  limit?: number;
  offset?: number;
};

export async function listCases(db: Db, f: CaseFilter): Promise<CaseSummary[]> {
  const team = await teamRef(db, f.team, 'team');
  const type = f.caseType ? await repo.findCaseType(db, f.caseType) : undefined;
  if (f.caseType && !type) throw invalid('caseType', `Onbekend zaaktype '${f.caseType}'.`);
  const rows = await repo.listCases(db, {
    partyIds: f.partyIds,
    open: f.status === 'open' ? true : f.status === 'closed' ? false : undefined,
    statusCode: f.status && f.status !== 'open' && f.status !== 'closed' ? f.status : undefined,
    teamId: team?.id,
    caseTypeId: type?.id,
    text: f.text,
    limit: f.limit ?? 50,
    offset: f.offset ?? 0,
  });
  return toSummaries(db, rows);
}

export type StatusChangeOptions = {
  /** An inbound event's key: the same key twice changes nothing the second time. */
  eventKey?: string;
};

/**
 * Sets a case's status (by code or name) with an explanation, records it in the history and emits
 * CaseStatusChanged in the same transaction. Returns changed: false when nothing changed: the
 * same status again, or an event key seen before.
 */
export async function setCaseStatus(
  db: Db,
  ref: string,
  input: SetStatusInput,
  actor: Actor | undefined,
  clock: Clock,
  options: StatusChangeOptions = {},
): Promise<{ changed: boolean; case: CaseDetails }> {
  const data = parseInput(setStatusBody, input);
  const at = data.at ? new Date(data.at) : clock.now();
  if (at.getTime() > clock.now().getTime() + 5 * 60_000)
    throw invalid('at', 'Het tijdstip van de status ligt in de toekomst.');
  const changed = await inTransaction(db, async (trx) => {
    const row = await repo.findCase(trx, ref, true);
    if (!row) throw notFound('Zaak');
    const statuses = await repo.statusesOf(trx, [row.case_type_id]);
    const wanted = data.status.toLowerCase();
    const status =
      statuses.find((s) => s.code.toLowerCase() === wanted) ??
      statuses.find((s) => s.name.toLowerCase() === wanted);
    if (!status) {
      throw unprocessable(
        'status',
        `Onbekende status '${data.status}'; kies uit: ${statuses.map((s) => s.code).join(', ')}.`,
      );
    }
    if (status.seq === row.status_seq) return false;
    if (row.closed) throw conflict('Deze zaak is afgesloten; de status kan niet meer veranderen.', 'status');
    const final = status.seq === statuses.length;
    const who = by(actor);
    const fresh = await repo.insertHistory(trx, {
      case_id: row.id,
      seq: status.seq,
      code: status.code,
      name: status.name,
      at,
      explanation: data.explanation ?? '',
      actor_kind: who.kind,
      actor_id: who.id,
      actor_name: who.name,
      event_key: options.eventKey ?? null,
    });
    if (!fresh) return false;
    await repo.updateCase(trx, row.id, {
      status_seq: status.seq,
      status_set_at: at,
      closed: final,
      end_date: final ? localDate(at) : null,
      updated_at: clock.now(),
    });
    const [summary] = await toSummaries(trx, [{ ...row, status_seq: status.seq }]);
    const type = (await repo.findCaseTypesById(trx, [row.case_type_id]))[0];
    const event: CaseStatusChanged = {
      eventKey: options.eventKey ?? `loket:${row.id}:${status.code}:${at.toISOString()}`,
      source: 'loket',
      caseId: row.id,
      identification: row.identification,
      caseTypeName: type?.name ?? '',
      subject: row.subject,
      status: { code: status.code, name: status.name, final },
      explanation: data.explanation ?? '',
      at,
      recordedAt: clock.now(),
      expectedEndDate: row.expected_end_date,
      partyIds: (summary?.parties ?? []).filter((p) => p.role === 'initiator').map((p) => p.partyId),
    };
    await recordStatusChange(trx, event);
    return true;
  });
  return { changed, case: await getCase(db, ref) };
}

export async function addCaseDocument(
  db: Db,
  ref: string,
  input: DocumentInput,
  actor: Actor | undefined,
  clock: Clock,
): Promise<CaseDetails> {
  const data = parseInput(documentBody, input);
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const row = await repo.findCase(trx, ref, true);
    if (!row) throw notFound('Zaak');
    if (data.attachmentId) {
      try {
        await getAttachment(trx, data.attachmentId);
      } catch (err) {
        if ((err as { code?: string }).code === 'not_found')
          throw unprocessable('attachmentId', `Onbekende bijlage '${data.attachmentId}'.`);
        throw err;
      }
    }
    const documentId = randomUUID();
    await repo.insertDocument(trx, {
      id: documentId,
      case_id: row.id,
      title: data.title,
      document_date: data.date ?? localDate(now),
      url: data.url ?? null,
      attachment_id: data.attachmentId ?? null,
      added_by_name: by(actor).name,
      created_at: now,
    });
    await repo.updateCase(trx, row.id, { updated_at: now });
    const [summary] = await toSummaries(trx, [row]);
    await emitCaseDocumentAdded(trx, {
      eventKey: `document:${documentId}`,
      identification: row.identification,
      caseTypeName: summary?.caseType.name ?? '',
      subject: row.subject,
      title: data.title,
      date: data.date ?? localDate(now),
      recordedAt: now,
      partyIds: (summary?.parties ?? []).filter((p) => p.role === 'initiator').map((p) => p.partyId),
    });
  });
  return getCase(db, ref);
}

/** Every Loket party a case shows: what a caller passes to logRead. */
export const partyIdsOfCases = (cases: CaseSummary[]): string[] => [
  ...new Set(cases.flatMap((c) => c.parties.map((p) => p.partyId))),
];
