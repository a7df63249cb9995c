// The only SQL for telephony_calls and telephony_events.
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { CallEventType, TelephonyCallsTable } from './telephony.tables.ts';

type NewEvent = {
  event_id: string;
  call_id: string;
  type: CallEventType;
  occurred_at: Date;
  received_at: Date;
  payload: Record<string, unknown>;
};

/**
 * Stores an event for the processor, and its call's row when the call is new; false when this event id
 * was stored before (a redelivery). One statement: the webhook answers after one round trip.
 */
export async function acceptEvent(db: Db, e: NewEvent): Promise<boolean> {
  const res = await sql<{ event_id: string }>`
    WITH call AS (
      INSERT INTO telephony_calls (call_id, updated_at) VALUES (${e.call_id}, ${e.received_at})
      ON CONFLICT (call_id) DO NOTHING)
    INSERT INTO telephony_events (event_id, call_id, type, occurred_at, received_at, payload)
    VALUES (${e.event_id}, ${e.call_id}, ${e.type}, ${e.occurred_at}, ${e.received_at},
            ${JSON.stringify(e.payload)}::jsonb)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id`.execute(db);
  return res.rows.length > 0;
}

/** Events to process: not yet processed, and not set aside after their last failed attempt. */
const todo = sql`processed_at IS NULL AND (attempts = 0 OR retry_at IS NOT NULL)`;

/**
 * Locks up to `limit` calls that have events to process (oldest first), skipping calls another
 * processor holds. NO KEY UPDATE: a webhook may still add events to a locked call meanwhile (the
 * foreign key's KEY SHARE lock does not wait for it); they are processed in a later round.
 */
export async function lockDueCalls(db: Db, now: Date, limit: number) {
  const res = await sql<Selectable<TelephonyCallsTable>>`
    SELECT * FROM telephony_calls
    WHERE call_id IN (
      SELECT call_id FROM telephony_events
      WHERE ${todo} AND (retry_at IS NULL OR retry_at <= ${now})
      ORDER BY received_at LIMIT ${limit * 4})
    LIMIT ${limit}
    FOR NO KEY UPDATE SKIP LOCKED`.execute(db);
  return res.rows;
}

const typeOrder = sql<number>`CASE type WHEN 'ringing' THEN 0 WHEN 'answered' THEN 1 WHEN 'transferred' THEN 2 ELSE 3 END`;

/** The calls' events, per call in the order they happened (ties: ringing, answered, transferred, ended). */
export const eventsOfCalls = (db: Db, callIds: string[], now: Date) =>
  db
    .selectFrom('telephony_events')
    .select(['event_id', 'call_id', 'type', 'occurred_at', 'payload', 'attempts'])
    .select(sql<boolean>`${todo} AND (retry_at IS NULL OR retry_at <= ${now})`.as('due'))
    .where('call_id', 'in', callIds)
    .orderBy('call_id')
    .orderBy('occurred_at')
    .orderBy(typeOrder)
    .orderBy('received_at')
    .execute();

export async function markProcessed(db: Db, eventIds: string[], now: Date) {
  if (eventIds.length === 0) return;
  await db
    .updateTable('telephony_events')
    .set({ processed_at: now, retry_at: null, last_error: null })
    .where('event_id', 'in', eventIds)
    .execute();
}

/** A failed attempt: tried again at retryAt, or set aside (retryAt null) after the last one. */
export async function markFailed(db: Db, eventIds: string[], retryAt: Date | null, error: string) {
  if (eventIds.length === 0) return;
  await db
    .updateTable('telephony_events')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), retry_at: retryAt, last_error: error }))
    .where('event_id', 'in', eventIds)
    .execute();
}

/** A call's state as the processor stores it. */
export type CallRow = Omit<Selectable<TelephonyCallsTable>, 'direction'> & { direction: 'in' | 'out' };

/** The new state of a batch of calls, in one statement. */
export async function updateCalls(db: Db, rows: CallRow[]) {
  if (rows.length === 0) return;
  await sql`
    UPDATE telephony_calls c
    SET direction = v.direction, party_number = v.party_number, called = v.called, party_id = v.party_id,
        employee_id = v.employee_id, ringing_at = v.ringing_at, answered_at = v.answered_at,
        ended_at = v.ended_at, end_reason = v.end_reason, contact_id = v.contact_id, updated_at = v.updated_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      call_id text, direction text, party_number text, called text, party_id uuid, employee_id uuid,
      ringing_at timestamptz, answered_at timestamptz, ended_at timestamptz, end_reason text,
      contact_id uuid, updated_at timestamptz)
    WHERE c.call_id = v.call_id`.execute(db);
}

export const findCall = (db: Db, callId: string) =>
  db.selectFrom('telephony_calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
