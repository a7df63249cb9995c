// Case status changes from outside: Notificaties API messages (kanaal 'zaken') and NL GOV
// CloudEvents (type nl.overheid.zaken.zaakstatus-gewijzigd). Each event is claimed once by its id
// in the transaction that applies it, so a replayed or re-delivered event changes nothing.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { unprocessable } from '../../platform/errors.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import { recordStatusChange } from './cases.events.ts';
import * as repo from './cases.repo.ts';
import { setCaseStatus } from './cases.service.ts';
import type { ZgwCases, ZgwStatus, ZgwStatusType, ZgwZaak } from './zgw.source.ts';

export const notificatieBody = z.object({
  kanaal: z.string().trim().min(1).max(50),
  hoofdObject: z.url().max(1000),
  resource: z.string().trim().min(1).max(100),
  resourceUrl: z.url().max(1000),
  actie: z.string().trim().min(1).max(50),
  aanmaakdatum: z.iso.datetime({ offset: true }),
  kenmerken: z.record(z.string().max(100), z.string().max(1000)).default({}),
});
export type Notificatie = z.infer<typeof notificatieBody>;

export const cloudEventBody = z.looseObject({
  specversion: z.literal('1.0', { error: 'Alleen CloudEvents 1.0 (specversion "1.0").' }),
  id: z.string().trim().min(1).max(200),
  source: z.string().trim().min(1).max(500),
  type: z.string().trim().min(1).max(200),
  subject: z.string().max(500).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: z.string().max(200).optional(),
  data: z.record(z.string().max(100), z.unknown()).optional(),
});
export type CloudEvent = z.infer<typeof cloudEventBody>;

export const statusChangedTypes = [
  'nl.overheid.zaken.zaakstatus-gewijzigd',
  'nl.overheid.zaken.status-gezet',
];

export type InboundOutcome = 'applied' | 'unchanged' | 'duplicate' | 'ignored';

export type InboundContext = { db: Db; clock: Clock; zgw: ZgwCases | null; actor: Actor };

/** A status change as an outside system tells it, before we know which case system applies it. */
type Change = {
  eventSource: string;
  eventId: string;
  caseRef: string;
  /** ZGW: the status resource's URL. */
  statusUrl: string | null;
  /** Built-in register: a status code or name. */
  status: string | null;
  explanation: string;
  at: Date | null;
};

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const lastSegment = (ref: string) =>
  /^https?:\/\//.test(ref) ? (new URL(ref).pathname.split('/').filter(Boolean).pop() ?? ref) : ref;

export function changeFromNotificatie(n: Notificatie): Change | null {
  if (n.kanaal !== 'zaken' || n.resource !== 'status' || n.actie !== 'create') return null;
  const id = createHash('sha256')
    .update([n.hoofdObject, n.resource, n.resourceUrl, n.actie, n.aanmaakdatum].join('\n'))
    .digest('hex');
  return {
    eventSource: 'notificaties',
    eventId: id,
    caseRef: n.hoofdObject,
    statusUrl: n.resourceUrl,
    status: text(n.kenmerken.status) ?? text(n.kenmerken.statustype),
    explanation: text(n.kenmerken.statustoelichting) ?? text(n.kenmerken.toelichting) ?? '',
    at: new Date(n.aanmaakdatum),
  };
}

export function changeFromCloudEvent(e: CloudEvent): Change | null {
  if (!statusChangedTypes.includes(e.type)) return null;
  const d = e.data ?? {};
  const caseRef = text(d.zaak) ?? text(d.zaakIdentificatie) ?? text(d.identificatie) ?? text(e.subject);
  if (!caseRef) throw unprocessable('subject', 'Geef de zaak in subject of data.zaak.');
  const statusUrl = text(d.status) && /^https?:\/\//.test(String(d.status)) ? String(d.status) : null;
  const at = text(d.datumStatusGezet) ?? e.time ?? null;
  return {
    eventSource: `cloudevents:${e.source}`,
    eventId: e.id,
    caseRef,
    statusUrl,
    status: statusUrl ? null : (text(d.status) ?? text(d.statustype) ?? text(d.statusOmschrijving)),
    explanation: text(d.statustoelichting) ?? text(d.toelichting) ?? '',
    at: at && !Number.isNaN(Date.parse(at)) ? new Date(at) : null,
  };
}

/** Applies a change once: built-in register or ZGW case system, whichever is configured. */
export async function applyChange(ctx: InboundContext, change: Change | null): Promise<InboundOutcome> {
  if (!change) return 'ignored';
  const claim = (trx: Db, caseRef: string) =>
    repo.claimInboundEvent(trx, {
      source: change.eventSource,
      event_id: change.eventId,
      received_at: ctx.clock.now(),
      case_ref: caseRef.slice(0, 1000),
      outcome: 'applied',
    });
  if (!ctx.zgw) {
    const ref = lastSegment(change.caseRef);
    if (!change.status) throw unprocessable('status', 'Geef de nieuwe status (code of naam) van de zaak.');
    const status = change.status;
    return inTransaction(ctx.db, async (trx) => {
      if (!(await claim(trx, ref))) return 'duplicate';
      const at = change.at && change.at.getTime() <= ctx.clock.now().getTime() ? change.at : undefined;
      const result = await setCaseStatus(
        trx,
        ref,
        { status, explanation: change.explanation || undefined, at: at?.toISOString() },
        ctx.actor,
        ctx.clock,
        { eventKey: `${change.eventSource}:${change.eventId}` },
      );
      return result.changed ? 'applied' : 'unchanged'; // the case already had this status
    });
  }
  // ZGW: the case system holds the history; Loket reads the status and tells the resident.
  const zgw = ctx.zgw;
  const zaak = await zgw.findZaak(change.caseRef);
  if (!zaak) throw unprocessable('hoofdObject', 'Deze zaak is niet bekend in het zaaksysteem.');
  const statusUrl = change.statusUrl ?? zaak.status ?? null;
  if (!statusUrl || !zgw.client.owns(statusUrl))
    throw unprocessable('resourceUrl', 'De status hoort niet bij het zaaksysteem.');
  const status = await zgw.client.get<ZgwStatus>(statusUrl);
  if (!status || status.zaak !== zaak.url)
    throw unprocessable('resourceUrl', 'Onbekende status van deze zaak.');
  const type = zgw.client.owns(status.statustype)
    ? await zgw.catalogue<ZgwStatusType>(status.statustype)
    : null;
  const summary = await zgw.summary(zaak as ZgwZaak, []);
  const partyIds = await zgw.initiatorPartyIds(ctx.db, zaak.url);
  return inTransaction(ctx.db, async (trx) => {
    if (!(await claim(trx, zaak.url))) return 'duplicate';
    const fresh = await recordStatusChange(trx, {
      eventKey: `zgw:${status.url}`,
      source: 'zgw',
      caseId: zaak.url,
      identification: zaak.identificatie,
      caseTypeName: summary.caseType.name,
      subject: summary.subject,
      status: {
        code: String(type?.volgnummer ?? ''),
        name: type?.omschrijving ?? 'Onbekende status',
        final: !!type?.isEindstatus,
      },
      explanation: status.statustoelichting || change.explanation,
      at: new Date(status.datumStatusGezet),
      recordedAt: ctx.clock.now(),
      expectedEndDate: summary.expectedEndDate,
      partyIds,
    });
    return fresh ? 'applied' : 'duplicate'; // the same status reported before by another route
  });
}
