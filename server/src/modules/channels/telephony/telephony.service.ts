// Call events from the telephone platform: keep each call's state, pop the caller's customer view on
// the answering employee's screen, and log the call as a contact when it ends (missed and abandoned
// calls too, in the team's queue as callback candidates).

import type { Db } from '../../../db/connect.ts';
import type { EmployeeActor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/app.ts';
import { registerContacts } from '../../contacts/contacts.batch.ts';
import { completeContactFacts } from '../../contacts/contacts.service.ts';
import { findThreadByReference, referenceIn } from '../../contacts/threads.service.ts';
import { findPartyIdsByDigitalAddress, getPartyStates } from '../../parties/parties.service.ts';
import { normalisePhone } from '../../parties/validation.ts';
import { logRead } from '../../processing-log/processing-log.service.ts';
import {
  announceQueued,
  enqueueContact,
  type RouteDecision,
  routeInbound,
} from '../../routing/routing.service.ts';
import { type CallState, foldCall, partyNumber, type StoredEvent, talkSeconds } from './telephony.fold.ts';
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

/** The one active party with this phone number; none when no party or several have it. */
async function matchParty(db: Db, e164: string): Promise<PartyMatch> {
  const ids = await findPartyIdsByDigitalAddress(db, 'phone', e164);
  if (ids.length === 0) return { partyId: null, name: null, matches: 0 };
  const owners = await getPartyStates(db, ids);
  // A duplicate merged away counts as the party it was merged into.
  const survivors = [...new Set(owners.map((p) => p.mergedInto ?? (p.active ? p.id : null)))].filter(
    (id): id is string => !!id,
  );
  if (survivors.length !== 1) return { partyId: null, name: null, matches: survivors.length };
  const [party] = owners.some((p) => p.id === survivors[0])
    ? owners.filter((p) => p.id === survivors[0])
    : await getPartyStates(db, survivors);
  return party?.active
    ? { partyId: party.id, name: party.displayName, matches: 1 }
    : { partyId: null, name: null, matches: 0 };
}

async function describeParty(db: Db, partyId: string | null): Promise<PartyMatch> {
  if (!partyId) return { partyId: null, name: null, matches: 0 };
  const [party] = await getPartyStates(db, [partyId]);
  return { partyId, name: party?.displayName ?? null, matches: 1 };
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

async function logCall(
  ctx: Pick<AppContext, 'clock'>,
  trx: Db,
  state: CallState,
  match: PartyMatch,
  number: string | null,
  now: Date,
): Promise<LoggedCall> {
  const reason = state.endReason ?? 'completed';
  const succeeded = reason === 'completed';
  const subject = subjects[state.direction][reason] ?? 'Telefoongesprek';
  const duration = talkSeconds(state);
  const decision = await routeInbound(trx, {
    channel: 'phone',
    address: state.direction === 'in' ? state.to : state.from,
    subject,
    partyId: match.partyId,
  });
  const ref = state.reference ? referenceIn(state.reference) : null;
  const thread = ref ? await findThreadByReference(trx, ref) : null;
  const involvement = match.partyId
    ? [{ partyId: match.partyId, role: 'klant' as const, initiator: state.direction === 'in', details: {} }]
    : number
      ? [
          {
            partyId: null,
            role: 'klant' as const,
            initiator: state.direction === 'in',
            details: { telefoonnummer: number },
          },
        ]
      : [];
  // The batch registration (no read-back of the whole contact: only its id is needed here).
  const [contact] = await registerContacts(
    trx,
    [
      {
        channel: 'phone',
        direction: state.direction,
        subject,
        content: callSummary(state, number, duration),
        succeeded,
        occurredAt: state.ringingAt ?? state.answeredAt ?? state.endedAt ?? now,
        employeeId: state.employeeId,
        teamId: decision.teamId,
        parties: involvement,
        durationSeconds: duration,
        attachments: [],
        ...(thread ? { threadId: thread.id } : {}),
      },
    ],
    ctx.clock,
  );
  if (!contact) throw new Error('contact not registered');
  // An inbound call nobody finished is work for the team: call back.
  const queued = !succeeded && state.direction === 'in';
  if (queued) await enqueueContact(trx, contact.id, decision, now);
  return { contactId: contact.id, decision, queued };
}

/** A call locked for processing, with all its events (folded in order) and which of them are new. */
export type DueCall = {
  before: Awaited<ReturnType<typeof repo.lockDueCalls>>[number];
  events: (StoredEvent & { event_id: string; due: boolean; attempts: number })[];
};

/**
 * Takes a call's new events into its state: matches the party, pops the screen of an employee who
 * newly has the call, logs the call as a contact when it has ended, and stores the state. Returns the
 * live events to publish once the transaction has committed.
 */
export async function processCall(
  ctx: Pick<AppContext, 'clock' | 'realtime'>,
  trx: Db,
  { before, events }: DueCall,
  now: Date,
  employeeName: (id: string) => Promise<string>,
): Promise<(() => void)[]> {
  const afterCommit: (() => void)[] = [];
  const callId = before.call_id;
  const state = foldCall(events);
  const rawNumber = partyNumber(state);
  const number = rawNumber ? (normalisePhone(rawNumber) ?? rawNumber) : null;
  // A call matched before keeps its party; its name is loaded only when an employee is shown it.
  const match: PartyMatch =
    before.party_id || !number || !normalisePhone(number)
      ? { partyId: before.party_id, name: null, matches: before.party_id ? 1 : 0 }
      : await matchParty(trx, number);

  const newHolder = state.employeeId && state.employeeId !== before.employee_id ? state.employeeId : null;
  const live = (contactId: string | null): CallLiveData => ({
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
  });
  const showTo = async (employee: string, type: 'call.answered' | 'call.ended', contactId: string | null) => {
    if (match.partyId && !match.name) match.name = (await describeParty(trx, match.partyId)).name;
    const data = live(contactId);
    if (match.partyId) {
      await logRead(trx, match.partyId, {
        actor: employeeActor(employee, await employeeName(employee)),
        purpose: screenPopPurpose,
        endpoint,
        at: now,
      });
    }
    afterCommit.push(() => ctx.realtime.publish(`employee:${employee}`, { type, data }));
  };

  let contactId = before.contact_id;
  if (state.endedAt && !contactId) {
    const logged = await logCall(ctx, trx, state, match, number, now);
    contactId = logged.contactId;
    if (logged.queued)
      afterCommit.push(() => announceQueued(ctx.realtime, logged.decision, logged.contactId));
    if (state.employeeId) await showTo(state.employeeId, 'call.ended', contactId);
  } else if (state.endedAt && contactId) {
    // A late event of a call already logged: fill in who answered and how long it took.
    await completeContactFacts(trx, contactId, {
      employeeId: state.employeeId,
      durationSeconds: talkSeconds(state),
    });
    if (newHolder) await showTo(newHolder, 'call.ended', contactId);
  } else if (newHolder) {
    await showTo(newHolder, 'call.answered', null);
  }

  await repo.updateCall(trx, callId, {
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
  return afterCommit;
}

/** A call as Loket keeps it (for tests and the werkplek). */
export const getCall = (db: Db, callId: string) => repo.findCall(db, callId);
