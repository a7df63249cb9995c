// A received mail → an inbound e-mail contact: on the sender's party (only the one party that verified
// the address; anyone else is anonymous with the address in the involvement), in the conversation it
// answers (Message-IDs in In-Reply-To / References, or the LK reference in the subject), in a team
// queue by the routing rules, with its attachments and an out-of-hours answer once per conversation a
// day. All of it is one transaction: the caller answers the SMTP client (250) only after the commit.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { addAttachment } from '../../contacts/attachments.service.ts';
import {
  type ContactDetails,
  getContacts,
  inTransaction,
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
import { openingStatus } from '../../routing/opening-hours.service.ts';
import {
  announceQueued,
  enqueueContact,
  type RouteDecision,
  routeInbound,
} from '../../routing/routing.service.ts';
import { deliverSoon, queueAutoReply } from './email.outbound.ts';
import { judge, MalformedMail, type ParsedMail, parseMail } from './email.parse.ts';
import * as repo from './email.repo.ts';
import { ownAddresses } from './mail-identity.ts';

export type Envelope = { mailFrom: string | null; rcptTo: string[] };

export type IngestOutcome =
  | { kind: 'stored'; contactId: string; number: string; autoReplied: boolean }
  | { kind: 'duplicate'; contactId: string }
  | { kind: 'quarantined'; reason: string }
  | { kind: 'refused'; code: number; message: string };

const maxSubject = 300;
const maxContent = 50_000;

class Duplicate extends Error {}

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

export async function ingestMail(ctx: AppContext, raw: Buffer, envelope: Envelope): Promise<IngestOutcome> {
  const now = ctx.clock.now();
  if (raw.length > ctx.config.mailIn.maxBytes) {
    return { kind: 'refused', code: 552, message: '5.3.4 Het bericht is groter dan Loket aanneemt.' };
  }
  let mail: ParsedMail;
  try {
    mail = await parseMail(raw);
  } catch (err) {
    const why = err instanceof MalformedMail ? err.message : 'niet te lezen';
    return { kind: 'refused', code: 550, message: `5.6.0 Onleesbaar bericht: ${why}.` };
  }
  const own = ownAddresses(ctx.config);
  const verdict = judge(mail, own);
  if (verdict.kind === 'refuse') return { kind: 'refused', code: verdict.code, message: verdict.message };
  if (verdict.kind === 'quarantine')
    return quarantine(ctx, raw, mail, envelope, verdict.reason, verdict.detail);

  const known = await repo.findMessages(ctx.db, [mail.messageId, ...mail.answers]);
  const same = known.find((m) => m.message_id === mail.messageId);
  if (same?.direction === 'out') {
    return quarantine(ctx, raw, mail, envelope, 'loop', 'Een bericht van Loket zelf kwam terug.');
  }
  if (same) return { kind: 'duplicate', contactId: same.contact_id };

  const from = mail.from?.address as string;
  const partyId = await findPartyIdByVerifiedEmail(ctx.db, from);
  const continues = await conversationOf(ctx, mail, known, from, partyId);
  const mailbox =
    envelope.rcptTo[0]?.toLowerCase() ?? mail.to.find((a) => !own.includes(a)) ?? mail.to[0] ?? null;
  const subject = clip(mail.subject || '(geen onderwerp)', maxSubject);
  const decision = await routeInbound(ctx.db, {
    channel: 'email',
    address: mailbox,
    subject,
    body: mail.text,
    partyId,
  });

  try {
    const stored = await inTransaction(ctx.db, (trx) =>
      store(ctx, trx, { mail, from, partyId, continues, mailbox, subject, decision, now }),
    );
    announceQueued(ctx.realtime, decision, stored.contact.id);
    if (stored.autoReplied) deliverSoon(ctx);
    return {
      kind: 'stored',
      contactId: stored.contact.id,
      number: stored.contact.number,
      autoReplied: stored.autoReplied,
    };
  } catch (err) {
    if (!(err instanceof Duplicate)) throw err;
    const [again] = await repo.findMessages(ctx.db, [mail.messageId]);
    return again
      ? { kind: 'duplicate', contactId: again.contact_id }
      : { kind: 'quarantined', reason: 'loop' };
  }
}

type Continuation = { contactId: string } | { threadId: string } | null;

/**
 * The conversation this mail continues. A Message-ID Loket generated is unguessable, so an answer to
 * it continues that conversation; an earlier mail of the resident, or the LK reference in the subject
 * (easy to guess), only when it came from the same address or the same verified party: a stranger
 * must not be able to attach a message to someone else's conversation.
 */
async function conversationOf(
  ctx: AppContext,
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
  now: Date;
};

async function store(ctx: AppContext, trx: AppContext['db'], input: StoreInput) {
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
  const opening = await openingStatus(trx, { channel: 'email', teamId: decision.teamId }, now);
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

async function quarantine(
  ctx: AppContext,
  raw: Buffer,
  mail: ParsedMail,
  envelope: Envelope,
  reason: string,
  detail: string,
): Promise<IngestOutcome> {
  await repo.insertQuarantine(ctx.db, {
    id: randomUUID(),
    reason,
    detail,
    message_id: mail.hasOwnMessageId ? mail.messageId : null,
    envelope_from: envelope.mailFrom?.toLowerCase() || null,
    envelope_to: envelope.rcptTo.map((r) => r.toLowerCase()),
    subject: clip(mail.subject, maxSubject) || null,
    size_bytes: raw.length,
    raw,
    received_at: ctx.clock.now(),
  });
  return { kind: 'quarantined', reason };
}
