// `npm run bench:mail -w bench [-- --rate 100 --seconds 60 --connections 10 --hours clock|open|closed --keep]`: e-mail ingest through
// SMTP. Starts a real `loket start` (child process, own core) on a fresh PostgreSQL database
// `loket_bench_mail` on 127.0.0.1 with the demo municipality, then sends `rate` mails a second, each
// with a PDF attachment, for `seconds` through nodemailer (pooled SMTP connections) to Loket's SMTP
// receiver. Per mail it takes the moment of the SMTP 250 and the moment the KCC team's live feed
// (the queue screen's WebSocket, event queue.added) announces the contact, and at the end checks in the
// database that every accepted mail is one contact with its attachment and one queue item.
// The 250 comes once the mail is stored in the inbox; the contact is made by the inbox processor, so
// the second figure is the delay a user can see. Only 127.0.0.1 is contacted. Not a test: nothing
// asserts a time.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    /** open: the e-mail channel open all day (office hours: no auto-replies); closed: closed all day
     * (every new conversation gets an auto-reply); clock: the demo hours at the real time of day. */
    hours: { type: 'string', default: 'clock' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const adminUrl = new URL(values['admin-url'] as string);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
  throw new Error('De benchmark praat alleen met een database op 127.0.0.1.');
const database = 'loket_bench_mail';
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${database}`;
const log = (s: string) => process.stdout.write(`${s}\n`);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${database}"`);

const [httpPort, smtpPort] = [await freePort(), await freePort()];
const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'start'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl.toString(),
    HOST: '127.0.0.1',
    PORT: String(httpPort),
    LOKET_SMTP_PORT: String(smtpPort),
    LOKET_SEED: 'demo',
    LOKET_LOG_LEVEL: 'warn',
    LOKET_SESSION_SECRET: 'bench-mail-'.padEnd(40, 'x'),
    LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${httpPort}`;
const startedAt = performance.now();
for (;;) {
  if (child.exitCode !== null) throw new Error(`loket start stopte (${child.exitCode})`);
  const up = await fetch(`${base}/api/v1/auth/config`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  if (performance.now() - startedAt > 180_000) throw new Error('loket start kwam niet op');
  await new Promise((r) => setTimeout(r, 250));
}
log(`Loket draait (PostgreSQL, demogemeente) na ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);

// --hours open|closed: an exception for today on the e-mail channel (it wins over the weekly hours),
// so the figures do not depend on the time of day the benchmark happens to run.
if (values.hours === 'open' || values.hours === 'closed') {
  const hoursDb = new pg.Client({ connectionString: dbUrl.toString() });
  await hoursDb.connect();
  await hoursDb.query(
    `INSERT INTO opening_exceptions (id, day, channel, periods, reason)
     VALUES (gen_random_uuid(), (now() AT TIME ZONE 'Europe/Amsterdam')::date, 'email', $1, 'benchmark')`,
    [values.hours === 'open' ? '[["00:00","24:00"]]' : '[]'],
  );
  await hoursDb.end();
}
log(`Openingstijden e-mail: ${values.hours}`);

// The KCC employee's live feed: what the queue screen listens to.
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'kcc', password: 'kcc-demo' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
const announced = new Map<string, number>(); // contact id → when the queue heard of it
let frames = 0;
let closedWith: number | null = null;
const socket = new WebSocket(`ws://127.0.0.1:${httpPort}/api/v1/live`, { headers: { cookie } });
socket.on('message', (raw) => {
  const at = performance.now();
  frames++;
  const frame = JSON.parse(String(raw)) as { type: string; data?: { contactId?: string } };
  if (frame.type === 'queue.added' && frame.data?.contactId) announced.set(frame.data.contactId, at);
});
socket.on('close', (code) => {
  closedWith = code;
});
await new Promise<void>((resolve, reject) => {
  socket.once('open', () => resolve());
  socket.once('error', reject);
});
if (!cookie) log(`Inloggen mislukt (${login.status}): geen live-meldingen te meten`);

// A small but real PDF (the attachment check reads its magic bytes), about 20 kB.
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000, 'x'), Buffer.from('\n%%EOF\n')]);
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: smtpPort,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: Number(values.connections),
  maxMessages: Number.POSITIVE_INFINITY,
});

