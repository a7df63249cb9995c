// The domain event "a case's status changed". Listeners run inside the transaction that recorded the
// change, so what they queue (a message to the resident) exists exactly when the change does.
import type { Db } from '../../db/connect.ts';
import { claimInboundEvent } from './cases.repo.ts';

export type CaseStatusChanged = {
  /** Unique per change: what makes a listener's own work happen once (outbox dedupe key). */
  eventKey: string;
  source: 'loket' | 'zgw';
  caseId: string;
  identification: string;
  caseTypeName: string;
  subject: string;
  status: { code: string; name: string; final: boolean };
  explanation: string;
  at: Date;
  /** When Loket recorded it (its clock): what listeners date their own work with. */
  recordedAt: Date;
  expectedEndDate: string | null;
  /** Loket parties to inform: the initiators. */
  partyIds: string[];
};

export type CaseStatusListener = (trx: Db, event: CaseStatusChanged) => Promise<void>;

const listeners = new Map<string, CaseStatusListener>();

/** Named, so building the app twice (tests) does not register a listener twice. */
export function onCaseStatusChanged(name: string, listener: CaseStatusListener) {
  listeners.set(name, listener);
}

/**
 * Records a status change once per event key (a change reported twice, e.g. as a Notificatie and
 * as a CloudEvent, counts once) and tells the listeners, in the caller's transaction.
 */
export async function recordStatusChange(trx: Db, event: CaseStatusChanged): Promise<boolean> {
  const fresh = await claimInboundEvent(trx, {
    source: 'status-change',
    event_id: event.eventKey.slice(0, 1000),
    received_at: event.recordedAt,
    case_ref: event.identification,
    outcome: event.status.code,
  });
  if (!fresh) return false;
  for (const listener of listeners.values()) await listener(trx, event);
  return true;
}

/** A document was added to a case in the built-in register. */
export type CaseDocumentAdded = {
  eventKey: string;
  identification: string;
  caseTypeName: string;
  subject: string;
  title: string;
  date: string;
  recordedAt: Date;
  /** Loket parties to inform: the initiators. */
  partyIds: string[];
};

const documentListeners = new Map<string, (trx: Db, event: CaseDocumentAdded) => Promise<void>>();

export function onCaseDocumentAdded(
  name: string,
  listener: (trx: Db, event: CaseDocumentAdded) => Promise<void>,
) {
  documentListeners.set(name, listener);
}

export async function emitCaseDocumentAdded(trx: Db, event: CaseDocumentAdded) {
  for (const listener of documentListeners.values()) await listener(trx, event);
}
