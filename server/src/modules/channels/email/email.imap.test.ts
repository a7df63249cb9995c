// The IMAP poller against a real IMAP server: Debian's Dovecot (dovecot-imapd, installed by .ci/run),
// started here on a random loopback port with a mailbox of its own. Mail is put in with IMAP APPEND,
// as a mail server would deliver it; the poller makes contacts of it and marks it \Seen.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { pdf } from './email.fixtures.ts';
import { pollImapOnce } from './email.imap.ts';
import { settleMailInbox } from './email.process.ts';

const dovecot = '/usr/sbin/dovecot';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function startDovecot() {
  // Short path: Dovecot's unix sockets live under base_dir (108-byte limit).
  const dir = mkdtempSync('/tmp/dc-');
  for (const d of ['run', 'state', 'home']) mkdirSync(path.join(dir, d));
  const port = await freePort();
  writeFileSync(path.join(dir, 'passwd'), 'loket:{PLAIN}geheim\n', { mode: 0o644 });
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'home'), 0o777);
  const proc = spawn(dovecot, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => resolve(true));
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `imap://loket:geheim@127.0.0.1:${port}/INBOX`,
    port,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const mail = (id: string, from: string, subject: string, extra = '') =>
  Buffer.from(
    `From: ${from}\r\nTo: loket@voorbeeld.nl\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nMIME-Version: 1.0\r\n${extra}` +
      'Content-Type: multipart/mixed; boundary=grens\r\n\r\n--grens\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
      `Bericht ${subject}\r\n--grens\r\nContent-Type: application/pdf; name=brief.pdf\r\nContent-Disposition: attachment; filename=brief.pdf\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64')}\r\n--grens--\r\n`,
  );

describe.skipIf(!existsSync(dovecot))('IMAP mailbox (Dovecot)', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startDovecot>>;
  let imap: ImapFlow;

  beforeAll(async () => {
    server = await startDovecot();
    t = await testApp({
      env: { LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>', LOKET_IMAP_URL: server.url },
    });
    imap = new ImapFlow({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: 'loket', pass: 'geheim' },
      logger: false,
    });
    await imap.connect();
  });
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await t?.close();
    await server?.stop();
  });

  it('makes a contact of every unseen message, with its attachment, marks it seen and takes it once', async () => {
    await imap.append('INBOX', mail('imap-1@example.nl', 'Eva <eva@example.nl>', 'Via IMAP'));
    await imap.append(
      'INBOX',
      mail('imap-2@example.nl', 'auto@example.nl', 'Ik ben afwezig', 'Auto-Submitted: auto-replied\r\n'),
    );
    await imap.append('INBOX', Buffer.from('geen mail\r\n'));
    await imap.append('INBOX', mail('imap-old@example.nl', 'oud@example.nl', 'Al gelezen'), ['\\Seen']);

    const round = await pollImapOnce(t.app.loket, t.config.mailIn.imapUrl as string);
    expect(round).toEqual({ seen: 3, stored: 1, duplicates: 0, quarantined: 1, refused: 1 });
    await settleMailInbox(t.app.loket);
    const contacts = await t.db
      .selectFrom('contacts')
      .select(['id', 'subject', 'channel', 'direction'])
      .where('channel', '=', 'email')
      .execute();
    expect(contacts).toEqual([expect.objectContaining({ subject: 'Via IMAP', direction: 'in' })]);
    const kcc = await t.login('kcc');
    const detail = (await t.request('GET', `/api/v1/contacts/${contacts[0]?.id}`, kcc)).json();
    expect(detail.attachments).toEqual([expect.objectContaining({ filename: 'brief.pdf' })]);
    expect(detail.parties).toEqual([
      expect.objectContaining({ partyId: null, details: { email: 'eva@example.nl', name: 'Eva' } }),
    ]);
    const queue = (await t.request('GET', '/api/v1/queues/kcc/items', kcc)).json();
    expect(queue.items.map((i: { contactId: string }) => i.contactId)).toContain(contacts[0]?.id);

    await imap.mailboxOpen('INBOX');
    const unseen = (await imap.search({ seen: false })) || [];
    expect(unseen).toEqual([]);
    expect(await pollImapOnce(t.app.loket, t.config.mailIn.imapUrl as string)).toMatchObject({ seen: 0 });
  });

  it('leaves a message unseen when the login fails, so nothing is lost', async () => {
    await imap.append('INBOX', mail('imap-3@example.nl', 'later@example.nl', 'Later'));
    await expect(
      pollImapOnce(t.app.loket, t.config.mailIn.imapUrl?.replace('geheim', 'fout') as string),
    ).rejects.toThrow();
    await imap.mailboxOpen('INBOX');
    expect(((await imap.search({ seen: false })) || []).length).toBe(1);
    expect(await pollImapOnce(t.app.loket, t.config.mailIn.imapUrl as string)).toMatchObject({ stored: 1 });
    await settleMailInbox(t.app.loket);
    const later = await t.db
      .selectFrom('contacts')
      .select('subject')
      .where('subject', '=', 'Later')
      .execute();
    expect(later).toHaveLength(1);
  });
});
