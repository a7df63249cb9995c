// A received mail → an inbound e-mail contact: on the sender's party (only the one party that verified
// the address; anyone else is anonymous with the address in the involvement), in the conversation it
// answers (Message-IDs in In-Reply-To / References, or the LK reference in the subject), in a team
// queue by the routing rules, with its attachments and an out-of-hours answer once per conversation a
// day. Mail waits in the inbox (email.ingest.ts) until this processor takes it, a batch at a time in
// one transaction, each mail whole or not at all (a savepoint per mail), so the rollup rows every
// contact insert locks are taken once per batch rather than once per mail.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { AppContext } from '../../../platform/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { addAttachment } from '../../contacts/attachments.service.ts';
import {
  type ContactDetails,
  getContacts,
  registerContact,
  updateContact,
} from '../../contacts/contacts.service.ts';
import {
  findThreadByReference,
  getThread,
  referenceIn,
  threadOfContact,
} from '../../contacts/threads.service.ts';
import { findPartyIdByVerifiedEmail } from '../../parties/parties.service.ts';
import { type OpeningStatus, openingStatus } from '../../routing/opening-hours.service.ts';
import {
  announceQueued,
  enqueueContact,
  type RouteDecision,
  routeInbound,
} from '../../routing/routing.service.ts';
import { deliverSoon, queueAutoReply } from './email.outbound.ts';
import { type ParsedMail, parseMail } from './email.parse.ts';
import * as repo from './email.repo.ts';
import { ownAddresses } from './mail-identity.ts';

