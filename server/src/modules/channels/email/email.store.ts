// A received mail → an inbound e-mail contact: on the sender's party (only the one party that verified
// the address; anyone else is anonymous with the address in the involvement), in the conversation it
// answers (Message-IDs in In-Reply-To / References, or the LK reference in the subject), in a team
// queue by the routing rules, with its attachments and an out-of-hours answer once per conversation a
// day. Done for a batch of mails at a time: what can be read before the transaction is read for the
// whole batch (known Message-IDs, rules, opening hours), and the batch is stored with one INSERT per
// table (contacts, involvements, attachments, Message-IDs, queue items), so a mail costs a few
// statements rather than twenty.
import { randomUUID } from 'node:crypto';
import { once } from '../../../db/batch.ts';
import type { Db } from '../../../db/connect.ts';
import type { AppContext } from '../../../platform/app.ts';
import { keepAttachments } from '../../contacts/attachments.service.ts';
import { type RegisteredContact, registerContacts } from '../../contacts/contacts.batch.ts';
import { getContacts } from '../../contacts/contacts.service.ts';
import {
  findThreadByReference,
  getThread,
  referenceIn,
  type ThreadRef,
  threadOfContact,
  threadsOfContacts,
} from '../../contacts/threads.service.ts';
import { findPartyIdByVerifiedEmail } from '../../parties/parties.service.ts';
import { type OpeningStatus, openingStatus } from '../../routing/opening-hours.service.ts';
import { enqueueContacts, type RouteDecision, routeInboundAll } from '../../routing/routing.service.ts';
import { queueAutoReplies } from './email.outbound.ts';
import { type ParsedMail, parseMail } from './email.parse.ts';
import * as repo from './email.repo.ts';
import { ownAddresses } from './mail-identity.ts';

const maxSubject = 300;
const maxContent = 50_000;

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

export type StoreContext = Pick<AppContext, 'db' | 'config' | 'clock'>;

/** The same Message-ID was stored by another processor in the meantime. */
export class Duplicate extends Error {}

type Continuation = { contactId: string } | { threadId: string } | null;
type Known = Awaited<ReturnType<typeof repo.findMessages>>;

/**
 * The conversation this mail continues. A Message-ID Loket generated is unguessable, so an answer to
 * it continues that conversation; an earlier mail of the resident, or the LK reference in the subject
 * (easy to guess), only when it came from the same address or the same verified party: a stranger
 * must not be able to attach a message to someone else's conversation.
 */
async function conversationOf(
  db: Db,
  mail: ParsedMail,
  known: Known,
  from: string,
  partyId: string | null,
): Promise<Continuation> {
  for (const id of mail.answers) {
    const m = known.find((k) => k.message_id === id);
    if (m && (m.direction === 'out' || m.counterpart === from)) return { contactId: m.contact_id };
  }
  const reference = referenceIn(mail.subject);
  if (!reference) return null;
  const thread = await findThreadByReference(db, reference);
  if (!thread) return null;
  const { contactIds } = await getThread(db, thread.id, true);
  const mails = await repo.messagesOfContacts(db, contactIds);
  if (mails.some((m) => m.counterpart === from)) return { threadId: thread.id };
  if (partyId) {
    const contacts = await getContacts(db, contactIds);
    if (contacts.some((c) => c.parties.some((p) => p.partyId === partyId))) return { threadId: thread.id };
  }
  return null;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Mails parsed by the receiver in this process, by inbox id, so the processor does not parse them a
 * second time (mailparser is most of a mail's CPU). Small ones only, and a bounded number: the inbox
 * row stays the truth, and a mail not found here is parsed again from it.
 */
const parsedByInbox = new Map<string, ParsedMail>();
const keepAtMost = 500;

export function keepParsed(inboxId: string, mail: ParsedMail, size: number) {
  if (size > 1_000_000) return;
  if (parsedByInbox.size >= keepAtMost) parsedByInbox.delete(parsedByInbox.keys().next().value as string);
  parsedByInbox.set(inboxId, mail);
}

function parsedOf(row: repo.LeasedInbox): Promise<ParsedMail> {
  const kept = parsedByInbox.get(row.id);
  if (!kept) return parseMail(row.raw);
  parsedByInbox.delete(row.id);
  return Promise.resolve(kept);
}

/** A few reads at a time: a batch must not take every connection of the pool from the HTTP requests. */
const readsAtOnce = 4;

async function inChunks<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += readsAtOnce) {
    out.push(...(await Promise.all(items.slice(i, i + readsAtOnce).map(fn))));
  }
  return out;
}

