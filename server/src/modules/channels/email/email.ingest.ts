// Mail as it arrives (SMTP receiver or IMAP poller): refused (an SMTP error the sender's server turns
// into a bounce: too large, unreadable, a hop loop), quarantined (kept for admins: loops, automatic
// mail), known (the same Message-ID again) or accepted into the inbox. Accepted means stored durably:
// the receiver answers 250 only after that commit; email.process.ts makes the contact shortly after.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/app.ts';
import { judge, MalformedMail, type ParsedMail, parseMail } from './email.parse.ts';
import { kickMailInbox } from './email.process.ts';
import * as repo from './email.repo.ts';
import { keepParsed } from './email.store.ts';
import { ownAddresses } from './mail-identity.ts';

export type Envelope = { mailFrom: string | null; rcptTo: string[] };

export type IngestOutcome =
  | { kind: 'accepted'; inboxId: string }
  | { kind: 'duplicate' }
  | { kind: 'quarantined'; reason: string }
  | { kind: 'refused'; code: number; message: string };

export async function ingestMail(
  ctx: AppContext,
  raw: Buffer,
  envelope: Envelope,
  onError?: (err: Error) => void,
): Promise<IngestOutcome> {
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
  const verdict = judge(mail, ownAddresses(ctx.config));
  if (verdict.kind === 'refuse') return { kind: 'refused', code: verdict.code, message: verdict.message };
  if (verdict.kind === 'quarantine') {
    return quarantine(ctx, raw, mail, envelope, verdict.reason, verdict.detail);
  }
  const [same] = await repo.findMessages(ctx.db, [mail.messageId]);
  if (same?.direction === 'out') {
    return quarantine(ctx, raw, mail, envelope, 'loop', 'Een bericht van Loket zelf kwam terug.');
  }
  if (same) return { kind: 'duplicate' };
  const id = randomUUID();
  const inserted = await repo.insertInbox(ctx.db, {
    id,
    message_id: mail.messageId,
    envelope_from: envelope.mailFrom?.toLowerCase() || null,
    envelope_to: envelope.rcptTo.map((r) => r.toLowerCase()),
    raw,
    size_bytes: raw.length,
    received_at: now,
    next_attempt_at: now,
  });
  if (!inserted) return { kind: 'duplicate' };
  keepParsed(id, mail, raw.length);
  void kickMailInbox(ctx, onError);
  return { kind: 'accepted', inboxId: id };
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

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
    subject: clip(mail.subject, 300) || null,
    size_bytes: raw.length,
    raw,
    received_at: ctx.clock.now(),
  });
  return { kind: 'quarantined', reason };
}