const maxSubject = 300;
const maxContent = 50_000;
/** Mails per transaction: long enough to share the rollup locks, short enough not to hold up employees. */
const batchSize = 25;
/** After this many failed attempts a mail goes to the quarantine for an admin. */
const maxAttempts = 8;
const retryDelayMs = (attempts: number) => Math.min(30 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

type Context = Pick<AppContext, 'db' | 'config' | 'clock'> & { realtime?: AppContext['realtime'] };

/** The same Message-ID was stored by another processor in the meantime. */
class Duplicate extends Error {}

type Continuation = { contactId: string } | { threadId: string } | null;

/**
 * The conversation this mail continues. A Message-ID Loket generated is unguessable, so an answer to
 * it continues that conversation; an earlier mail of the resident, or the LK reference in the subject
 * (easy to guess), only when it came from the same address or the same verified party: a stranger
 * must not be able to attach a message to someone else's conversation.
 */
async function conversationOf(
  ctx: Context,
  mail: ParsedMail,
  known: Awaited<ReturnType<typeof repo.findMessages>>,
  from: string,
  partyId: string | null,
): Promise<Continuation> {
  for (const id of mail.answers) {
    const m = known.find((k) => k.message_id === id);
    if (m && (m.direction === 'out' || m.counterpart === from)) return { contactId: m.contact_id };
  }
  const reference = referenceIn(mail.subject);
  if (!reference) return null;
  const thread = await findThreadByReference(ctx.db, reference);
  if (!thread) return null;
  const { contactIds } = await getThread(ctx.db, thread.id, true);
  const mails = await repo.messagesOfContacts(ctx.db, contactIds);
  if (mails.some((m) => m.counterpart === from)) return { threadId: thread.id };
  if (partyId) {
    const contacts = await getContacts(ctx.db, contactIds);
    if (contacts.some((c) => c.parties.some((p) => p.partyId === partyId))) return { threadId: thread.id };
  }
  return null;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

type StoreInput = {
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

async function store(ctx: Context, trx: Db, input: StoreInput) {
  const { mail, from, partyId, continues, now, decision } = input;
  const threadId = !continues
    ? undefined
    : 'threadId' in continues
      ? continues.threadId
      : (await threadOfContact(trx, continues.contactId, now)).id;
  // Received now: the Date header is the sender's clock and would misorder a conversation.
  const occurredAt = now;
  const body =
    mail.text.length > maxContent
      ? `${mail.text.slice(0, maxContent - 60)}\n\n[Bericht ingekort.]`
      : mail.text;
  const details: Record<string, unknown> = { email: from };
  if (!partyId && mail.from?.name) details.name = clip(mail.from.name, 200);

  let contact: ContactDetails = await registerContact(
    trx,
    {
      channel: 'email',
      direction: 'in',
      subject: input.subject,
      content: body,
      occurredAt,
      teamId: decision.teamId,
      parties: [{ partyId, role: 'klant', initiator: true, details }],
      ...(threadId ? { threadId } : {}),
    },
    undefined,
    ctx.clock,
  );
  const notes: string[] = [];
  for (const file of input.mail.attachments) {
    try {
      await addAttachment(trx, contact.id, file, { limit: ctx.config.attachmentLimit, now });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const why =
        err.code === 'payload_too_large'
          ? 'te groot'
          : err.code === 'invalid'
            ? 'leeg'
            : 'bestandstype niet toegestaan';
      notes.push(`[Bijlage '${clip(file.filename, 100)}' niet bewaard: ${why}.]`);
    }
  }
  if (notes.length) {
    contact = await updateContact(trx, contact.id, {
      content: clip([body, ...notes].filter((t) => t).join('\n\n'), maxContent),
    });
  }
  const recorded = await repo.insertMessage(trx, {
    id: randomUUID(),
    message_id: mail.messageId,
    direction: 'in',
    contact_id: contact.id,
    counterpart: from,
    mailbox: input.mailbox,
    kind: 'mail',
    created_at: now,
  });
  // A copy delivered at the same moment (two SMTP sessions) got there first: roll this one back.
  if (!recorded) throw new Duplicate();
  await enqueueContact(trx, contact.id, decision, now);

  let autoReplied = false;
  const { opening } = input;
  if (!opening.open && opening.autoReply) {
    const thread = await threadOfContact(trx, contact.id, now);
    if (await repo.markAutoReply(trx, thread.id, amsterdamDay.format(now))) {
      await queueAutoReply(ctx, trx, {
        inbound: contact,
        inboundMessageId: mail.messageId,
        to: from,
        thread,
        text: opening.autoReply,
        now,
      });
      autoReplied = true;
    }
  }
  return { contact, autoReplied };
}

type Prepared = StoreInput & { row: repo.LeasedInbox };

/** Everything to read before the transaction (parse, party, conversation, team, opening hours). */
async function prepare(
  ctx: Context,
  row: repo.LeasedInbox,
  now: Date,
): Promise<Prepared | { row: repo.LeasedInbox; duplicateOf: string }> {
  const mail = await parseMail(row.raw);
  const known = await repo.findMessages(ctx.db, [mail.messageId, ...mail.answers]);
  const same = known.find((m) => m.message_id === mail.messageId);
  if (same) return { row, duplicateOf: same.contact_id };
  const own = ownAddresses(ctx.config);
  const from = mail.from?.address as string;
  const partyId = await findPartyIdByVerifiedEmail(ctx.db, from);
  const continues = await conversationOf(ctx, mail, known, from, partyId);
  const mailbox =
    row.envelope_to[0]?.toLowerCase() ?? mail.to.find((a) => !own.includes(a)) ?? mail.to[0] ?? null;
  const subject = clip(mail.subject || '(geen onderwerp)', maxSubject);
  const decision = await routeInbound(ctx.db, {
    channel: 'email',
    address: mailbox,
    subject,
    body: mail.text,
    partyId,
  });
  const opening = await openingStatus(ctx.db, { channel: 'email', teamId: decision.teamId }, now);
  return { row, mail, from, partyId, continues, mailbox, subject, decision, opening, now };
}

const failure = (err: unknown) => {
  const e = err as { name?: string; code?: string };
  return [e.name ?? 'Error', e.code].filter(Boolean).join(' ');
};

export type InboxRound = {
  taken: number;
  stored: number;
  duplicates: number;
  retried: number;
  failed: number;
};

/** One batch: lease due mails, prepare them, store them in one transaction. */
export async function processMailInbox(ctx: Context, limit = batchSize): Promise<InboxRound> {
  const now = ctx.clock.now();
  const round: InboxRound = { taken: 0, stored: 0, duplicates: 0, retried: 0, failed: 0 };
  const leased = await repo.leaseInbox(ctx.db, now, new Date(now.getTime() + 5 * 60_000), limit);
  round.taken = leased.length;
  if (leased.length === 0) return round;
  const prepared = await Promise.all(
    leased.map((row) => prepare(ctx, row, now).catch((err: unknown) => ({ row, error: failure(err) }))),
  );
  const announced: { decision: RouteDecision; contactId: string }[] = [];
  let autoReplied = false;
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of prepared) {
      if ('error' in p) {
        await giveUpOrRetry(trx, p.row, p.error, now);
        p.row.attempts >= maxAttempts ? round.failed++ : round.retried++;
        continue;
      }
      if ('duplicateOf' in p) {
        await repo.markInboxDone(trx, p.row.id, p.duplicateOf, now);
        round.duplicates++;
        continue;
      }
      await sql`SAVEPOINT mail`.execute(trx);
      try {
        const stored = await store(ctx, trx, p);
        await sql`RELEASE SAVEPOINT mail`.execute(trx);
        await repo.markInboxDone(trx, p.row.id, stored.contact.id, now);
        announced.push({ decision: p.decision, contactId: stored.contact.id });
        autoReplied ||= stored.autoReplied;
        round.stored++;
      } catch (err) {
        await sql`ROLLBACK TO SAVEPOINT mail`.execute(trx);
        if (err instanceof Duplicate) {
          await repo.markInboxDone(trx, p.row.id, null, now);
          round.duplicates++;
          continue;
        }
        await giveUpOrRetry(trx, p.row, failure(err), now);
        p.row.attempts >= maxAttempts ? round.failed++ : round.retried++;
      }
    }
  });
  if (ctx.realtime) for (const a of announced) announceQueued(ctx.realtime, a.decision, a.contactId);
  if (autoReplied) deliverSoon(ctx);
  return round;
}