type Sent = { i: number; start: number; ok: number | null; inboxId: string | null; error: string | null };
const sent: Sent[] = [];
const total = rate * seconds;
const sendOne = async (i: number) => {
  const s: Sent = { i, start: performance.now(), ok: null, inboxId: null, error: null };
  sent.push(s);
  try {
    const info = await transport.sendMail({
      from: `Inwoner ${i} <inwoner${i % 500}@example.nl>`,
      to: 'loket@voorbeeld.nl',
      // No words the demo routing rules send elsewhere: every mail lands in the KCC queue we listen to.
      subject: `Vraag ${i} over mijn verhuizing`,
      text: `Goedemorgen,\n\nIk heb een vraag over mijn verhuizing (bericht ${i}). Zie de bijlage.\n\nMet vriendelijke groet`,
      messageId: `<bench-${i}-${Date.now()}@example.nl>`,
      attachments: [{ filename: `aanslag-${i}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
    s.ok = performance.now();
    s.inboxId = /bericht ([0-9a-f-]{36})/.exec(info.response)?.[1] ?? null;
  } catch (err) {
    s.error = String((err as { responseCode?: number }).responseCode ?? (err as Error).message);
  }
};

log(
  `Versturen: ${rate} e-mails per seconde met een PDF-bijlage, ${seconds} s, ${values.connections} SMTP-verbindingen`,
);
// The machine may be shared: its load average goes with the figures.
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const loadAtStart = load();
const t0 = performance.now();
const pending: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = t0 + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(sendOne(i));
}
const sendingSeconds = (performance.now() - t0) / 1000;
await Promise.all(pending);
const doneSeconds = (performance.now() - t0) / 1000;
// The last mails may still be in the inbox: wait (bounded) until the queue has heard of all of them.
for (let w = 0; w < 6000 && announced.size < sent.filter((s) => s.ok).length; w++) {
  await new Promise((r) => setTimeout(r, 100));
}
transport.close();
socket.close();

const db = new pg.Client({ connectionString: dbUrl.toString() });
await db.connect();
const inboxIds = sent.flatMap((s) => (s.inboxId ? [s.inboxId] : []));
const { rows } = await db.query<{ inbox: string; id: string; attachments: string; queued: string }>(
  `SELECT i.id AS inbox, c.id,
          (SELECT count(*) FROM attachments a WHERE a.contact_id = c.id) AS attachments,
          (SELECT count(*) FROM queue_items q WHERE q.contact_id = c.id) AS queued
     FROM email_inbox i JOIN contacts c ON c.id = i.contact_id WHERE i.id = ANY($1::uuid[])`,
  [inboxIds],
);
const benchMails = await db.query<{ n: string }>(
  `SELECT count(*) AS n FROM email_messages WHERE direction = 'in' AND message_id LIKE 'bench-%'`,
);
// Outside opening hours every new conversation gets one automatic answer (an outbound contact with its outbox mail).
const autoReplies = await db.query<{ n: string }>(
  `SELECT count(*) AS n FROM email_messages m JOIN outbox_mail o ON o.contact_id = m.contact_id
    WHERE m.kind = 'auto-reply'`,
);
await db.end();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await admin.end();

const contactOfInbox = new Map(rows.map((r) => [r.inbox, r.id]));
const accepted = sent.filter((s) => s.ok !== null);
const failed = sent.filter((s) => s.error !== null);
const visible: number[] = [];
let missing = 0;
for (const s of accepted) {
  const id = s.inboxId ? contactOfInbox.get(s.inboxId) : undefined;
  const at = id ? announced.get(id) : undefined;
  if (at === undefined || s.ok === null) missing++;
  else visible.push(Math.max(0, at - s.ok));
}
const smtp = accepted.map((s) => (s.ok as number) - s.start);
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number)
    : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
log('');
log(`belasting (load average 1/5/15 min): bij de start ${loadAtStart}, aan het eind ${load()}`);
log(
  `verstuurd:              ${total} in ${sendingSeconds.toFixed(1)} s (laatste 250 na ${doneSeconds.toFixed(1)} s)`,
);
log(
  `geaccepteerd (250):     ${accepted.length}; geweigerd/fout: ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.error))].join(', ')})` : ''}`,
);
log(
  `in de database:         ${rows.length} contacten, ${benchMails.rows[0]?.n} Message-IDs, ${rows.filter((r) => r.attachments === '1').length} met bijlage, ${rows.filter((r) => r.queued === '1').length} in een wachtrij`,
);
log(`automatische antwoorden: ${autoReplies.rows[0]?.n} (met hun mail in de outbox)`);
log(
  `verloren:               ${accepted.length - rows.filter((r) => r.attachments === '1' && r.queued === '1').length}`,
);
log(
  `SMTP-rondreis (versturen → 250): p50 ${ms(pct(smtp, 50))}, p95 ${ms(pct(smtp, 95))}, p99 ${ms(pct(smtp, 99))}`,
);
log(
  `live-verbinding: ${frames} meldingen ontvangen${closedWith === null ? '' : `, gesloten met ${closedWith}`}`,
);
log(
  `250 → zichtbaar in wachtrij (live): p50 ${ms(pct(visible, 50))}, p95 ${ms(pct(visible, 95))}, p99 ${ms(pct(visible, 99))}, max ${ms(pct(visible, 100))}; zonder melding: ${missing}`,
);
// Contacts made per second: from the first 250 to the last announcement in the queue.
const firstOk = Math.min(...accepted.map((s) => s.ok as number));
const lastSeen = Math.max(...announced.values());
log(
  `verwerkt:               ${(announced.size / ((lastSeen - firstOk) / 1000)).toFixed(1)} contacten/s in de wachtrij`,
);
