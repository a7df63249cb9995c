// Mail out: the werkplek's answer (POST /contacts/:id/reply on an e-mail contact) and the out-of-hours
// auto-reply. Each is an outbound contact in the conversation's thread plus an outbox mail with its own
// Message-ID and the In-Reply-To / References of the mail it answers, written in one transaction;
// delivery (nodemailer through LOKET_SMTP_RELAY_URL) follows at once and is retried with back-off.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/connect.ts';
import type { AppContext } from '../../../platform/app.ts';
import { unprocessable } from '../../../platform/errors.ts';
import { registerContacts } from '../../contacts/contacts.batch.ts';
import { type ContactDetails, registerContact } from '../../contacts/contacts.service.ts';
import { getThread, type ThreadRef, threadOfContact } from '../../contacts/threads.service.ts';
import {
  type DeliveryOutcome,
  deliverDueMail,
  enqueueThreadedMail,
  enqueueThreadedMails,
  relayTransport,
} from '../../outbox/outbox.service.ts';
import { getParties } from '../../parties/parties.service.ts';
import type { ReplyInput, ReplySender } from '../replies.ts';
import * as repo from './email.repo.ts';
import { newMessageId, ownAddresses, replySubject } from './mail-identity.ts';

const maxReferences = 20;

/** What sending needs of the app: also available to the scheduler, which has no realtime hub. */
export type MailContext = Pick<AppContext, 'db' | 'config' | 'clock'>;

const footer = (reference: string) =>
  `\n\n--\nReferentie: ${reference}. Beantwoord deze e-mail om te reageren; laat de referentie in het onderwerp staan.`;

type OutboundInput = {
  answering: ContactDetails;
  thread: ThreadRef;
  to: string;
  text: string;
  now: Date;
  actor?: ReplyInput['actor'];
};

/** An answer from the werkplek: the outbound contact, its outbox mail and its Message-ID record, in the caller's transaction. */
async function queueOutbound(ctx: MailContext, trx: Db, input: OutboundInput): Promise<ContactDetails> {
  const { answering, thread, now } = input;
  const threadMail = await repo.messagesOfContacts(trx, await contactIdsOfThread(trx, answering, thread));
  const answered = threadMail.find((m) => m.contact_id === answering.id);
  const references = threadMail
    .map((m) => m.message_id)
    .reverse()
    .slice(-maxReferences);
  const involved = answering.parties.find((p) => p.initiator) ?? answering.parties[0];
  const contact = await registerContact(
    trx,
    {
      channel: 'email',
      direction: 'out',
      subject: replySubject(answering.subject, thread.reference).slice(0, 300),
      content: input.text,
      threadId: thread.id,
      parties: involved
        ? [{ partyId: involved.partyId, role: 'klant', initiator: false, details: { email: input.to } }]
        : [],
    },
    input.actor,
    ctx.clock,
  );
  const messageId = newMessageId(ctx.config);
  const own = ownAddresses(ctx.config)[0];
  await enqueueThreadedMail(
    trx,
    {
      dedupeKey: `email:${contact.id}`,
      to: input.to,
      from: ctx.config.mail.from,
      subject: contact.subject,
      text: `${input.text}${footer(thread.reference)}`,
      messageId,
      inReplyTo: answered?.message_id ?? null,
      references,
      contactId: contact.id,
    },
    now,
  );
  await repo.insertMessage(trx, {
    id: randomUUID(),
    message_id: messageId,
    direction: 'out',
    contact_id: contact.id,
    counterpart: input.to,
    mailbox: own ?? null,
    kind: 'mail',
    created_at: now,
  });
  return contact;
}

/** The thread's contacts (made or joined in this transaction), with the answered one. */
async function contactIdsOfThread(trx: Db, answering: ContactDetails, thread: ThreadRef): Promise<string[]> {
  const { contactIds } = await getThread(trx, thread.id, true);
  return contactIds.includes(answering.id) ? contactIds : [...contactIds, answering.id];
}

/** An out-of-hours answer to an inbound mail just stored (email.store.ts). */
export type AutoReply = {
  inbound: { subject: string; partyId: string | null; messageId: string };
  to: string;
  thread: ThreadRef;
  text: string;
};

