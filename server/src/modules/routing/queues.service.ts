// Team queues: the inbound contacts a team still has to answer. An employee sees the queues of
// their own teams; managers and admins see every team's. Claim → the item is mine; release → back
// in the queue; done → answered or handled.
import type { Db } from '../../db/connect.ts';
import { type Actor, can, type EmployeeActor } from '../../platform/actor.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { findTeam, getEmployeeSummaries, getTeams } from '../access/access.service.ts';
import { getContacts, inTransaction } from '../contacts/contacts.service.ts';
import { getParties } from '../parties/parties.service.ts';
import { logRead, type ReadContext } from '../processing-log/processing-log.service.ts';
import * as repo from './routing.repo.ts';
import type { QueueStatus } from './routing.tables.ts';

export type QueueCount = {
  team: { id: string; code: string; name: string };
  open: number;
  claimed: number;
  oldestOpenAt: string | null;
  member: boolean;
};

export type QueueItem = {
  id: string;
  teamId: string;
  contactId: string;
  status: QueueStatus;
  enqueuedAt: string;
  claimedAt: string | null;
  claimedBy: { id: string; name: string } | null;
  doneAt: string | null;
};

export type QueueItemWithContact = QueueItem & {
  contact: {
    id: string;
    number: string;
    channel: string;
    subject: string;
    occurredAt: string;
    confidential: boolean;
    reason: { code: string; label: string } | null;
    parties: { id: string; displayName: string }[];
  };
};

const overseer = (a: EmployeeActor) => a.roles.includes('manager') || a.roles.includes('admin');

function employee(actor: Actor): EmployeeActor {
  if (actor.kind !== 'employee') throw forbidden('Wachtrijen zijn er voor medewerkers.');
  return actor;
}

function mayWorkOn(actor: Actor, teamId: string): EmployeeActor {
  const a = employee(actor);
  if (!a.teamIds.includes(teamId) && !overseer(a))
    throw forbidden('U zit niet in dit team en kunt de wachtrij daarom niet zien.');
  return a;
}

/** Counts per team: the employee's own teams, or (managers and admins, all: true) every team. */
export async function listQueues(
  db: Db,
  actor: Actor,
  options: { all?: boolean } = {},
): Promise<QueueCount[]> {
  const a = employee(actor);
  const teams = (await getTeams(db)).filter((t) => a.teamIds.includes(t.id) || (options.all && overseer(a)));
  const counts = await repo.countWaiting(
    db,
    teams.map((t) => t.id),
  );
  return teams.map((team) => {
    const of = (s: QueueStatus) => counts.find((c) => c.team_id === team.id && c.status === s);
    const oldest = of('open')?.oldest;
    return {
      team,
      open: Number(of('open')?.n ?? 0),
      claimed: Number(of('claimed')?.n ?? 0),
      oldestOpenAt: oldest ? new Date(oldest).toISOString() : null,
      member: a.teamIds.includes(team.id),
    };
  });
}

async function views(db: Db, rows: repo.QueueItemRow[]): Promise<QueueItem[]> {
  const names = new Map(
    (
      await getEmployeeSummaries(
        db,
        rows.flatMap((r) => (r.claimed_by ? [r.claimed_by] : [])),
      )
    ).map((e) => [e.id, e]),
  );
  return rows.map((r) => ({
    id: r.id,
    teamId: r.team_id,
    contactId: r.contact_id,
    status: r.status,
    enqueuedAt: r.enqueued_at.toISOString(),
    claimedAt: r.claimed_at?.toISOString() ?? null,
    claimedBy: r.claimed_by ? (names.get(r.claimed_by) ?? { id: r.claimed_by, name: '' }) : null,
    doneAt: r.done_at?.toISOString() ?? null,
  }));
}

