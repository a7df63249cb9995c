// One received mail, parsed (mailparser) into what Loket needs, and judged before anything is stored:
// refused (an SMTP error the sender's server turns into a bounce), quarantined (kept for admins, no
// contact, no answer: loops and automatic mail), or accepted. The same path serves SMTP and IMAP.
import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';

export type MailFile = { filename: string; contentType: string; data: Buffer };

export type ParsedMail = {
  /** Without angle brackets; for a mail without one, a stable id made from its bytes. */
  messageId: string;
  hasOwnMessageId: boolean;
  /** Message-IDs this mail answers: In-Reply-To first, then References newest first. */
  answers: string[];
  from: { address: string; name: string } | null;
  to: string[];
  subject: string;
  text: string;
  date: Date | null;
  attachments: MailFile[];
  /** Why a machine sent it, when it says so (Auto-Submitted, Precedence, X-Autoreply …); null for a person. */
  automatic: string | null;
  xLoop: string[];
  receivedCount: number;
};

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'refuse'; code: number; message: string }
  | { kind: 'quarantine'; reason: 'loop' | 'auto-submitted' | 'own-address'; detail: string };

/** More hops than this is a loop between mail servers (RFC 5321 §6.3: reject with 554 5.4.6). */
export const maxReceivedHeaders = 25;

const idPattern = /<([^<>\s]+)>/g;

/** Message-IDs in a header value, without brackets (bare ids too, as some clients write them). */
export function messageIds(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const bracketed = [...text.matchAll(idPattern)].map((m) => m[1] as string);
  if (bracketed.length > 0) return bracketed;
  return text.split(/\s+/).filter((t) => /^[^@\s]+@[^@\s]+$/.test(t));
}

/** The bare address of a header like 'Loket <loket@gemeente.nl>', lower case. */
export function addressOf(text: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(text) ?? /([^<>\s,;]+@[^<>\s,;]+)/.exec(text);
  return m ? (m[1] as string).toLowerCase() : null;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) =>
    o.value.flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), name: v.name ?? '' }] : [])),
  );

const headerText = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(headerText).join(', ');
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value ?? '');
  return v == null ? '' : String(v);
};

/** Out-of-office answers from programs that do not say so in a header, recognised by their subject. */
const autoReplySubject =
  /^(automatic reply|auto(matisch)?[ -]?(antwoord|reply|response)|out of (the )?office|afwezig(heid)?\b|abwesenheit|r[ée]ponse automatique)/i;

function automaticBecause(headers: Map<string, unknown>, subject: string): string | null {
  const auto = headerText(headers.get('auto-submitted')).trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return `Auto-Submitted: ${auto.slice(0, 40)}`;
  const precedence = headerText(headers.get('precedence')).trim().toLowerCase();
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const h of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (headers.has(h)) return `${h} aanwezig`;
  }
  if (autoReplySubject.test(subject.trim())) return 'onderwerp van een automatisch antwoord';
  return null;
}

/** A mail without a header block (no 'Name: value' line before the first empty line) is no mail. */
function hasHeaderBlock(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  return /^[!-9;-~]+:/m.test(block) && /^from:/im.test(block);
}

export class MalformedMail extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedMail';
  }
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  if (!hasHeaderBlock(raw)) throw new MalformedMail('geen geldige kopregels (From ontbreekt)');
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, keepCidLinks: true });
  const [from] = addresses(mail.from);
  if (!from) throw new MalformedMail('geen geldig afzenderadres (From)');
  const own = messageIds(mail.messageId)[0];
  const references = messageIds(mail.references).reverse();
  const inReplyTo = messageIds(mail.inReplyTo);
  const received = mail.headers.get('received');
  const text = mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<[^>]+>/g, ' ') : '');
  return {
    messageId:
      own ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@zonder-message-id.loket`,
    hasOwnMessageId: !!own,
    answers: [...new Set([...inReplyTo, ...references])],
    from,
    to: [...addresses(mail.to), ...addresses(mail.cc)].map((a) => a.address),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    text: text.replace(/\r\n/g, '\n').trim(),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'bijlage',
      contentType: a.contentType ?? 'application/octet-stream',
      data: a.content,
    })),
    automatic: automaticBecause(mail.headers, mail.subject ?? ''),
    xLoop: headerText(mail.headers.get('x-loop'))
      .split(/[\s,]+/)
      .map((v) => addressOf(v) ?? v.toLowerCase())
      .filter((v) => v),
    receivedCount: Array.isArray(received) ? received.length : received ? 1 : 0,
  };
}

/** What to do with a parsed mail before looking anything up; `own` are Loket's own addresses. */
export function judge(mail: ParsedMail, own: string[]): Verdict {
  if (mail.receivedCount > maxReceivedHeaders) {
    return {
      kind: 'refuse',
      code: 554,
      message: `5.4.6 Te veel Received-kopregels (${mail.receivedCount}): dit bericht loopt in een kring.`,
    };
  }
  if (mail.from && own.includes(mail.from.address)) {
    return { kind: 'quarantine', reason: 'own-address', detail: 'Afzender is een adres van Loket zelf.' };
  }
  if (mail.xLoop.some((v) => own.includes(v))) {
    return {
      kind: 'quarantine',
      reason: 'loop',
      detail: 'X-Loop bevat een adres van Loket: het bericht kwam terug.',
    };
  }
  if (mail.automatic) {
    return {
      kind: 'quarantine',
      reason: 'auto-submitted',
      detail: `Automatisch verstuurd (${mail.automatic}).`,
    };
  }
  return { kind: 'accept' };
}