/**
 * The out-of-hours answers of a batch of inbound mails, in the caller's transaction: as queueOutbound
 * does for one answer (an outbound contact in the thread, its outbox mail, its Message-ID), but one
 * statement per table for the whole batch, because outside office hours every new conversation gets one.
 */
export async function queueAutoReplies(ctx: MailContext, trx: Db, replies: AutoReply[], now: Date) {
  if (replies.length === 0) return;
  const threadMail = await repo.messagesOfThreads(
    trx,
    replies.map((r) => r.thread.id),
  );
  const subjects = replies.map((r) => replySubject(r.inbound.subject, r.thread.reference).slice(0, 300));
  const contacts = await registerContacts(
    trx,
    replies.map((r, i) => ({
      channel: 'email',
      direction: 'out' as const,
      subject: subjects[i] as string,
      content: r.text,
      occurredAt: now,
      teamId: null,
      threadId: r.thread.id,
      result: 'Automatisch antwoord buiten openingstijden',
      parties: [
        { partyId: r.inbound.partyId, role: 'klant' as const, initiator: false, details: { email: r.to } },
      ],
      attachments: [],
    })),
    ctx.clock,
  );
  const own = ownAddresses(ctx.config)[0];
  const messageIds = replies.map(() => newMessageId(ctx.config));
  await enqueueThreadedMails(
    trx,
    replies.map((r, i) => ({
      dedupeKey: `email:${contacts[i]?.id}`,
      to: r.to,
      from: ctx.config.mail.from,
      subject: subjects[i] as string,
      text: `${r.text}${footer(r.thread.reference)}`,
      messageId: messageIds[i] as string,
      inReplyTo: r.inbound.messageId,
      references: threadMail
        .filter((m) => m.thread_id === r.thread.id)
        .map((m) => m.message_id)
        .reverse()
        .slice(-maxReferences),
      // RFC 3834: an automatic answer says so, so other machines do not answer it in turn.
      headers: { 'Auto-Submitted': 'auto-replied', ...(own ? { 'X-Loop': own } : {}) },
      contactId: contacts[i]?.id as string,
    })),
    now,
  );
  await repo.insertMessages(
    trx,
    replies.map((r, i) => ({
      id: randomUUID(),
      message_id: messageIds[i] as string,
      direction: 'out' as const,
      contact_id: contacts[i]?.id as string,
      counterpart: r.to,
      mailbox: own ?? null,
      kind: 'auto-reply' as const,
      created_at: now,
    })),
  );
}

/** Where an answer to this contact goes: the address its mail came from or went to, else the party's. */
async function recipientOf(db: Db, contact: ContactDetails): Promise<string | null> {
  const [mail] = await repo.messagesOfContacts(db, [contact.id]);
  if (mail) return mail.counterpart;
  for (const p of contact.parties) {
    const email = p.details.email;
    if (typeof email === 'string' && email.includes('@')) return email.toLowerCase();
  }
  const partyIds = contact.parties.map((p) => p.partyId).filter((p): p is string => !!p);
  for (const party of await getParties(db, partyIds)) {
    const emails = party.digitalAddresses.filter((d) => d.kind === 'email');
    const best = emails.find((d) => d.isPreferred) ?? emails.find((d) => d.verifiedAt) ?? emails[0];
    if (best) return best.value;
  }
  return null;
}

/** The ReplySender for 'email' (registered in email.routes.ts): the answer and its outbox mail. */
export const emailReplySender: ReplySender = {
  async record(ctx, trx, { contact, text, actor }) {
    const now = ctx.clock.now();
    const to = await recipientOf(trx, contact);
    if (!to) {
      throw unprocessable(
        'id',
        'Er is geen e-mailadres bekend om naar te antwoorden; kies een ander kanaal.',
      );
    }
    const thread = await threadOfContact(trx, contact.id, now);
    return queueOutbound(ctx, trx, { answering: contact, thread, to, text, now, actor });
  },
  afterCommit: (ctx) => deliverSoon(ctx),
};

/** Try the relay now rather than at the scheduler's next round; failures stay queued for retries. */
export function deliverSoon(ctx: MailContext, onOutcome?: (o: DeliveryOutcome) => void) {
  const transport = relayTransport(ctx.config.mail);
  if (!transport) return;
  void deliverDueMail(ctx.db, transport, ctx.clock.now(), 20, onOutcome).catch(() => {
    // The scheduler picks it up on its next round.
  });
}
