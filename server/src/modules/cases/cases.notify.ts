// Telling the resident: when a case's status changes or a document is added, a notification for each
// initiator is queued (dedupe key per event and party, so never twice) in the transaction that
// recorded the change. The notifications module picks the channel, fills in the admin's template and
// records the sent message as an outbound contact about the case in the party's timeline.
import type { Db } from '../../db/connect.ts';
import { queueNotification } from '../notifications/notifications.service.ts';
import {
  type CaseDocumentAdded,
  type CaseStatusChanged,
  onCaseDocumentAdded,
  onCaseStatusChanged,
} from './cases.events.ts';

const longDate = (date: string) =>
  new Intl.DateTimeFormat('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

/** The template's placeholders for a status change (case_status). */
export function statusData(e: CaseStatusChanged): Record<string, string> {
  const next = e.status.final
    ? 'Uw zaak is hiermee afgerond.'
    : e.expectedEndDate
      ? `We verwachten uw zaak uiterlijk ${longDate(e.expectedEndDate)} af te ronden.`
      : '';
  return {
    zaaknummer: e.identification,
    onderwerp: e.subject,
    zaaktype: e.caseTypeName,
    status: e.status.name,
    toelichting: e.explanation,
    vervolg: next,
  };
}

/** The template's placeholders for a new document (case_document). */
export const documentData = (e: CaseDocumentAdded): Record<string, string> => ({
  zaaknummer: e.identification,
  onderwerp: e.subject,
  zaaktype: e.caseTypeName,
  document: e.title,
  datum: longDate(e.date),
});

type Notice = { eventKey: string; recordedAt: Date; partyIds: string[] };

async function tellParties(
  trx: Db,
  e: Notice & { caseId?: string },
  kind: 'case_status' | 'document',
  data: Record<string, string>,
) {
  for (const partyId of new Set(e.partyIds)) {
    await queueNotification(
      trx,
      {
        partyId,
        kind,
        templateCode: kind === 'document' ? 'case_document' : 'case_status',
        data,
        dedupeKey: `case:${e.eventKey}:${partyId}`,
        ...(e.caseId ? { caseId: e.caseId } : {}),
      },
      e.recordedAt,
    );
  }
}

/** Registered once per app. */
export function notifyResidentsOfStatusChanges() {
  onCaseStatusChanged('notify-resident', (trx, e) => tellParties(trx, e, 'case_status', statusData(e)));
  onCaseDocumentAdded('notify-resident', (trx, e) => tellParties(trx, e, 'document', documentData(e)));
}