export type Prepared = {
  row: repo.LeasedInbox;
  mail: ParsedMail;
  from: string;
  partyId: string | null;
  continues: Continuation;
  mailbox: string | null;
  subject: string;
  decision: RouteDecision;
  opening: OpeningStatus;
  now: Date;
};

export type Unready =
  | { row: repo.LeasedInbox; duplicateOf: string }
  | { row: repo.LeasedInbox; error: unknown };

/** Everything to read before the transaction, for a whole batch: each mail prepared, a duplicate or an error. */
export async function prepareAll(
  ctx: StoreContext,
  rows: repo.LeasedInbox[],
  now: Date,
): Promise<(Prepared | Unready)[]> {
  const parsed = await Promise.all(
    rows.map((row) =>
      parsedOf(row).then(
        (mail) => ({ row, mail }),
        (error: unknown) => ({ row, error }),
      ),
    ),
  );
  const mails = parsed.flatMap((p) => ('mail' in p ? [p.mail] : []));
  const known = await repo.findMessages(ctx.db, [
    ...new Set(mails.flatMap((m) => [m.messageId, ...m.answers])),
  ]);
  const own = ownAddresses(ctx.config);
  const partyOf = once((from: string) => findPartyIdByVerifiedEmail(ctx.db, from));
  type Read = Omit<Prepared, 'decision' | 'opening'>;
  const firstPass = await inChunks(parsed, async (p): Promise<Read | Unready> => {
    if (!('mail' in p)) return p;
    const { row, mail } = p;
    const same = known.find((m) => m.message_id === mail.messageId);
    if (same) return { row, duplicateOf: same.contact_id };
    try {
      const from = mail.from?.address as string;
      const partyId = await partyOf(from);
      const continues = await conversationOf(ctx.db, mail, known, from, partyId);
      const mailbox =
        row.envelope_to[0]?.toLowerCase() ?? mail.to.find((a) => !own.includes(a)) ?? mail.to[0] ?? null;
      const subject = clip(mail.subject || '(geen onderwerp)', maxSubject);
      return { row, mail, from, partyId, continues, mailbox, subject, now };
    } catch (error) {
      return { row, error };
    }
  });
  const routable = firstPass.flatMap((p) => ('subject' in p ? [p] : []));
  const decisions = await routeInboundAll(
    ctx.db,
    routable.map((p) => ({
      channel: 'email',
      address: p.mailbox,
      subject: p.subject,
      body: p.mail.text,
      partyId: p.partyId,
    })),
  );
  const openingOf = once((teamId: string) => openingStatus(ctx.db, { channel: 'email', teamId }, now));
  const decided = new Map(routable.map((p, i) => [p, decisions[i] as RouteDecision]));
  return Promise.all(
    firstPass.map(async (p): Promise<Prepared | Unready> => {
      if (!('subject' in p)) return p;
      const decision = decided.get(p) as RouteDecision;
      try {
        return { ...p, decision, opening: await openingOf(decision.teamId) };
      } catch (error) {
        return { row: p.row, error };
      }
    }),
  );
}

function contentOf(mail: ParsedMail, notes: string[]) {
  const body =
    mail.text.length > maxContent
      ? `${mail.text.slice(0, maxContent - 60)}\n\n[Bericht ingekort.]`
      : mail.text;
  return notes.length ? clip([body, ...notes].filter((t) => t).join('\n\n'), maxContent) : body;
}

export type Stored = { p: Prepared; contact: RegisteredContact; autoReplied: boolean };

