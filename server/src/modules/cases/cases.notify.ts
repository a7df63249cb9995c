// Telling the resident: when a case's status changes or a document is added, a Dutch e-mail to each
// initiator goes into the outbox (dedupe key per event and party, so never twice) and is recorded as
// an outbound e-mail contact about the case in the party's timeline, in the transaction that
// recorded the change.
import type { Db } from '../../db/connect.ts';
import { createClock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { enqueueMails } from '../outbox/outbox.service.ts';
import type { PartyDetails } from '../parties/parties.schemas.ts';
import { getParties } from '../parties/parties.service.ts';
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

/** The address to write to: the preferred e-mail address, else any. */
export function emailOf(party: PartyDetails): string | null {
  const mails = party.digitalAddresses.filter((d) => d.kind === 'email');
  return (mails.find((d) => d.isPreferred) ?? mails[0])?.value ?? null;
}

const closing = [
  '',
  'Heeft u een vraag over uw zaak? Neem contact met ons op en noem het zaaknummer.',
  '',
  'Met vriendelijke groet,',
  'Uw gemeente',
];

export function statusMessage(party: PartyDetails, e: CaseStatusChanged) {
  const subject = `Uw zaak ${e.identification}: ${e.status.name}`.slice(0, 300);
  const next = e.status.final
    ? 'Uw zaak is hiermee afgerond.'
    : e.expectedEndDate
      ? `We verwachten uw zaak uiterlijk ${longDate(e.expectedEndDate)} af te ronden.`
      : '';
  const text = [
    `Beste ${party.displayName},`,
    '',
    `De status van uw zaak "${e.subject}" (${e.caseTypeName}, zaaknummer ${e.identification}) is gewijzigd in: ${e.status.name}.`,
    ...(e.explanation ? ['', `Toelichting: ${e.explanation}`] : []),
    ...(next ? ['', next] : []),
    ...closing,
  ].join('\n');
  return { subject, text };
}

export function documentMessage(party: PartyDetails, e: CaseDocumentAdded) {
  const subject = `Uw zaak ${e.identification}: nieuw document`.slice(0, 300);
  const text = [
    `Beste ${party.displayName},`,
    '',
    `Bij uw zaak "${e.subject}" (${e.caseTypeName}, zaaknummer ${e.identification}) is een document toegevoegd: ${e.title} (${longDate(e.date)}).`,
    ...closing,
  ].join('\n');
  return { subject, text };
}

/** The sent message in the party's timeline; a channel switched off by an admin must not block the change. */
async function recordSent(...args: Parameters<typeof registerContact>) {
  try {
    await registerContact(...args);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
  }
}

type Notice = { eventKey: string; identification: string; recordedAt: Date; partyIds: string[] };

/** One e-mail per party with an address, queued and registered in the caller's transaction. */
async function tellParties<E extends Notice>(
  trx: Db,
  e: E,
  message: (party: PartyDetails, e: E) => { subject: string; text: string },
) {
  if (e.partyIds.length === 0) return;
  for (const party of await getParties(trx, e.partyIds)) {
    const to = emailOf(party);
    if (!to) continue;
    const m = message(party, e);
    await enqueueMails(
      trx,
      [{ dedupeKey: `case:${e.eventKey}:${party.id}`.slice(0, 1000), to, ...m }],
      e.recordedAt,
    );
    await recordSent(
      trx,
      {
        channel: 'email',
        direction: 'out',
        subject: m.subject,
        content: m.text,
        parties: [{ partyId: party.id, role: 'klant', initiator: false }],
        subjects: [{ kind: 'case', reference: e.identification }],
      },
      undefined,
      { ...createClock(e.recordedAt), now: () => e.recordedAt },
    );
  }
}

/**
 * Registered once per app. Parties without an e-mail address get no message: the outbox sends
 * e-mail only (SMS, WhatsApp and post are for the channels issue's providers).
 */
export function notifyResidentsOfStatusChanges() {
  onCaseStatusChanged('notify-resident', (trx, e) => tellParties(trx, e, statusMessage));
  onCaseDocumentAdded('notify-resident', (trx, e) => tellParties(trx, e, documentMessage));
}