async function giveUpOrRetry(trx: Db, row: repo.LeasedInbox, error: string, now: Date) {
  if (row.attempts < maxAttempts) {
    await repo.markInboxRetry(trx, row.id, new Date(now.getTime() + retryDelayMs(row.attempts)), error);
    return;
  }
  await repo.markInboxFailed(trx, row.id, now, error);
  await repo.insertQuarantine(trx, {
    id: randomUUID(),
    reason: 'unprocessable',
    detail: `Na ${row.attempts} pogingen niet verwerkt (${error}).`,
    message_id: row.message_id,
    envelope_from: row.envelope_from,
    envelope_to: row.envelope_to,
    subject: null,
    size_bytes: row.size_bytes,
    raw: row.raw,
    received_at: now,
  });
}

const running = new WeakMap<object, { again: boolean; done: Promise<void> }>();
const stopping = new WeakSet<object>();
/** The live hub of the process that receives mail, so a round started by the scheduler announces too. */
const hubs = new WeakMap<object, NonNullable<Context['realtime']>>();

/**
 * Process what is due until the inbox is empty, in the background; a kick while it runs makes it go
 * round once more. One loop per database handle in a process. Resolves when this run ends.
 */
export function kickMailInbox(ctx: Context, onError?: (err: Error) => void): Promise<void> {
  if (ctx.realtime) hubs.set(ctx.db, ctx.realtime);
  if (stopping.has(ctx.db)) return Promise.resolve();
  const state = running.get(ctx.db);
  if (state) {
    state.again = true;
    return state.done;
  }
  const withHub = { ...ctx, realtime: ctx.realtime ?? hubs.get(ctx.db) };
  const next = { again: false, done: Promise.resolve() };
  next.done = (async () => {
    try {
      do {
        next.again = false;
        while (!stopping.has(ctx.db) && (await processMailInbox(withHub)).taken > 0) {
          // keep going while there is work
        }
      } while (next.again && !stopping.has(ctx.db));
    } catch (err) {
      try {
        onError?.(err as Error);
      } catch {
        // a reporter that fails must not turn into an unhandled rejection
      }
    } finally {
      running.delete(ctx.db);
    }
  })();
  running.set(ctx.db, next);
  return next.done;
}

/** Until nothing due is left (the scheduler, tests): joins the running loop or starts one. */
export async function settleMailInbox(ctx: Context, onError?: (err: Error) => void) {
  await kickMailInbox(ctx, onError);
  // A kick that arrived while the loop was finishing may have started another round.
  await running.get(ctx.db)?.done;
}

/** On shutdown: no new rounds; waits for the batch in progress (its mails commit or roll back whole). */
export async function stopMailInbox(db: object) {
  stopping.add(db);
  await running.get(db)?.done;
}
