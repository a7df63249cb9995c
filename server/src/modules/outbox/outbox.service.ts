// E-mail through an outbox: callers queue a mail in their own transaction (so it exists exactly when
// what caused it does); delivery runs later and retries with back-off until the relay accepts it.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/connect.ts';
import * as repo from './outbox.repo.ts';

export type OutgoingMail = { dedupeKey: string; to: string; subject: string; text: string };
export type MailTransport = { send: (mail: { to: string; subject: string; text: string }) => Promise<void> };

/** Queue mails; a dedupe key seen before is ignored, so a retried caller never mails twice. */
export async function enqueueMails(db: Db, mails: OutgoingMail[], now: Date) {
  await repo.insertMails(
    db,
    mails.map((m) => ({
      id: randomUUID(),
      dedupe_key: m.dedupeKey,
      recipient: m.to,
      subject: m.subject,
      body: m.text,
      created_at: now,
    })),
  );
}

/** An SMTP relay (smtp://host:port or smtps://user:pass@host). */
export function smtpTransport(relayUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(relayUrl);
  return {
    send: async (mail) => {
      await transporter.sendMail({ from, ...mail });
    },
  };
}

const retryDelayMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Deliver what is due. Without a transport (no relay configured) mails wait in the outbox.
 * Failures are recorded without the message text (no personal data in logs or errors).
 */
export async function deliverDueMail(db: Db, transport: MailTransport | null, now: Date, limit = 100) {
  const outcome = { sent: 0, failed: 0 };
  if (!transport) return outcome;
  const leased = await repo.leaseDue(db, now, new Date(now.getTime() + 5 * 60_000), limit);
  for (const mail of leased) {
    try {
      await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body });
      await repo.markSent(db, mail.id, now);
      outcome.sent++;
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      await repo.markFailed(db, mail.id, new Date(now.getTime() + retryDelayMs(mail.attempts)), String(code));
      outcome.failed++;
    }
  }
  return outcome;
}

export const listMails = repo.findMails;
