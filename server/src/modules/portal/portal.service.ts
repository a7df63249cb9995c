// What a resident sees of themselves in MijnGemeente: their contacts, callback requests, cases and the
// notifications sent to them. Always and only the parties of the resident's session; anything else is
// 404. Every read of personal data is written to the processing log with actor kind 'resident'.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import type { ResidentActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound, unprocessable } from '../../platform/errors.ts';
import type { CaseDetails, CaseSummary } from '../cases/case-source.ts';
import { currentCaseSource, partyRefOf } from '../cases/cases.source.ts';
import {
  type ContactDetails,
  getContact,
  inTransaction,
  listContacts,
  registerContact,
} from '../contacts/contacts.service.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import { createTask, listTasks, type TaskSummary } from '../tasks/tasks.service.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PortalContact = {
  id: string;
  number: string;
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  occurredAt: Date;
  /** The answer the municipality recorded; never the employee's internal notes. */
  answer: string | null;
};

export type PortalNotification = {
  id: string;
  channel: string;
  subject: string;
  sentAt: Date;
  /** The message as it was sent to the resident. */
  message: string;
};

export type PortalCallback = {
  id: string;
  number: string;
  subject: string;
  status: TaskSummary['status'];
  channel: 'phone' | 'email' | null;
  expectedAt: Date;
  closedAt: Date | null;
  createdAt: Date;
};

const toContact = (c: ContactDetails): PortalContact => ({
  id: c.id,
  number: c.number,
  channel: c.channel,
  direction: c.direction,
  subject: c.subject,
  occurredAt: c.occurredAt,
  answer: c.result,
});

const toNotification = (c: ContactDetails): PortalNotification => ({
  id: c.id,
  channel: c.channel,
  subject: c.subject,
  sentAt: c.occurredAt,
  message: c.content,
});

const toCallback = (t: TaskSummary): PortalCallback => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  status: t.status,
  channel: t.callback?.channel ?? null,
  expectedAt: t.dueAt,
  closedAt: t.closedAt,
  createdAt: t.createdAt,
});

const read = (db: Db, actor: ResidentActor, endpoint: string, at: Date) =>
  logRead(db, actor.partyIds, { actor, endpoint, at, purpose: 'inzage door betrokkene' });

async function allContacts(db: Db, actor: ResidentActor): Promise<ContactDetails[]> {
  if (actor.partyIds.length === 0) return [];
  // Confidential contacts are never shown in the portal.
  const { items } = await listContacts(db, {
    partyIds: actor.partyIds,
    limit: 100,
    includeConfidential: false,
  });
  return items;
}

export async function contacts(db: Db, actor: ResidentActor, now: Date) {
  const items = (await allContacts(db, actor)).filter((c) => c.direction === 'in').map(toContact);
  if (items.length) await read(db, actor, 'GET /mijn/contacts', now);
  return items;
}

export async function notifications(db: Db, actor: ResidentActor, now: Date) {
  const items = (await allContacts(db, actor)).filter((c) => c.direction === 'out').map(toNotification);
  if (items.length) await read(db, actor, 'GET /mijn/notifications', now);
  return items;
}

export async function contact(db: Db, actor: ResidentActor, id: string, now: Date) {
  if (!uuid.test(id)) throw notFound('Contact');
  const c = await getContact(db, id).catch(() => null);
  if (!c || c.confidential || !c.parties.some((p) => p.partyId && actor.partyIds.includes(p.partyId)))
    throw notFound('Contact');
  await read(db, actor, 'GET /mijn/contacts/:id', now);
  return c.direction === 'out' ? { ...toContact(c), message: c.content } : toContact(c);
}

export async function callbacks(db: Db, actor: ResidentActor, now: Date) {
  if (actor.partyIds.length === 0) return [];
  const items = (await listTasks(db, { partyIds: actor.partyIds, limit: 200 }, now))
    .filter((t) => t.kind === 'callback')
    .map(toCallback)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  if (items.length) await read(db, actor, 'GET /mijn/callbacks', now);
  return items;
}

async function caseList(db: Db, actor: ResidentActor): Promise<CaseSummary[]> {
  if (actor.partyIds.length === 0) return [];
  return currentCaseSource().casesOfParty(db, await partyRefOf(db, actor.partyIds));
}

const caseView = (c: CaseSummary) => ({
  id: c.identification,
  identification: c.identification,
  caseType: c.caseType.name,
  subject: c.subject,
  status: c.status ? { name: c.status.name, final: c.status.final, since: c.status.setAt } : null,
  closed: c.closed,
  startDate: c.startDate,
  expectedEndDate: c.expectedEndDate,
  endDate: c.endDate,
});

export async function cases(db: Db, actor: ResidentActor, now: Date) {
  const items = (await caseList(db, actor)).map(caseView);
  if (items.length) await read(db, actor, 'GET /mijn/cases', now);
  return items;
}

/** One of the resident's own cases by identification; any other case is 404. */
export async function caseDetails(db: Db, actor: ResidentActor, ref: string, now: Date) {
  const own = (await caseList(db, actor)).find((c) => c.identification === ref || c.id === ref);
  if (!own) throw notFound('Zaak');
  const d: CaseDetails | null = await currentCaseSource().getCase(db, own.id);
  if (!d) throw notFound('Zaak');
  await read(db, actor, 'GET /mijn/cases/:id', now);
  return {
    ...caseView(d),
    description: d.description,
    statuses: d.statuses.map((s) => ({ name: s.name, final: s.final })),
    history: d.history.map((h) => ({ name: h.name, at: h.at, explanation: h.explanation })),
    documents: d.documents.map((doc) => ({ id: doc.id, title: doc.title, date: doc.date })),
  };
}

export type QuestionInput = {
  subject: string;
  question: string;
  callback?: { channel: 'phone' | 'email'; address: string } | undefined;
};

/** A question from the portal: a web-form contact of the resident's party and, if asked, a callback request. */
export async function askQuestion(
  db: Db,
  config: Config,
  actor: ResidentActor,
  input: QuestionInput,
  clock: Clock,
) {
  const partyId = actor.partyIds[0];
  if (!partyId)
    throw unprocessable(
      'subject',
      'Wij kennen u nog niet in ons klantbeeld; bel of mail de gemeente met uw vraag.',
    );
  return inTransaction(db, async (trx) => {
    const c = await registerContact(
      trx,
      {
        channel: 'webform',
        direction: 'in',
        subject: input.subject,
        content: input.question,
        parties: [{ partyId, role: 'klant', initiator: true }],
      },
      actor,
      clock,
    );
    const task = input.callback
      ? await createTask(
          trx,
          {
            kind: 'callback',
            subject: input.subject,
            description: input.question,
            contactId: c.id,
            partyId,
            callback: input.callback,
            owner: { kind: 'team', id: config.tasks.escalationTeam },
          },
          actor,
          clock,
          config.tasks,
        )
      : null;
    return { contact: toContact(c), callback: task ? toCallback(task) : null };
  });
}
