// Test parts for the e-mail channel: a real SMTP relay (smtp-server) that records what Loket sends and
// can answer with a chosen error, and a nodemailer client that speaks SMTP to Loket's receiver.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../../../platform/app.ts';
import { settleMailInbox } from './email.process.ts';

export type RelayedMail = { envelopeTo: string[]; raw: Buffer; parsed: ParsedMail };

/** A relay that takes mail like a real one; `refuse` makes the next DATA answers fail with these codes. */
export async function testRelay() {
  const received: RelayedMail[] = [];
  const refuse: { code: number; message: string }[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const next = refuse.shift();
        if (next) return callback(Object.assign(new Error(next.message), { responseCode: next.code }));
        const raw = Buffer.concat(chunks);
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    /** Resolves once `count` mails have arrived. */
    async waitFor(count: number) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A mail client sending to Loket's SMTP receiver; resolves with the server's answer, or its error. */
export function mailClient(port: number) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return {
    send: (mail: nodemailer.SendMailOptions) =>
      transport.sendMail(mail).then(
        (info) => ({ ok: true as const, response: info.response, code: 250 }),
        (err: { responseCode?: number; response?: string }) => ({
          ok: false as const,
          response: err.response ?? '',
          code: err.responseCode ?? 0,
        }),
      ),
    close: () => transport.close(),
  };
}

/** The smallest PDF the attachments' magic-byte check accepts. */
export const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * The contact a 250 answer ("opgeslagen als bericht <id>") became, once the inbox is processed;
 * null when the mail was not accepted into the inbox.
 */
export async function contactIdOf(ctx: AppContext, response: string): Promise<string | null> {
  const inboxId = /bericht ([0-9a-f-]{36})/.exec(response)?.[1];
  await settleMailInbox(ctx);
  if (!inboxId) return null;
  const row = await ctx.db
    .selectFrom('email_inbox')
    .select('contact_id')
    .where('id', '=', inboxId)
    .executeTakeFirst();
  return row?.contact_id ?? null;
}
