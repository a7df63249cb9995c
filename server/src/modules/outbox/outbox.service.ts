// E-mail through an outbox: callers queue a mail in their own transaction (so it exists exactly when
// what caused it does); delivery runs later and retries with back-off until the relay accepts it, or
// refuses it for good (a permanent 5xx answer: the mail is marked failed and not tried again).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/connect.ts';
import { backoffMs } from '../../platform/backoff.ts';
import * as repo from './outbox.repo.ts';

export type OutgoingMail = { dedupeKey: string; to: string; subject: string; text: string };

/** A mail that is a message in a conversation: its own Message-ID and the ones it answers. */
export type ThreadedMail = OutgoingMail & {
  from: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  /** Extra headers, e.g. Auto-Submitted for an automatic answer. */
  headers?: Record<string, string>;
  /** The outbound contact this mail delivers; its delivery status shows on that contact. */
  contactId: string;
};

export type TransportMail = {
  to: string;
  subject: string;
  text: string;
  from?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
};
export type MailTransport = { send: (mail: TransportMail) => Promise<void> };

/** The columns every queued mail has. */
const mailRow = (m: OutgoingMail, now: Date) => ({
  id: randomUUID(),
  dedupe_key: m.dedupeKey,
  recipient: m.to,
  subject: m.subject,
  body: m.text,
  created_at: now,
});

/** Queue mails; a dedupe key seen before is ignored, so a retried caller never mails twice. */
export async function enqueueMails(db: Db, mails: OutgoingMail[], now: Date) {
  await repo.insertMails(
    db,
    mails.map((m) => mailRow(m, now)),
  );
}

/** Queue one conversation mail in the caller's transaction; false when its dedupe key was seen before. */
export async function enqueueThreadedMail(db: Db, mail: ThreadedMail, now: Date): Promise<boolean> {
  return (await enqueueThreadedMails(db, [mail], now)) === 1;
}

/** Queue conversation mails in the caller's transaction, one statement; how many were new. */
export async function enqueueThreadedMails(db: Db, mails: ThreadedMail[], now: Date): Promise<number> {
  return repo.insertThreadedMails(
    db,
    mails.map((mail) => ({
      ...mailRow(mail, now),
      from_address: mail.from,
      message_id: mail.messageId,
      in_reply_to: mail.inReplyTo ?? null,
      refs: mail.references?.length ? mail.references : null,
      headers: mail.headers ?? null,
      contact_id: mail.contactId,
      next_attempt_at: now,
    })),
  );
}

const bracket = (id: string) => `<${id}>`;

/** An SMTP relay (smtp://host:port or smtps://user:pass@host). */
export function smtpTransport(relayUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(relayUrl);
  return {
    send: async (mail) => {
      await transporter.sendMail({
        from: mail.from ?? from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.messageId ? { messageId: bracket(mail.messageId) } : {}),
        ...(mail.inReplyTo ? { inReplyTo: bracket(mail.inReplyTo) } : {}),
        ...(mail.references?.length ? { references: mail.references.map(bracket) } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
    },
  };
}

const relayTransports = new Map<string, MailTransport>();
/** One transport per relay URL and sender for the process; null when no relay is configured. */
export function relayTransport(mail: {
  smtpRelayUrl: string | undefined;
  from: string;
}): MailTransport | null {
  if (!mail.smtpRelayUrl) return null;
  const key = `${mail.smtpRelayUrl}\n${mail.from}`;
  let t = relayTransports.get(key);
  if (!t) {
    t = smtpTransport(mail.smtpRelayUrl, mail.from);
    relayTransports.set(key, t);
  }
  return t;
}

const retryDelayMs = (attempts: number) => backoffMs(attempts, 30_000, 60 * 60_000);

type SmtpError = { code?: string; name?: string; responseCode?: number; response?: string };

/**
 * The relay's answer in a form fit for the contact's screen: code and text, any e-mail address in it
 * replaced (relays quote the recipient), never the message itself.
 */
export function describeFailure(err: unknown): { permanent: boolean; reason: string } {
  const e = (err ?? {}) as SmtpError;
  const code = e.code ?? e.name ?? 'Error';
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  // Only a refusal of this message (envelope or content) is final; a 5xx on login is a relay setting.
  const permanent =
    status !== null && status >= 500 && status < 600 && (code === 'EENVELOPE' || code === 'EMESSAGE');
  const text = typeof e.response === 'string' ? e.response.replace(/\S+@\S+/g, '<adres>').slice(0, 300) : '';
  return { permanent, reason: text ? text : String(code) };
}

export type DeliveryOutcome = {
  mailId: string;
  contactId: string | null;
  status: 'sent' | 'retry' | 'failed';
  attempts: number;
  error: string | null;
};

/**
 * Deliver what is due. Without a transport (no relay configured) mails wait in the outbox.
 * Failures are recorded without the message text (no personal data in logs or errors).
 */
export async function deliverDueMail(
  db: Db,
  transport: MailTransport | null,
  now: Date,
  limit = 100,
  onOutcome?: (outcome: DeliveryOutcome) => void,
) {
  const outcome = { sent: 0, failed: 0 };
  if (!transport) return outcome;
  const leased = await repo.leaseDue(db, now, new Date(now.getTime() + 5 * 60_000), limit);
  for (const mail of leased) {
    const report = (status: DeliveryOutcome['status'], error: string | null) =>
      onOutcome?.({ mailId: mail.id, contactId: mail.contact_id, status, attempts: mail.attempts, error });
    try {
      await transport.send({
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body,
        ...(mail.from_address ? { from: mail.from_address } : {}),
        ...(mail.message_id ? { messageId: mail.message_id } : {}),
        ...(mail.in_reply_to ? { inReplyTo: mail.in_reply_to } : {}),
        ...(mail.refs?.length ? { references: mail.refs } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
      await repo.markSent(db, mail.id, now);
      outcome.sent++;
      report('sent', null);
    } catch (err) {
      const failure = describeFailure(err);
      if (failure.permanent) await repo.markGivenUp(db, mail.id, now, failure.reason);
      else
        await repo.markFailed(
          db,
          mail.id,
          new Date(now.getTime() + retryDelayMs(mail.attempts)),
          failure.reason,
        );
      outcome.failed++;
      report(failure.permanent ? 'failed' : 'retry', failure.reason);
    }
  }
  return outcome;
}

export type MailDelivery = {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  failedAt: Date | null;
  messageId: string | null;
};

/** How the mails of an outbound contact are doing (normally one). */
export async function mailDeliveryOfContact(db: Db, contactId: string): Promise<MailDelivery[]> {
  const rows = await repo.findMailsOfContact(db, contactId);
  return rows.map((r) => ({
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    sentAt: r.sent_at,
    failedAt: r.failed_at,
    messageId: r.message_id,
  }));
}

export const listMails = repo.findMails;