/** Stores the batch in the caller's transaction, all of it or (throwing) none; Duplicate when a Message-ID was taken. */
export async function storeAll(ctx: StoreContext, trx: Db, batch: Prepared[]): Promise<Stored[]> {
  if (batch.length === 0) return [];
  const inputs = [];
  for (const p of batch) {
    const { mail, from, partyId, continues, now } = p;
    // An answer to a contact that stood alone makes its thread now (locked, so two answers make one).
    const threadId = !continues
      ? undefined
      : 'threadId' in continues
        ? continues.threadId
        : (await threadOfContact(trx, continues.contactId, now)).id;
    const details: Record<string, unknown> = { email: from };
    if (!partyId && mail.from?.name) details.name = clip(mail.from.name, 200);
    const { files, notes } = keepAttachments(mail.attachments, ctx.config.attachmentLimit);
    inputs.push({
      channel: 'email',
      direction: 'in' as const,
      subject: p.subject,
      content: contentOf(mail, notes),
      // Received now: the Date header is the sender's clock and would misorder a conversation.
      occurredAt: now,
      teamId: p.decision.teamId,
      ...(threadId ? { threadId } : {}),
      parties: [{ partyId, role: 'klant' as const, initiator: true, details }],
      attachments: files,
    });
  }
  const contacts = await registerContacts(trx, inputs, ctx.clock);
  const recorded = await repo.insertMessages(
    trx,
    batch.map((p, i) => ({
      id: randomUUID(),
      message_id: p.mail.messageId,
      direction: 'in' as const,
      contact_id: (contacts[i] as RegisteredContact).id,
      counterpart: p.from,
      mailbox: p.mailbox,
      kind: 'mail' as const,
      created_at: p.now,
    })),
  );
  // A copy delivered at the same moment (another processor) got there first: roll this back.
  if (recorded < batch.length) throw new Duplicate();
  await enqueueContacts(
    trx,
    batch.map((p, i) => ({ contactId: (contacts[i] as RegisteredContact).id, decision: p.decision })),
    batch[0]?.now as Date,
  );
  const replied = await autoReplies(
    ctx,
    trx,
    batch.map((p, i) => ({ p, contactId: (contacts[i] as RegisteredContact).id })),
  );
  return batch.map((p, i) => {
    const contact = contacts[i] as RegisteredContact;
    return { p, contact, autoReplied: replied.has(contact.id) };
  });
}

/**
 * Outside opening hours: the channel's answer, once per conversation a day, for the whole batch (two
 * mails of one conversation in a batch: the first is answered). The ids of the contacts answered.
 */
async function autoReplies(
  ctx: StoreContext,
  trx: Db,
  stored: { p: Prepared; contactId: string }[],
): Promise<Set<string>> {
  const closed = stored.filter(({ p }) => !p.opening.open && p.opening.autoReply);
  const now = closed[0]?.p.now;
  if (!now) return new Set();
  const threads = await threadsOfContacts(
    trx,
    closed.map((c) => c.contactId),
    now,
  );
  const threadOf = (c: (typeof closed)[number]) => threads.get(c.contactId) as ThreadRef;
  const first = new Map<string, (typeof closed)[number]>();
  for (const c of closed) if (!first.has(threadOf(c).id)) first.set(threadOf(c).id, c);
  const firstOfThread = [...first.values()];
  const unanswered = await repo.markAutoReplies(
    trx,
    firstOfThread.map((c) => threadOf(c).id),
    amsterdamDay.format(now),
  );
  const answering = firstOfThread.filter((c) => unanswered.has(threadOf(c).id));
  await queueAutoReplies(
    ctx,
    trx,
    answering.map(({ p, contactId }) => ({
      inbound: { subject: p.subject, partyId: p.partyId, messageId: p.mail.messageId },
      to: p.from,
      thread: threadOf({ p, contactId }),
      text: p.opening.autoReply as string,
    })),
    now,
  );
  return new Set(answering.map((c) => c.contactId));
}
