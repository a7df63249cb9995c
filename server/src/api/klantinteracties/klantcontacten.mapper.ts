// Klantcontact ⇄ the contacts module's ContactDetails (+ the standard's extra fields).
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { type ContactDetails, getContacts } from '../../modules/contacts/contacts.service.ts';
import { tasksOfContacts } from '../../modules/tasks/tasks.listing.ts';
import { type Actor, actorDirectory, toActor } from './actoren.mapper.ts';
import { channelOf, kanaalOf, languageOf, taalOf } from './codes.ts';
import { type ContactExtras, contactAdditions, noContactExtras } from './extras.repo.ts';
import type { Urls } from './http.ts';

export const klantcontactInput = z.object({
  nummer: z.string().max(10).nullish(),
  referentienummer: z.string().max(10).nullish(),
  kanaal: z.string().min(1).max(50),
  onderwerp: z.string().min(1).max(200),
  inhoud: z.string().max(1000).optional(),
  reactie: z.string().max(4000).optional(),
  indicatieContactGelukt: z.boolean().nullish(),
  hoofdOnderwerpType: z.url().max(200).optional(),
  verdereActieOndernomen: z.boolean().optional(),
  taal: z.string().min(2).max(3),
  vertrouwelijk: z.boolean(),
  plaatsgevondenOp: z.iso.datetime({ offset: true }).optional(),
  metadata: z.record(z.string().max(100), z.string().max(255)).optional(),
});
export const klantcontactPatch = klantcontactInput.partial();
export type KlantcontactInput = z.infer<typeof klantcontactPatch>;

/** The core's contact fields of a klantcontact body. */
export function contactFieldsOf(k: KlantcontactInput) {
  return {
    ...(k.kanaal !== undefined ? { channel: channelOf(k.kanaal) } : {}),
    ...(k.onderwerp !== undefined ? { subject: k.onderwerp } : {}),
    ...(k.inhoud !== undefined ? { content: k.inhoud } : {}),
    ...(k.reactie !== undefined ? { result: k.reactie || null } : {}),
    ...(k.indicatieContactGelukt !== undefined ? { succeeded: k.indicatieContactGelukt } : {}),
    ...(k.vertrouwelijk !== undefined ? { confidential: k.vertrouwelijk } : {}),
    ...(k.taal !== undefined ? { language: languageOf(k.taal) } : {}),
    ...(k.plaatsgevondenOp !== undefined ? { occurredAt: new Date(k.plaatsgevondenOp) } : {}),
  };
}

export const extrasOf = (k: KlantcontactInput): Partial<ContactExtras> => ({
  ...(k.referentienummer !== undefined ? { referenceNumber: k.referentienummer || null } : {}),
  ...(k.hoofdOnderwerpType !== undefined ? { mainSubjectType: k.hoofdOnderwerpType || null } : {}),
  ...(k.verdereActieOndernomen !== undefined ? { furtherAction: k.verdereActieOndernomen } : {}),
  ...(k.metadata !== undefined ? { metadata: k.metadata } : {}),
});

export function toKlantcontact(
  u: Urls,
  c: ContactDetails,
  e: ContactExtras,
  taskIds: string[] = [],
  actors: Actor[] = [],
  attachmentRefIds: string[] = [],
) {
  return {
    uuid: c.id,
    url: u.url('klantcontacten', c.id),
    gingOverOnderwerpobjecten: c.subjects.map((s) => u.fk('onderwerpobjecten', s.id)),
    hadBetrokkenActoren: actors,
    omvatteBijlagen: [...c.attachments.map((a) => a.id), ...attachmentRefIds].map((a) => u.fk('bijlagen', a)),
    hadBetrokkenen: c.parties.map((p) => u.fk('betrokkenen', p.id)),
    leiddeTotInterneTaken: taskIds.map((t) => u.fk('internetaken', t)),
    nummer: c.number.slice(-10),
    referentienummer: e.referenceNumber,
    kanaal: kanaalOf(c.channel),
    onderwerp: c.subject.slice(0, 200),
    inhoud: c.content.slice(0, 1000),
    reactie: (c.result ?? '').slice(0, 4000),
    indicatieContactGelukt: c.succeeded,
    ...(e.mainSubjectType ? { hoofdOnderwerpType: e.mainSubjectType } : {}),
    verdereActieOndernomen: e.furtherAction,
    taal: taalOf(c.language),
    vertrouwelijk: c.confidential,
    plaatsgevondenOp: new Date(c.occurredAt).toISOString(),
    metadata: e.metadata,
  };
}

/** In the order of `ids`; unknown ids are left out. One batch, not a read per contact. */
export const loadContactDetails = (db: Db, ids: string[]): Promise<ContactDetails[]> => getContacts(db, ids);

/** The actors of each contact: its employee in Loket and the ones linked through actorklantcontacten. */
async function actorsOfContacts(
  db: Db,
  u: Urls,
  contacts: ContactDetails[],
  links: { actorId: string; contactId: string }[],
) {
  const actorIds = new Map<string, string[]>(contacts.map((c) => [c.id, c.employee ? [c.employee.id] : []]));
  for (const l of links) {
    const list = actorIds.get(l.contactId) ?? [];
    if (!list.includes(l.actorId)) list.push(l.actorId);
    actorIds.set(l.contactId, list);
  }
  const all = [...new Set([...actorIds.values()].flat())];
  const actors = new Map((all.length ? await actorDirectory(db, all) : []).map((a) => [a.id, toActor(u, a)]));
  return (contactId: string) =>
    (actorIds.get(contactId) ?? []).flatMap((id) => {
      const a = actors.get(id);
      return a ? [a] : [];
    });
}

/** What the standard adds to contacts (extra fields, actor links, document references) and their tasks. */
const readAdditions = (db: Db, ids: string[]) =>
  Promise.all([contactAdditions(db, ids), tasksOfContacts(db, ids)]);

async function mapWith(
  db: Db,
  u: Urls,
  contacts: ContactDetails[],
  [added, tasks]: Awaited<ReturnType<typeof readAdditions>>,
) {
  const actorsOf = await actorsOfContacts(db, u, contacts, added.actorLinks);
  return contacts.map((c) =>
    toKlantcontact(
      u,
      c,
      added.extras.get(c.id) ?? noContactExtras,
      tasks.filter((t) => t.contactId === c.id).map((t) => t.id),
      actorsOf(c.id),
      added.attachmentRefs.filter((r) => r.contactId === c.id).map((r) => r.id),
    ),
  );
}

export async function mapKlantcontacten(db: Db, u: Urls, contacts: ContactDetails[]) {
  if (contacts.length === 0) return [];
  return mapWith(
    db,
    u,
    contacts,
    await readAdditions(
      db,
      contacts.map((c) => c.id),
    ),
  );
}

/**
 * The contacts and their klantcontacten, in the order of `ids`. The contacts and the standard's
 * additions are read side by side (outside a transaction on separate connections): one wait, not two.
 */
export async function loadKlantcontactenWithDetails(db: Db, u: Urls, ids: string[]) {
  if (ids.length === 0) return { contacts: [], list: [] };
  const [contacts, additions] = await Promise.all([loadContactDetails(db, ids), readAdditions(db, ids)]);
  return { contacts, list: contacts.length ? await mapWith(db, u, contacts, additions) : [] };
}

export async function loadKlantcontacten(db: Db, u: Urls, ids: string[]) {
  return (await loadKlantcontactenWithDetails(db, u, ids)).list;
}

export type Klantcontact = ReturnType<typeof toKlantcontact>;
