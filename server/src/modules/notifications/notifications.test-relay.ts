// A test SMTP relay that refuses recipients for now (451, try again later): every recipient, or the
// ones `refuses` picks while it accepts the others, recording to whom it accepted a message.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export async function refusingRelay(refuses: (address: string) => boolean = () => true) {
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      if (!refuses(address.address)) return callback();
      callback(Object.assign(new Error('Mailbox tijdelijk niet beschikbaar'), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) accepted.push(r.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
