// The only SQL for telephony_calls and telephony_events.
import { sql, type Updateable } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { CallEventType, TelephonyCallsTable } from './telephony.tables.ts';

/**
 * Creates the call row if new and locks it: events of one call are handled one at a time. One
 * statement: the no-op update of an existing row takes its lock and returns it as it was.
 */
export async function lockCall(db: Db, callId: string, now: Date) {
  return db
    .insertInto('telephony_calls')
    .values({ call_id: callId, updated_at: now })
    .onConflict((oc) => oc.column('call_id').doUpdateSet({ call_id: (eb) => eb.ref('excluded.call_id') }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** False when this event id was stored before (a redelivery). */
export async function insertEvent(
  db: Db,
  row: {
    event_id: string;
    call_id: string;
    type: CallEventType;
    occurred_at: Date;
    received_at: Date;
    payload: Record<string, unknown>;
  },
): Promise<boolean> {
  const res = await db
    .insertInto('telephony_events')
    .values({ ...row, payload: JSON.stringify(row.payload) })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

const typeOrder = sql<number>`CASE type WHEN 'ringing' THEN 0 WHEN 'answered' THEN 1 WHEN 'transferred' THEN 2 ELSE 3 END`;

/** The call's events in the order they happened (ties: ringing, answered, transferred, ended). */
export const callEvents = (db: Db, callId: string) =>
  db
    .selectFrom('telephony_events')
    .select(['event_id', 'type', 'occurred_at', 'payload'])
    .where('call_id', '=', callId)
    .orderBy('occurred_at')
    .orderBy(typeOrder)
    .orderBy('received_at')
    .execute();

export async function updateCall(db: Db, callId: string, set: Updateable<TelephonyCallsTable>) {
  await db.updateTable('telephony_calls').set(set).where('call_id', '=', callId).execute();
}

export const findCall = (db: Db, callId: string) =>
  db.selectFrom('telephony_calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
