// E-mail out, end to end: the werkplek's answer goes through a real SMTP conversation to a test relay
// with the threading headers a mail client needs, the resident's answer comes back into the same
// conversation, the relay's refusals show on the contact, and out of hours one automatic answer goes
// out per conversation a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { runDueWork } from '../../scheduler/scheduler.ts';
import { contactIdOf, mailClient, testRelay } from './email.fixtures.ts';
import { type SmtpReceiver, startSmtpReceiver } from './email.smtp.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
let receiver: SmtpReceiver;
let relay: Awaited<ReturnType<typeof testRelay>>;
let client: ReturnType<typeof mailClient>;
const loket = 'loket@voorbeeld.nl';
let seq = 0;

beforeAll(async () => {
  relay = await testRelay();
  t = await testApp({
    env: { LOKET_MAIL_FROM: `Gemeente Voorbeeld <${loket}>`, LOKET_SMTP_RELAY_URL: relay.url },
  });
  receiver = await startSmtpReceiver(t.app.loket, { port: 0 });
  client = mailClient(receiver.port);
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(async () => {
  client.close();
  await receiver.close();
  await t.close();
  await relay.close();
});

async function person(surname: string, email: string) {
  const res = await t.request('POST', '/api/v1/parties', kcc, {
    kind: 'person',
    surname,
    digitalAddresses: [{ kind: 'email', value: email, verifiedAt: '2026-01-01T00:00:00Z' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

type Contact = {
  id: string;
  number: string;
  direction: string;
  subject: string;
  content: string;
  thread: { id: string; reference: string } | null;
  parties: { partyId: string | null }[];
};

async function mailIn(mail: Parameters<ReturnType<typeof mailClient>['send']>[0]): Promise<Contact> {
  const sent = await client.send({ to: loket, messageId: `<in-${++seq}@example.nl>`, ...mail });
  expect(sent.ok, sent.response).toBe(true);
  const id = await contactIdOf(t.app.loket, sent.response);
  return (await t.request('GET', `/api/v1/contacts/${id}`, kcc)).json();
}

const reply = async (contactId: string, text: string) => {
  const res = await t.request('POST', `/api/v1/contacts/${contactId}/reply`, kcc, { text });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Contact;
};

const delivery = async (contactId: string) =>
  (await t.request('GET', `/api/v1/contacts/${contactId}/delivery`, kcc)).json();

/** Waits (bounded) until the delivery status satisfies `done`: the first attempt runs just after the reply. */
async function deliveryWhen(
  contactId: string,
  done: (d: { attempts: number; status: string; lastError: string | null }) => boolean,
) {
  for (let i = 0; i < 200; i++) {
    const d = await delivery(contactId);
    if (done(d)) return d;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('delivery status did not change');
}

const bare = (id: string | undefined) => id?.replace(/^<|>$/g, '');

describe('mail out', () => {
  it('answers from the werkplek by mail with threading headers, and the answer to it continues the conversation', async () => {
    const party = await person('De Vries', 'devries@example.nl');
    const question = await mailIn({
      from: 'devries@example.nl',
      subject: 'Vraag over afval',
      text: 'Wanneer wordt het grofvuil opgehaald?',
      messageId: '<vraag-afval@example.nl>',
    });
    const before = relay.received.length;
    const answer = await reply(question.id, 'Elke eerste maandag van de maand.');
    expect(answer).toMatchObject({ direction: 'out', thread: { id: expect.any(String) } });
    const [mail] = (await relay.waitFor(before + 1)).slice(before);
    const reference = answer.thread?.reference as string;
    expect(mail?.envelopeTo).toEqual(['devries@example.nl']);
    expect(mail?.parsed.from?.value[0]?.address).toBe(loket);
    expect(mail?.parsed.subject).toBe(`Re: Vraag over afval [${reference}]`);
    expect(bare(mail?.parsed.inReplyTo)).toBe('vraag-afval@example.nl');
    expect([mail?.parsed.references].flat().map(bare)).toContain('vraag-afval@example.nl');
    expect(mail?.parsed.text).toContain('Elke eerste maandag');
    const stored = await t.db
      .selectFrom('email_messages')
      .select('message_id')
      .where('contact_id', '=', answer.id)
      .executeTakeFirstOrThrow();
    expect(bare(mail?.parsed.messageId)).toBe(stored.message_id);
    expect(await deliveryWhen(answer.id, (d) => d.status === 'sent')).toMatchObject({
      status: 'sent',
      label: 'verzonden',
      attempts: 1,
      lastError: null,
      final: true,
    });
    // The address clients used before the one delivery endpoint answers the same.
    const alias = await t.request('GET', `/api/v1/contacts/${answer.id}/email-delivery`, kcc);
    expect(alias.json()).toEqual(await delivery(answer.id));
    // The answered mail has left the KCC queue; an inbound mail has no delivery.
    const queue = (await t.request('GET', '/api/v1/queues/kcc/items', kcc)).json().items;
    expect(queue.map((i: { contactId: string }) => i.contactId)).not.toContain(question.id);
    expect((await t.request('GET', `/api/v1/contacts/${question.id}/delivery`, kcc)).statusCode).toBe(404);

    // The resident's mail program answers with In-Reply-To: our Message-ID.
    const followUp = await mailIn({
      from: 'devries@example.nl',
      subject: `Re: Vraag over afval [${reference}]`,
      text: 'Dank u!',
      inReplyTo: `<${stored.message_id}>`,
      references: [`<vraag-afval@example.nl>`, `<${stored.message_id}>`],
    });
    expect(followUp.thread?.id).toBe(answer.thread?.id);
    const thread = (await t.request('GET', `/api/v1/threads/${answer.thread?.id}`, kcc)).json();
    expect(thread.contacts.map((c: Contact) => c.id)).toEqual([question.id, answer.id, followUp.id]);
    const timeline = (await t.request('GET', `/api/v1/parties/${party.id}/view`, kcc)).json().timeline.items;
    expect(timeline.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([question.id, answer.id, followUp.id]),
    );
  });

  it('continues a conversation by the LK reference in the subject, only for the same sender', async () => {
    const first = await mailIn({ from: 'meijer@example.nl', subject: 'Paspoort kwijt', text: 'Wat nu?' });
    const answer = await reply(first.id, 'Doe aangifte bij de balie.');
    const reference = answer.thread?.reference as string;
    const again = await mailIn({
      from: 'meijer@example.nl',
      subject: `Nog een vraag ${reference}`,
      text: 'En mijn rijbewijs?',
    });
    expect(again.thread?.id).toBe(answer.thread?.id);

    const stranger = await mailIn({
      from: 'vreemde@example.org',
      subject: `Over ${reference}`,
      text: 'Laat mij alles zien.',
    });
    expect(stranger.thread?.id ?? null).not.toBe(answer.thread?.id);
    expect(stranger.parties).toEqual([expect.objectContaining({ partyId: null })]);
  });

  it('shows a relay that answers 4xx as waiting with the reason, and retries until it is sent', async () => {
    const q = await mailIn({ from: 'jansen@example.nl', subject: 'Retry', text: 'Hallo' });
    relay.refuse.push({ code: 451, message: '4.3.0 Probeer het later (voor jansen@example.nl)' });
    const answer = await reply(q.id, 'Antwoord dat eerst blijft hangen.');
    const waiting = await deliveryWhen(answer.id, (d) => d.attempts >= 1 && d.lastError !== null);
    expect(waiting).toMatchObject({ status: 'queued', label: 'wachtrij', attempts: 1, final: false });
    expect(waiting.lastError).toContain('451');
    expect(waiting.lastError).not.toContain('jansen@example.nl');
    expect(waiting.nextAttemptAt).toBeTruthy();

    const before = relay.received.length;
    t.clock.advance(2 * 60_000);
    const ran = await runDueWork({ db: t.db, config: t.config, clock: t.clock });
    expect(ran.mailsSent).toBeGreaterThanOrEqual(1);
    await relay.waitFor(before + 1);
    expect(await delivery(answer.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('stops retrying after a permanent 5xx and says so on the contact', async () => {
    const q = await mailIn({ from: 'weg@example.nl', subject: 'Onbestelbaar', text: 'Hallo' });
    relay.refuse.push({ code: 550, message: '5.1.1 Mailbox bestaat niet' });
    const answer = await reply(q.id, 'Dit komt nooit aan.');
    const failed = await deliveryWhen(answer.id, (d) => d.status !== 'queued');
    expect(failed).toMatchObject({ status: 'failed', label: 'mislukt', attempts: 1, final: true });
    expect(failed.lastError).toContain('550');
    t.clock.advance(3 * 3_600_000);
    await runDueWork({ db: t.db, config: t.config, clock: t.clock });
    expect(await delivery(answer.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('answers automatically outside opening hours, once per conversation a day, never to an automatic answer', async () => {
    t.clock.set(new Date('2026-11-24T19:30:00Z')); // Tuesday 20:30 in Amsterdam: e-mail is closed
    const before = relay.received.length;
    const evening = await mailIn({
      from: 'laat@example.nl',
      subject: 'Vraag in de avond',
      text: 'Nog open?',
    });
    const [auto] = (await relay.waitFor(before + 1)).slice(before);
    expect(auto?.envelopeTo).toEqual(['laat@example.nl']);
    expect(auto?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(auto?.parsed.text).toContain('woensdag');
    expect(bare(auto?.parsed.inReplyTo)).toBe(bare(`in-${seq}@example.nl`));
    const thread = (await t.request('GET', `/api/v1/contacts/${evening.id}`, kcc)).json().thread;
    expect(auto?.parsed.subject).toContain(thread.reference);

    // The same resident writes again that evening: no second automatic answer.
    await mailIn({ from: 'laat@example.nl', subject: `Aanvulling [${thread.reference}]`, text: 'Nog iets.' });
    // Their out-of-office answers our automatic answer: quarantined, not answered.
    const ooo = await client.send({
      from: 'laat@example.nl',
      to: loket,
      subject: 'Afwezig: Re: Vraag in de avond',
      text: 'Ik ben er niet.',
      inReplyTo: auto?.parsed.messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(ooo.response).toContain('quarantaine');
    await runDueWork({ db: t.db, config: t.config, clock: t.clock });
    expect(relay.received.length).toBe(before + 1);
    const quarantine = (await t.request('GET', '/api/v1/channels/email/quarantine', admin)).json();
    expect(quarantine.results[0]).toMatchObject({
      reason: 'auto-submitted',
      envelopeFrom: 'laat@example.nl',
    });

    const threadNow = (await t.request('GET', `/api/v1/threads/${thread.id}`, kcc)).json();
    expect(threadNow.contacts.map((c: Contact) => c.direction)).toEqual(['in', 'out', 'in']);
  });

  it('refuses to answer by mail when no address is known', async () => {
    const res = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'email',
      direction: 'in',
      subject: 'Zonder adres',
    });
    const r = await t.request('POST', `/api/v1/contacts/${res.json().id}/reply`, kcc, { text: 'Hallo' });
    expect(r.statusCode).toBe(422);
    expect(r.json().invalidParams[0].reason).toContain('e-mailadres');
  });
});
