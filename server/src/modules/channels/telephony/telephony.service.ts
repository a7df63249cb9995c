// Call events from the telephone platform: keep each call's state, pop the caller's customer view on
// the answering employee's screen, and log the call as a contact when it ends (missed and abandoned
// calls too, in the team's queue as callback candidates).

import type { Db } from '../../../db/connect.ts';
import type { EmployeeActor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/app.ts';
import { type BatchContactInput, registerContacts } from '../../contacts/contacts.batch.ts';
import { completeContactFacts } from '../../contacts/contacts.service.ts';
import { findThreadByReference, referenceIn } from '../../contacts/threads.service.ts';
import { findPartyIdsByDigitalAddresses, getPartyStates } from '../../parties/parties.service.ts';
import { normalisePhone } from '../../parties/validation.ts';
import { logRead } from '../../processing-log/processing-log.service.ts';
import {
  announceQueued,
  enqueueContacts,
  type RouteDecision,
  routeInboundAll,
} from '../../routing/routing.service.ts';
import { type CallState, foldCall, partyNumber, type StoredEvent, talkSeconds } from './telephony.fold.ts';
import type { CallRow } from './telephony.repo.ts';
import * as repo from './telephony.repo.ts';

export const screenPopPurpose = 'telefoongesprek';
export const endpoint = '/api/v1/telephony/events';

type PartyMatch = { partyId: string | null; name: string | null; matches: number };

/** Data of the live events 'call.answered' (screen pop) and 'call.ended' (add reason and notes). */
export type CallLiveData = {
  callId: string;
  direction: 'in' | 'out';
  number: string | null;
  partyId: string | null;
  partyName: string | null;
  /** What the notice shows: the party's name, 'onbekend nummer' or 'meerdere klanten met dit nummer'. */
  label: string;
  matches: number;
  contactId: string | null;
  succeeded: boolean | null;
  durationSeconds: number | null;
};

const labelOf = (m: PartyMatch) =>
  m.name ?? (m.matches > 1 ? 'meerdere klanten met dit nummer' : 'onbekend nummer');

/**
 * Per number (E.164): the one active party with it; none when no party or several have it. All the
 * numbers of a batch in two statements (three when a duplicate was merged into a party not read yet).
 */
async function matchParties(db: Db, numbers: string[]): Promise<Map<string, PartyMatch>> {
  const owners = await findPartyIdsByDigitalAddresses(db, 'phone', numbers);
  const states = new Map((await getPartyStates(db, [...owners.values()].flat())).map((p) => [p.id, p]));
  // A duplicate merged away counts as the party it was merged into.
  const survivorsOf = (ids: string[]) =>
    [
      ...new Set(ids.map((id) => states.get(id)).map((p) => p && (p.mergedInto ?? (p.active ? p.id : null)))),
    ].filter((id): id is string => !!id);
  const missing = [...owners.values()].flatMap(survivorsOf).filter((id) => !states.has(id));
  for (const p of missing.length ? await getPartyStates(db, missing) : []) states.set(p.id, p);
  const matches = new Map<string, PartyMatch>();
  for (const [number, ids] of owners) {
    const survivors = survivorsOf(ids);
    const party = survivors.length === 1 ? states.get(survivors[0] as string) : undefined;
    matches.set(
      number,
      survivors.length !== 1
        ? { partyId: null, name: null, matches: survivors.length }
        : party?.active
          ? { partyId: party.id, name: party.displayName, matches: 1 }
          : { partyId: null, name: null, matches: 0 },
    );
  }
  return matches;
}

/** The employee as the reader in the processing log: the screen pop shows them the party. */
const employeeActor = (id: string, name: string): EmployeeActor => ({
  kind: 'employee',
  id,
  name,
  roles: [],
  teamIds: [],
  permissions: new Set(),
});

const subjects: Record<'in' | 'out', Record<string, string>> = {
  in: {
    completed: 'Telefoongesprek (inkomend)',
    missed: 'Gemiste oproep',
    abandoned: 'Oproep afgebroken in de wachtrij',
    voicemail: 'Voicemailbericht',
  },
  out: {
    completed: 'Telefoongesprek (uitgaand)',
    missed: 'Uitgaande oproep niet beantwoord',
    abandoned: 'Uitgaande oproep afgebroken',
    voicemail: 'Uitgaande oproep: voicemail ingesproken',
  },
};

function spokenDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

function callSummary(state: CallState, number: string | null, duration: number | null): string {
  const lines: string[] = [];
  if (number) lines.push(`${state.direction === 'in' ? 'Gebeld door' : 'Gebeld naar'}: ${number}`);
  if (state.direction === 'in' && state.to) lines.push(`Lijn of wachtrij: ${state.to}`);
  if (state.endReason === 'completed') {
    lines.push(duration === null ? 'Gesprek gevoerd.' : `Gespreksduur: ${spokenDuration(duration)}.`);
  } else if (state.endReason === 'voicemail') {
    lines.push('Niet opgenomen; er is een voicemailbericht ingesproken. Terugbellen.');
  } else {
    lines.push(
      state.endReason === 'abandoned'
        ? 'De beller heeft opgehangen voordat iemand opnam. Terugbellen.'
        : 'Niemand heeft opgenomen. Terugbellen.',
    );
  }
  return lines.join('\n');
}

type LoggedCall = { contactId: string; decision: RouteDecision; queued: boolean };

type Ending = { callId: string; state: CallState; match: PartyMatch; number: string | null };

/**
 * The calls that ended, logged as contacts: routing for all of them at once, one registration, one
 * queue insert for the inbound calls nobody finished (work for the team: call back).
 */
async function logCalls(
  ctx: Pick<AppContext, 'clock'>,
  trx: Db,
  endings: Ending[],
  now: Date,
): Promise<Map<string, LoggedCall>> {
  if (endings.length === 0) return new Map();
  const facts = endings.map(({ state, match, number }) => {
    const reason = state.endReason ?? 'completed';
    const subject = subjects[state.direction][reason] ?? 'Telefoongesprek';
    return { state, match, number, subject, succeeded: reason === 'completed' };
  });
  const decisions = await routeInboundAll(
    trx,
    facts.map((f) => ({
      channel: 'phone' as const,
      address: f.state.direction === 'in' ? f.state.to : f.state.from,
      subject: f.subject,
      partyId: f.match.partyId,
    })),
  );
  const inputs: BatchContactInput[] = [];
  for (const [i, { state, match, number, subject, succeeded }] of facts.entries()) {
    const ref = state.reference ? referenceIn(state.reference) : null;
    const thread = ref ? await findThreadByReference(trx, ref) : null;
    const initiator = state.direction === 'in';
    const duration = talkSeconds(state);
    inputs.push({
      channel: 'phone',
      direction: state.direction,
      subject,
      content: callSummary(state, number, duration),
      succeeded,
      occurredAt: state.ringingAt ?? state.answeredAt ?? state.endedAt ?? now,
      employeeId: state.employeeId,
      teamId: (decisions[i] as RouteDecision).teamId,
      parties: match.partyId
        ? [{ partyId: match.partyId, role: 'klant', initiator, details: {} }]
        : number
          ? [{ partyId: null, role: 'klant', initiator, details: { telefoonnummer: number } }]
          : [],
      durationSeconds: duration,
      attachments: [],
      ...(thread ? { threadId: thread.id } : {}),
    });
  }
  // The batch registration (no read-back of the whole contact: only its id is needed here).
  const contacts = await registerContacts(trx, inputs, ctx.clock);
  const logged = new Map<string, LoggedCall>();
  for (const [i, f] of facts.entries()) {
    const contact = contacts[i];
    if (!contact) throw new Error('contact not registered');
    logged.set((endings[i] as Ending).callId, {
      contactId: contact.id,
      decision: decisions[i] as RouteDecision,
      queued: !f.succeeded && f.state.direction === 'in',
    });
  }
  const queued = [...logged.values()].filter((l) => l.queued);
  await enqueueContacts(trx, queued, now);
  return logged;
}

/** A call locked for processing, with all its events (folded in order) and which of them are new. */
export type DueCall = {
  before: Awaited<ReturnType<typeof repo.lockDueCalls>>[number];
  events: (StoredEvent & { event_id: string; due: boolean; attempts: number })[];
};

type Pop = { employee: string; partyId: string };

/**
 * Takes the calls' new events into their state: matches the party, pops the screen of an employee who
 * newly has a call, logs a call as a contact when it has ended, and stores the state. The party match,
 * the processing-log entries and the calls' new state are one statement each for the whole batch.
 * Returns the live events to publish once the transaction has committed.
 */
export async function processCalls(
  ctx: Pick<AppContext, 'clock' | 'realtime'>,
  trx: Db,
  calls: DueCall[],
  now: Date,
  employeeName: (id: string) => Promise<string>,
): Promise<(() => void)[]> {
  const afterCommit: (() => void)[] = [];
  const folded = calls.map(({ before, events }) => {
    const state = foldCall(events);
    const rawNumber = partyNumber(state);
    const e164 = rawNumber ? normalisePhone(rawNumber) : null;
    // A call matched before keeps its party; its name is loaded only when an employee is shown it.
    const matchBy = before.party_id ? null : e164;
    return { before, state, number: e164 ?? rawNumber, matchBy };
  });
  const found = await matchParties(
    trx,
    folded.flatMap((c) => (c.matchBy ? [c.matchBy] : [])),
  );
  const matched = folded.map((c) => {
    const match: PartyMatch = c.matchBy
      ? (found.get(c.matchBy) ?? { partyId: null, name: null, matches: 0 })
      : { partyId: c.before.party_id, name: null, matches: c.before.party_id ? 1 : 0 };
    return { ...c, match };
  });
  const logged = await logCalls(
    ctx,
    trx,
    matched
      .filter((c) => c.state.endedAt && !c.before.contact_id)
      .map((c) => ({ callId: c.before.call_id, state: c.state, match: c.match, number: c.number })),
    now,
  );
  // The names of parties matched in an earlier round, for the screens that show them: one statement.
  const unnamed = matched.flatMap((c) =>
    c.state.employeeId && c.match.partyId && !c.match.name ? [c.match.partyId] : [],
  );
  const names = new Map(
    (unnamed.length ? await getPartyStates(trx, [...new Set(unnamed)]) : []).map((p) => [
      p.id,
      p.displayName,
    ]),
  );
  const pops: Pop[] = [];
  const updates: CallRow[] = [];

  for (const { before, state, number, match } of matched) {
    const callId = before.call_id;
    const newHolder = state.employeeId && state.employeeId !== before.employee_id ? state.employeeId : null;
    const showTo = (employee: string, type: 'call.answered' | 'call.ended', contactId: string | null) => {
      if (match.partyId && !match.name) match.name = names.get(match.partyId) ?? null;
      if (match.partyId) pops.push({ employee, partyId: match.partyId });
      const data: CallLiveData = {
        callId,
        direction: state.direction,
        number,
        partyId: match.partyId,
        partyName: match.name,
        label: labelOf(match),
        matches: match.matches,
        contactId,
        succeeded: state.endReason ? state.endReason === 'completed' : null,
        durationSeconds: talkSeconds(state),
      };
      afterCommit.push(() => ctx.realtime.publish(`employee:${employee}`, { type, data }));
    };

    let contactId = before.contact_id;
    const justLogged = logged.get(callId);
    if (justLogged) {
      contactId = justLogged.contactId;
      if (justLogged.queued)
        afterCommit.push(() => announceQueued(ctx.realtime, justLogged.decision, justLogged.contactId));
      if (state.employeeId) showTo(state.employeeId, 'call.ended', contactId);
    } else if (state.endedAt && contactId) {
      // A late event of a call already logged: fill in who answered and how long it took.
      await completeContactFacts(trx, contactId, {
        employeeId: state.employeeId,
        durationSeconds: talkSeconds(state),
      });
      if (newHolder) showTo(newHolder, 'call.ended', contactId);
    } else if (newHolder) {
      showTo(newHolder, 'call.answered', null);
    }

    updates.push({
      call_id: callId,
      direction: state.direction,
      party_number: number,
      called: state.direction === 'in' ? state.to : state.from,
      party_id: match.partyId,
      employee_id: state.employeeId,
      ringing_at: state.ringingAt,
      answered_at: state.answeredAt,
      ended_at: state.endedAt,
      end_reason: state.endReason,
      contact_id: contactId,
      updated_at: now,
    });
  }

  // Each screen pop showed the party to that employee: one processing-log entry each.
  for (const employee of new Set(pops.map((p) => p.employee))) {
    await logRead(
      trx,
      pops.filter((p) => p.employee === employee).map((p) => p.partyId),
      {
        actor: employeeActor(employee, await employeeName(employee)),
        purpose: screenPopPurpose,
        endpoint,
        at: now,
      },
    );
  }
  await repo.updateCalls(trx, updates);
  return afterCommit;
}

/** A call as Loket keeps it (for tests and the werkplek). */
export const getCall = (db: Db, callId: string) => repo.findCall(db, callId);
