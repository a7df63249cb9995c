// The inbox processor with several mails in one round: all stored in one go, each whole, and a mail
// that cannot be stored neither stops nor half-stores the others.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { pdf } from './email.fixtures.ts';
import { processMailInbox } from './email.process.ts';
import * as repo from './email.repo.ts';

let t: TestApp;
let kcc: Who;
beforeAll(async () => {
  t = await testApp({ env: { LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>' } });
  kcc = await t.login('kcc');
});
afterAll(() => t.close());

const rawMail = (from: string, messageId: string, subject: string) =>
  Buffer.from(
    [
      `From: ${from}`,
      'To: loket@voorbeeld.nl',
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Goedemorgen, een vraag (${subject}).`,
      '--b',
      'Content-Type: application/pdf; name="brief.pdf"',
      'Content-Disposition: attachment; filename="brief.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );

async function deliver(from: string, subject: string) {
  const id = randomUUID();
  const raw = rawMail(from, `${id}@example.nl`, subject);
  const now = t.clock.now();
  await repo.insertInbox(t.db, {
    id,
    message_id: `${id}@example.nl`,
    envelope_from: null,
    envelope_to: ['loket@voorbeeld.nl'],
    raw,
    size_bytes: raw.length,
    received_at: now,
    next_attempt_at: now,
  });
  return id;
}

const inboxRow = (id: string) =>
  t.db
    .selectFrom('email_inbox')
    .select(['status', 'contact_id', 'attempts', 'last_error'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const kccQueue = async () =>
  (await t.request('GET', '/api/v1/queues/kcc/items', kcc)).json().items as {
    contactId: string;
    contact: { subject: string };
  }[];

describe('the inbox processor, several mails at once', () => {
  it('stores a batch whole: each mail one contact with its attachment in the queue, each taken once', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await deliver(`inwoner${i}@example.nl`, `Batchvraag ${i}`));
    const round = await processMailInbox(t.app.loket);
    expect(round).toMatchObject({ taken: 5, stored: 5, retried: 0 });
    const queue = await kccQueue();
    for (const [i, id] of ids.entries()) {
      const row = await inboxRow(id);
      expect(row.status).toBe('done');
      expect(queue.filter((q) => q.contactId === row.contact_id)).toHaveLength(1);
      const c = (await t.request('GET', `/api/v1/contacts/${row.contact_id}`, kcc)).json();
      expect(c).toMatchObject({ channel: 'email', direction: 'in', subject: `Batchvraag ${i}` });
      expect(c.attachments).toHaveLength(1);
      expect(c.parties[0].details.email).toBe(`inwoner${i}@example.nl`);
    }
    expect((await processMailInbox(t.app.loket)).taken).toBe(0);
  });

  it('stores the good mails of a batch and retries only the one that cannot be stored, leaving nothing half', async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const good1 = await deliver('een@example.nl', 'Goede vraag 1');
    // An address longer than a contact's details may hold: this contact cannot be registered.
    const bad = await deliver(`${'x'.repeat(4100)}@example.nl`, 'Kapotte vraag');
    const good2 = await deliver('twee@example.nl', 'Goede vraag 2');
    const round = await processMailInbox(t.app.loket);
    expect(round).toMatchObject({ taken: 3, stored: 2, retried: 1 });
    expect(await count()).toBe(before + 2);
    expect((await inboxRow(good1)).status).toBe('done');
    expect((await inboxRow(good2)).status).toBe('done');
    const failed = await inboxRow(bad);
    expect(failed).toMatchObject({ status: 'pending', contact_id: null, attempts: 1 });
    expect(failed.last_error).toBeTruthy();
    const subjects = (await kccQueue()).map((q) => q.contact.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Goede vraag 1', 'Goede vraag 2']));
    expect(subjects).not.toContain('Kapotte vraag');
  });

  it('answers each new conversation of a batch outside opening hours once, threaded, and not again that evening', async () => {
    t.clock.set(new Date('2026-11-24T19:30:00Z')); // Tuesday 20:30 in Amsterdam: e-mail is closed
    const ids = [
      await deliver('avond1@example.nl', 'Avondvraag 1'),
      await deliver('avond2@example.nl', 'Avondvraag 2'),
    ];
    expect(await processMailInbox(t.app.loket)).toMatchObject({ stored: 2 });
    const replies = [];
    for (const id of ids) {
      const inbound = await inboxRow(id);
      const contact = (await t.request('GET', `/api/v1/contacts/${inbound.contact_id}`, kcc)).json();
      const thread = (await t.request('GET', `/api/v1/threads/${contact.thread.id}`, kcc)).json();
      expect(thread.contacts.map((c: { direction: string }) => c.direction)).toEqual(['in', 'out']);
      const answer = thread.contacts[1] as { id: string; result: string; subject: string };
      expect(answer.result).toBe('Automatisch antwoord buiten openingstijden');
      expect(answer.subject).toContain(thread.reference);
      const mail = await t.db
        .selectFrom('outbox_mail')
        .selectAll()
        .where('contact_id', '=', answer.id)
        .executeTakeFirstOrThrow();
      expect(mail.recipient).toBe(id === ids[0] ? 'avond1@example.nl' : 'avond2@example.nl');
      expect(mail.in_reply_to).toBe(`${id}@example.nl`);
      expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
      replies.push({ reference: thread.reference as string, threadId: thread.id as string });
    }
    expect(replies[0]?.reference).not.toBe(replies[1]?.reference);

    // Later that evening the first resident writes again in the same conversation: no second answer.
    await deliver('avond1@example.nl', `Aanvulling [${replies[0]?.reference}]`);
    expect(await processMailInbox(t.app.loket)).toMatchObject({ stored: 1 });
    const thread = (await t.request('GET', `/api/v1/threads/${replies[0]?.threadId}`, kcc)).json();
    expect(thread.contacts.map((c: { direction: string }) => c.direction)).toEqual(['in', 'out', 'in']);
  });
});
