// Loket's own mail identity: the From address (LOKET_MAIL_FROM), the domain of the Message-IDs it
// makes, and the addresses that mean "this came from Loket itself" (loop detection).
import { randomUUID } from 'node:crypto';
import type { Config } from '../../../config.ts';
import { addressOf } from './email.parse.ts';

export function ownAddresses(config: Config): string[] {
  const from = addressOf(config.mail.from);
  return from ? [from] : [];
}

/** A new Message-ID (without brackets) in the sender's domain. */
export function newMessageId(config: Config): string {
  const domain = addressOf(config.mail.from)?.split('@')[1] ?? 'loket.invalid';
  return `${randomUUID()}@${domain}`;
}

/** 'Re: …' once, with the conversation's reference at the end unless the subject already has it. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.replace(/^\s*((re|antw|aw|fw|fwd|doorst)\s*:\s*)+/i, '').trim() || '(geen onderwerp)';
  const withRef = base.includes(reference) ? base : `${base} [${reference}]`;
  return `Re: ${withRef}`;
}
