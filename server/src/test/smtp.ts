// A real SMTP receiver for tests (smtp-server + mailparser) on a random loopback port.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string; subject: string; text: string };

export async function startSmtpReceiver() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => {
        const to = Array.isArray(m.to) ? m.to[0]?.text : m.to?.text;
        received.push({ to: to ?? '', subject: m.subject ?? '', text: m.text ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    /** smtp://127.0.0.1:<port>, for LOKET_SMTP_RELAY_URL or smtpTransport. */
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
