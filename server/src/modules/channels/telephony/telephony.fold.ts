// A call's state from its events, taken in the order they happened on the platform. Pure: the
// service stores every event and folds them again, so events that arrive late or twice still give
// the same state as events that arrived in order.
import type { CallDirection, CallEventType, EndReason } from './telephony.tables.ts';

export type StoredEvent = {
  type: CallEventType;
  occurred_at: Date;
  payload: {
    from?: string;
    to?: string;
    direction?: CallDirection;
    employeeId?: string;
    reason?: EndReason;
    durationSeconds?: number;
    reference?: string;
  };
};

export type CallState = {
  direction: CallDirection;
  from: string | null;
  to: string | null;
  reference: string | null;
  /** Who has the call now (after the last answer or transfer). */
  employeeId: string | null;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  platformDuration: number | null;
};

export function foldCall(events: StoredEvent[]): CallState {
  const s: CallState = {
    direction: 'in',
    from: null,
    to: null,
    reference: null,
    employeeId: null,
    ringingAt: null,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    platformDuration: null,
  };
  let directionSet = false;
  for (const e of events) {
    const p = e.payload;
    if (p.direction && !directionSet) {
      s.direction = p.direction;
      directionSet = true;
    }
    s.from ??= p.from ?? null;
    s.to ??= p.to ?? null;
    s.reference ??= p.reference ?? null;
    if (e.type === 'ringing') s.ringingAt ??= e.occurred_at;
    if (e.type === 'answered' || e.type === 'transferred') {
      s.answeredAt ??= e.occurred_at;
      s.employeeId = p.employeeId ?? s.employeeId;
    }
    if (e.type === 'ended') {
      s.endedAt ??= e.occurred_at;
      s.endReason ??= p.reason ?? null;
      s.platformDuration ??= p.durationSeconds ?? null;
    }
  }
  return s;
}

/** The resident's number: the caller on an inbound call, the number called on an outbound one. */
export const partyNumber = (s: CallState): string | null => (s.direction === 'in' ? s.from : s.to);

/** Talk time: the platform's figure, else answered → ended; 0 for a call nobody answered; null if unknown yet. */
export function talkSeconds(s: CallState): number | null {
  if (s.platformDuration !== null) return s.platformDuration;
  if (s.answeredAt && s.endedAt)
    return Math.max(0, Math.round((s.endedAt.getTime() - s.answeredAt.getTime()) / 1000));
  if (s.endedAt && s.endReason !== 'completed') return 0;
  return null;
}
