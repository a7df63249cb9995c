// The benchmark's SMTP receiver, in a process of its own so counting mail does not take CPU from
// the Loket process being measured: smtp-server on 127.0.0.1, counts messages, recipients and
// Message-IDs (from the raw header, no full parse). Prints its port, then answers 'report' over IPC.
import { SMTPServer } from 'smtp-server';

const ids = new Map();
const recipients = new Map();
let messages = 0;
let first = 0;
let last = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 1_000_000,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `(geen ${messages})`;
      ids.set(id, (ids.get(id) ?? 0) + 1);
      for (const r of session.envelope.rcptTo) {
        recipients.set(r.address, (recipients.get(r.address) ?? 0) + 1);
      }
      messages++;
      last = Date.now();
      if (!first) first = last;
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.server.address().port });
});

process.on('message', (m) => {
  if (m === 'report') {
    let duplicateIds = 0;
    for (const n of ids.values()) if (n > 1) duplicateIds += n - 1;
    let duplicateRecipients = 0;
    for (const n of recipients.values()) if (n > 1) duplicateRecipients += n - 1;
    process.send?.({
      messages,
      uniqueMessageIds: ids.size,
      duplicateIds,
      recipients: recipients.size,
      duplicateRecipients,
      cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      firstAt: first,
      lastAt: last,
    });
  }
  if (m === 'stop') server.close(() => process.exit(0));
});

// The benchmark ended (or crashed): do not outlive it.
process.on('disconnect', () => process.exit(0));
