// Rows → cases as the API shows them, with case type, status and team names filled in.
import type { Db } from '../../db/connect.ts';
import { getTeams } from '../access/access.service.ts';
import type { CaseDetails, CaseSummary } from './case-source.ts';
import type { CaseRow, CaseTypeRow, CaseTypeStatusRow } from './cases.repo.ts';
import * as repo from './cases.repo.ts';

export type CaseTypeView = {
  id: string;
  code: string;
  name: string;
  description: string;
  termDays: number;
  team: { id: string; code: string; name: string } | null;
  statuses: { code: string; name: string; final: boolean }[];
  active: boolean;
};

const statusList = (rows: CaseTypeStatusRow[]) =>
  rows.map((s, i) => ({ code: s.code, name: s.name, final: i === rows.length - 1 }));

export async function toCaseTypeViews(db: Db, types: CaseTypeRow[]): Promise<CaseTypeView[]> {
  const [statuses, teams] = await Promise.all([
    repo.statusesOf(
      db,
      types.map((t) => t.id),
    ),
    getTeams(db),
  ]);
  return types.map((t) => ({
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description,
    termDays: t.term_days,
    team: teams.find((x) => x.id === t.team_id) ?? null,
    statuses: statusList(statuses.filter((s) => s.case_type_id === t.id)),
    active: t.active,
  }));
}

export async function toSummaries(db: Db, rows: CaseRow[]): Promise<CaseSummary[]> {
  const typeIds = [...new Set(rows.map((r) => r.case_type_id))];
  const [types, statuses, teams, parties] = await Promise.all([
    repo.findCaseTypesById(db, typeIds),
    repo.statusesOf(db, typeIds),
    getTeams(db),
    repo.partiesOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const type = types.find((t) => t.id === r.case_type_id);
    const own = statuses.filter((s) => s.case_type_id === r.case_type_id);
    const current = own.find((s) => s.seq === r.status_seq);
    return {
      source: 'loket' as const,
      id: r.id,
      identification: r.identification,
      caseType: { code: type?.code ?? '', name: type?.name ?? '' },
      subject: r.subject,
      status: current
        ? {
            code: current.code,
            name: current.name,
            final: current.seq === own.length,
            setAt: r.status_set_at,
          }
        : null,
      closed: r.closed,
      startDate: r.start_date,
      expectedEndDate: r.expected_end_date,
      endDate: r.end_date,
      team: teams.find((t) => t.id === r.team_id) ?? null,
      parties: parties.filter((p) => p.case_id === r.id).map((p) => ({ partyId: p.party_id, role: p.role })),
      createdAt: r.created_at,
    };
  });
}

export async function toDetails(db: Db, row: CaseRow): Promise<CaseDetails> {
  const [[summary], statuses, history, documents] = await Promise.all([
    toSummaries(db, [row]),
    repo.statusesOf(db, [row.case_type_id]),
    repo.historyOf(db, row.id),
    repo.documentsOf(db, row.id),
  ]);
  return {
    ...(summary as CaseSummary),
    description: row.description,
    statuses: statusList(statuses),
    history: history.map((h) => ({
      code: h.code,
      name: h.name,
      at: h.at,
      explanation: h.explanation,
      actor: { kind: h.actor_kind, id: h.actor_id, name: h.actor_name },
    })),
    documents: documents.map((d) => ({
      id: d.id,
      title: d.title,
      date: d.document_date,
      url: d.url,
      attachmentId: d.attachment_id,
    })),
  };
}
