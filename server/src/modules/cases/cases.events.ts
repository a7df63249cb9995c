// The domain event "a case's status changed". Listeners run inside the transaction that recorded the
// change, so what they queue (a message to the resident) exists exactly when the change does.
import type { Db } from '../../db/connect.ts';

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

export async function emitCaseStatusChanged(trx: Db, event: CaseStatusChanged) {
  for (const listener of listeners.values()) await listener(trx, event);
}
