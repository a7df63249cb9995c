// Call events go through an inbox: the webhook checks an event, stores it and answers (one statement,
// so the platform's events are taken at 1,000+ a second); a processor in the background then takes
// the new events of up to a batch of calls in one transaction (telephony.service.ts: party match, screen
// pop, the call logged as a contact) and publishes the screen pops after it commits. The scheduler
// catches up after a restart and retries what failed.
import { once, storeWholeOrEach } from '../../../db/batch.ts';
import type { AppContext } from '../../../platform/app.ts';
import { backoffMs, failureCode } from '../../../platform/backoff.ts';
import { AppError, invalid, unprocessable } from '../../../platform/errors.ts';
import { workLanes } from '../../../platform/work-lanes.ts';
import { findActiveEmployeeByLogin, getEmployeeSummaries } from '../../access/access.service.ts';
import type { StoredEvent } from './telephony.fold.ts';
import * as repo from './telephony.repo.ts';
import type { CallEvent } from './telephony.schemas.ts';
import { type DueCall, processCalls } from './telephony.service.ts';
import { replayWindowSeconds } from './telephony.signature.ts';

export type TelephonyContext = Pick<AppContext, 'db' | 'config' | 'clock' | 'realtime'>;
export type AcceptResult = { status: 'accepted' | 'duplicate'; callId: string };

function payloadOf(event: CallEvent, employeeId: string | null): StoredEvent['payload'] {
  const { id: _id, callId: _c, type: _t, occurredAt: _o, ...rest } = event;
  return { ...rest, ...(employeeId ? { employeeId } : {}) };
}

/**
 * Checks what can be told now (a time in the future, an employee Loket does not know) and stores the
 * event once; a redelivery stores nothing. The caller kicks the processor after this returns.
 */
export async function acceptCallEvent(ctx: TelephonyContext, event: CallEvent): Promise<AcceptResult> {
  const now = ctx.clock.now();
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + replayWindowSeconds * 1000) {
    throw invalid('occurredAt', 'Het tijdstip van de gebeurtenis ligt in de toekomst.');
  }
  let employeeId: string | null = null;
  if (event.type === 'answered' || event.type === 'transferred') {
    const employee = await findActiveEmployeeByLogin(ctx.db, event.employee);
    if (!employee) {
      throw unprocessable(
        'employee',
        'Deze medewerker is niet bekend in Loket (gebruikersnaam of e-mailadres).',
      );
    }
    employeeId = employee.id;
  }
  const fresh = await repo.acceptEvent(ctx.db, {
    event_id: event.id,
    call_id: event.callId,
    type: event.type,
    occurred_at: occurredAt,
    received_at: now,
    payload: payloadOf(event, employeeId),
  });
  return { status: fresh ? 'accepted' : 'duplicate', callId: event.callId };
}

/** Calls per round: one transaction, one commit for all of them. */
const batchSize = 50;
/** A failure that may pass (the database) is tried again this many times, from 30 s up to an hour apart. */
const maxAttempts = 10;
const retryDelayMs = (attempts: number) => backoffMs(attempts, 30_000, 60 * 60_000);

type Stored = { publish: (() => void)[]; done: string[] };

/** One round: the new events of up to `limit` calls. Returns how many events it handled. */
export async function processDueCalls(ctx: TelephonyContext, limit = batchSize): Promise<number> {
  const now = ctx.clock.now();
  let handled = 0;
  const publish: (() => void)[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const calls = await repo.lockDueCalls(trx, now, limit);
    if (calls.length === 0) return;
    const events = await repo.eventsOfCalls(
      trx,
      calls.map((c) => c.call_id),
      now,
    );
    const due: DueCall[] = [];
    for (const before of calls) {
      const own = events.filter((e) => e.call_id === before.call_id) as DueCall['events'];
      if (own.some((e) => e.due)) due.push({ before, events: own });
    }
    const dueIds = (c: DueCall) => c.events.filter((e) => e.due).map((e) => e.event_id);
    const employeeName = once(async (id: string) => (await getEmployeeSummaries(trx, [id]))[0]?.name ?? id);
    const results = await storeWholeOrEach<DueCall, Stored>(
      trx,
      due,
      async (items) => {
        const publish = await processCalls(ctx, trx, items, now, employeeName);
        return { publish, done: items.flatMap(dueIds) };
      },
      async (call, err) => {
        // Invalid data stays invalid: set aside at once; anything else is tried again later.
        const attempts = Math.max(...call.events.filter((e) => e.due).map((e) => e.attempts)) + 1;
        const retry = !(err instanceof AppError) && attempts < maxAttempts;
        const retryAt = retry ? new Date(now.getTime() + retryDelayMs(attempts)) : null;
        await repo.markFailed(trx, dueIds(call), retryAt, failureCode(err));
        handled += dueIds(call).length;
      },
    );
    const done = results.flatMap((r) => r.done);
    await repo.markProcessed(trx, done, now);
    handled += done.length;
    for (const r of results) publish.push(...r.publish);
  });
  for (const p of publish) p();
  return handled;
}

/** Calls of one batch do not share rows, so on a server two lanes overlap one's commit with the other's work. */
const lanes = workLanes(processDueCalls, (ctx: TelephonyContext) =>
  ctx.config.databaseKind === 'postgres' ? 2 : 1,
);

/** Process new call events in the background (after a webhook answered). */
export const kickTelephony = (ctx: TelephonyContext) => lanes.kick(ctx);
/** Until background processing on this database is done (tests, benchmark). */
export const settleTelephony = (db: object) => lanes.settle(db);
/** Accept without processing until release (the benchmark measures the two apart). */
export const holdTelephony = (db: object) => lanes.hold(db);

/** The scheduler's part: everything due now, including retries whose time has come. */
export async function runTelephonyWork(ctx: TelephonyContext): Promise<number> {
  let total = 0;
  for (let n = await processDueCalls(ctx); n > 0; n = await processDueCalls(ctx)) total += n;
  return total;
}
