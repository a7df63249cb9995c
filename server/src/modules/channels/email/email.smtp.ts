// The built-in SMTP receiver (LOKET_SMTP_PORT): the municipality's mail server forwards the loket's
// addresses here. Each message is stored whole (contact, attachments, thread, queue item) before the
// 250 goes out, so a 250 means "safe"; too large → 552 before anything is stored; unreadable → 550;
// a hop loop → 554; a failure of our own (database away) → 451, and the sender's server tries again.
// Nothing a client sends can stop the receiver: every error ends as an SMTP reply.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { AppContext } from '../../../platform/app.ts';
import { ingestMail } from './email.ingest.ts';
import { kickMailInbox, stopMailInbox } from './email.process.ts';

export type SmtpReceiver = { port: number; close: () => Promise<void> };

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

/** Reads the DATA stream, keeping at most `max` bytes; the rest is drained so the session can answer. */
async function readLimited(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  if (size > max || stream.sizeExceeded) return null;
  return Buffer.concat(chunks, size);
}

export async function startSmtpReceiver(
  ctx: AppContext,
  options: { port: number; host?: string; onError?: (err: Error) => void },
): Promise<SmtpReceiver> {
  const max = ctx.config.mailIn.maxBytes;
  const server = new SMTPServer({
    name: 'loket',
    banner: 'Loket e-mailontvangst',
    size: max,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    maxClients: 200,
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= 50) return callback(smtpError(452, '4.5.3 Te veel ontvangers.'));
      callback();
    },
    onData(stream, session, callback) {
      readLimited(stream, max)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(552, '5.3.4 Het bericht is groter dan Loket aanneemt.'));
          const envelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          };
          const outcome = await ingestMail(ctx, raw, envelope, options.onError);
          if (outcome.kind === 'refused') return callback(smtpError(outcome.code, outcome.message));
          const note =
            outcome.kind === 'accepted'
              ? `opgeslagen als bericht ${outcome.inboxId}`
              : outcome.kind === 'duplicate'
                ? 'al eerder ontvangen'
                : 'in quarantaine';
          callback(null, `Ontvangen: ${note}`);
        })
        .catch((err: Error) => {
          // No message text or addresses in the log: only what kind of failure it was.
          options.onError?.(Object.assign(new Error(err.name), { code: (err as { code?: string }).code }));
          callback(smtpError(451, '4.3.0 Tijdelijk niet opgeslagen; probeer het later opnieuw.'));
        });
    },
  });
  server.on('error', (err) => options.onError?.(err));
  server.listen(options.port, options.host ?? '127.0.0.1');
  await Promise.race([
    once(server.server, 'listening'),
    once(server.server, 'error').then(([err]) => Promise.reject(err)),
  ]);
  const port = (server.server.address() as AddressInfo).port;
  void kickMailInbox(ctx, options.onError); // what was accepted before a restart and not yet processed
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopMailInbox(ctx.db);
    },
  };
}