/** Open items first, oldest first, each with its contact; logs a read for every party shown. */
export async function listQueueItems(
  db: Db,
  teamId: string,
  rc: ReadContext,
  limit = 200,
): Promise<{ team: { id: string; code: string; name: string }; items: QueueItemWithContact[] }> {
  const team = await findTeam(db, teamId);
  if (!team) throw notFound('Team');
  mayWorkOn(rc.actor, team.id);
  return inTransaction(db, async (trx) => {
    const rows = await repo.listWaiting(trx, team.id, limit);
    const [items, contacts] = await Promise.all([
      views(trx, rows),
      getContacts(
        trx,
        rows.map((r) => r.contact_id),
      ),
    ]);
    const seeConfidential = can(rc.actor, 'contacts:confidential');
    const shown = contacts.filter((c) => seeConfidential || !c.confidential);
    const partyIds = [
      ...new Set(shown.flatMap((c) => c.parties.flatMap((p) => (p.partyId ? [p.partyId] : [])))),
    ];
    const parties = new Map((await getParties(trx, partyIds)).map((p) => [p.id, p.displayName]));
    await logRead(trx, [...parties.keys()], rc);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    return {
      team,
      items: items.flatMap((item) => {
        const c = byId.get(item.contactId);
        if (!c) return [];
        const hidden = c.confidential && !seeConfidential;
        return [
          {
            ...item,
            contact: {
              id: c.id,
              number: c.number,
              channel: c.channel,
              subject: hidden ? 'Vertrouwelijk contact' : c.subject,
              occurredAt: c.occurredAt.toISOString(),
              confidential: c.confidential,
              reason: c.reason && !hidden ? { code: c.reason.code, label: c.reason.label } : null,
              parties: hidden
                ? []
                : c.parties.flatMap((p) =>
                    p.partyId && parties.has(p.partyId)
                      ? [{ id: p.partyId, displayName: parties.get(p.partyId) as string }]
                      : [],
                  ),
            },
          },
        ];
      }),
    };
  });
}

async function lockedItem(trx: Db, actor: Actor, id: string) {
  const row = await repo.findQueueItemForUpdate(trx, id);
  if (!row) throw notFound('Wachtrij-item');
  return { row, who: mayWorkOn(actor, row.team_id) };
}

async function nameOf(db: Db, employeeId: string) {
  return (await getEmployeeSummaries(db, [employeeId]))[0]?.name ?? 'een collega';
}

async function viewOf(db: Db, id: string): Promise<QueueItem> {
  const row = await repo.findQueueItem(db, id);
  if (!row) throw notFound('Wachtrij-item');
  return (await views(db, [row]))[0] as QueueItem;
}

/** The item is now mine. Claiming what I already hold is a no-op; what a colleague holds is 409. */
export async function claimItem(db: Db, actor: Actor, id: string, now: Date): Promise<QueueItem> {
  await inTransaction(db, async (trx) => {
    const { row, who } = await lockedItem(trx, actor, id);
    if (row.status === 'done') throw conflict('Dit bericht is al afgehandeld.');
    if (row.status === 'claimed' && row.claimed_by !== who.id)
      throw conflict(`Dit bericht is al opgepakt door ${await nameOf(trx, row.claimed_by as string)}.`);
    if (row.status === 'open')
      await repo.setQueueStatus(trx, id, { status: 'claimed', claimed_by: who.id, claimed_at: now });
  });
  return viewOf(db, id);
}

/** Back in the queue: by whoever holds it, or by a manager or admin. */
export async function releaseItem(db: Db, actor: Actor, id: string): Promise<QueueItem> {
  await inTransaction(db, async (trx) => {
    const { row, who } = await lockedItem(trx, actor, id);
    if (row.status === 'done') throw conflict('Dit bericht is al afgehandeld.');
    if (row.status === 'open') return;
    if (row.claimed_by !== who.id && !overseer(who))
      throw forbidden('Alleen wie het bericht heeft opgepakt, of een teamleider, kan het teruggeven.');
    await repo.setQueueStatus(trx, id, { status: 'open', claimed_by: null, claimed_at: null });
  });
  return viewOf(db, id);
}

/** Answered or handled. An item a colleague holds is theirs to finish (or a manager's). */
export async function completeItem(db: Db, actor: Actor, id: string, now: Date): Promise<QueueItem> {
  await inTransaction(db, async (trx) => {
    const { row, who } = await lockedItem(trx, actor, id);
    if (row.status === 'done') return;
    if (row.status === 'claimed' && row.claimed_by !== who.id && !overseer(who))
      throw conflict(`Dit bericht is opgepakt door ${await nameOf(trx, row.claimed_by as string)}.`);
    await repo.setQueueStatus(trx, id, { status: 'done', done_at: now, done_by: who.id });
  });
  return viewOf(db, id);
}

/**
 * For channel adapters: the contact has been answered (a reply went out), so its queue item is done.
 * Returns the item when one was closed, null when the contact was not queued or already done.
 */
export async function markContactHandled(
  db: Db,
  contactId: string,
  employeeId: string | null,
  now: Date,
): Promise<QueueItem | null> {
  const row = await repo.findQueueItemByContact(db, contactId);
  if (!row || row.status === 'done') return null;
  await repo.setQueueStatus(db, row.id, { status: 'done', done_at: now, done_by: employeeId });
  return viewOf(db, row.id);
}
