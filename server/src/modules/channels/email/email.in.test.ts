// E-mail in, end to end: real SMTP conversations (nodemailer) with Loket's receiver on a random port,
// checked where an employee would look: the party's timeline, the team's queue, the thread, the
// quarantine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { openLive } from '../../../test/live.ts';
import { contactIdOf, mailClient, pdf, testRelay } from './email.fixtures.ts';
import { settleMailInbox } from './email.process.ts';
import { type SmtpReceiver, startSmtpReceiver } from './email.smtp.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
let receiver: SmtpReceiver;
let relay: Awaited<ReturnType<typeof testRelay>>;
let client: ReturnType<typeof mailClient>;
const loket = 'loket@voorbeeld.nl';

beforeAll(async () => {
  relay = await testRelay();
  t = await testApp({
    env: {
      LOKET_MAIL_FROM: `Gemeente Voorbeeld <${loket}>`,
      LOKET_SMTP_RELAY_URL: relay.url,
      LOKET_MAIL_MAX_BYTES: String(300_000),
    },
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

async function person(surname: string, email: string, verified = true) {
  const res = await t.request('POST', '/api/v1/parties', kcc, {
    kind: 'person',
    surname,
    digitalAddresses: [
      { kind: 'email', value: email, ...(verified ? { verifiedAt: '2026-01-01T00:00:00Z' } : {}) },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const timelineOf = async (partyId: string) => {
  const res = await t.request('GET', `/api/v1/parties/${partyId}/view`, kcc);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().timeline.items as { id: string; kind: string; channel: string; title: string }[];
};

const queueOf = async (team: string, who: Who = kcc) => {
  const res = await t.request('GET', `/api/v1/queues/${team}/items`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { contactId: string; contact: { subject: string; parties: { id: string }[] } }[];
};

const contact = async (id: string) => {
  const res = await t.request('GET', `/api/v1/contacts/${id}`, kcc);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** The contact a 250 answer became, once the inbox is processed. */
async function storedContact(response: string) {
  const id = await contactIdOf(t.app.loket, response);
  expect(id, response).toBeTruthy();
  return contact(id as string);
}

const sendRaw = (raw: string) => client.send({ envelope: { from: 'x@example.org', to: [loket] }, raw });

const contactCount = async () => {
  await settleMailInbox(t.app.loket);
  return contactTotal();
};
const contactTotal = async () =>
  Number(
    (
      await t.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('mail in', () => {
  it('files a mail from a verified address under that party, with its attachment, in the KCC queue', async () => {
    const party = await person('Bakker', 'j.bakker@example.nl');
    const sent = await client.send({
      from: 'Jan Bakker <J.Bakker@Example.nl>',
      to: loket,
      subject: 'Vraag over mijn aanslag',
      text: 'Goedemorgen, ik heb een vraag over de aanslag. Zie bijlage.',
      attachments: [{ filename: 'aanslag.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    expect(sent.ok, sent.response).toBe(true);
    const c = await storedContact(sent.response);
    expect(c).toMatchObject({ channel: 'email', direction: 'in', subject: 'Vraag over mijn aanslag' });
    expect(c.content).toContain('vraag over de aanslag');
    expect(c.parties).toEqual([expect.objectContaining({ partyId: party.id, initiator: true })]);
    expect(c.attachments).toEqual([
      expect.objectContaining({ filename: 'aanslag.pdf', contentType: 'application/pdf' }),
    ]);
    const file = await t.request('GET', `/api/v1/attachments/${c.attachments[0].id}`, kcc);
    expect(file.rawPayload.equals(pdf)).toBe(true);

    expect((await timelineOf(party.id)).map((i) => i.id)).toContain(c.id);
    const queue = await queueOf('kcc');
    expect(queue.find((i) => i.contactId === c.id)?.contact.parties).toEqual([
      expect.objectContaining({ id: party.id }),
    ]);
  });

  it("tells the team's open queue screens about a new mail", async () => {
    const live = await openLive(t, kcc);
    const sent = await client.send({ from: 'live@example.org', to: loket, subject: 'Live', text: 'Hallo' });
    const c = await storedContact(sent.response);
    const frame = await live.next(
      (f) => f.type === 'queue.added' && (f.data as { contactId: string }).contactId === c.id,
    );
    expect(frame.data).toMatchObject({ teamCode: 'kcc' });
    live.socket.close();
  });

  it('routes by the address it was sent to, as the routing rules say', async () => {
    const rule = await t.request('POST', '/api/v1/routing/rules', admin, {
      name: 'Belastingmail',
      teamId: 'belastingen',
      conditions: { channels: ['email'], addresses: ['belastingen@voorbeeld.nl'] },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const sent = await client.send({
      from: 'iemand@example.org',
      to: 'belastingen@voorbeeld.nl',
      subject: 'Bezwaar WOZ',
      text: 'Ik maak bezwaar.',
    });
    const c = await storedContact(sent.response);
    expect((await queueOf('belastingen', admin)).map((i) => i.contactId)).toContain(c.id);
    expect((await queueOf('kcc')).map((i) => i.contactId)).not.toContain(c.id);
  });

  it('keeps mail from an unknown address anonymous until an employee links the party', async () => {
    const party = await person('Visser', 'visser@example.nl');
    const unverified = await person('Smit', 'smit@example.nl', false);
    const sent = await client.send({
      from: 'Onbekend <smit@example.nl>',
      to: loket,
      subject: 'Vraag over parkeren',
      text: 'Hoe vraag ik een vergunning aan?',
    });
    const c = await storedContact(sent.response);
    expect(c.parties).toEqual([
      expect.objectContaining({ partyId: null, details: { email: 'smit@example.nl', name: 'Onbekend' } }),
    ]);
    expect((await timelineOf(unverified.id)).map((i) => i.id)).not.toContain(c.id);

    const linked = await t.request('POST', `/api/v1/contacts/${c.id}/parties`, kcc, { partyId: party.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().parties).toEqual([
      expect.objectContaining({ partyId: party.id, details: { email: 'smit@example.nl', name: 'Onbekend' } }),
    ]);
    expect((await timelineOf(party.id)).map((i) => i.id)).toContain(c.id);
    const log = await t.db
      .selectFrom('processing_log')
      .select('party_id')
      .where('party_id', '=', party.id)
      .execute();
    expect(log.length).toBeGreaterThan(0);

    const again = await t.request('POST', `/api/v1/contacts/${c.id}/parties`, kcc, { partyId: party.id });
    expect(again.statusCode).toBe(409);
    const missing = await t.request('POST', `/api/v1/contacts/${c.id}/parties`, kcc, {
      partyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(422);
    const bad = await t.request('POST', `/api/v1/contacts/${c.id}/parties`, kcc, { partyId: 'x' });
    expect(bad.statusCode).toBe(400);
  });

  it('stores the same message once, however often it is delivered', async () => {
    const before = await contactCount();
    const mail = {
      from: 'dubbel@example.org',
      to: loket,
      subject: 'Twee keer verstuurd',
      text: 'Hallo',
      messageId: '<dubbel-1@example.org>',
    };
    const [a, b] = await Promise.all([client.send(mail), client.send(mail)]);
    const c = await client.send(mail);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
    expect(c.response).toContain('al eerder ontvangen');
    expect(await contactCount()).toBe(before + 1);
  });

  it('refuses a message over LOKET_MAIL_MAX_BYTES with 552 and stores nothing', async () => {
    const before = await contactCount();
    const big = Buffer.alloc(400_000, 'a');
    const sent = await client.send({
      from: 'groot@example.org',
      to: loket,
      subject: 'Groot',
      text: 'Zie bijlage',
      attachments: [{ filename: 'groot.txt', content: big }],
    });
    expect(sent.ok).toBe(false);
    expect(sent.code).toBe(552);
    expect(await contactCount()).toBe(before);
  });

  it('refuses malformed mail and keeps receiving afterwards', async () => {
    const before = await contactCount();
    const junk = await sendRaw('dit is geen e-mailbericht\r\nzonder kopregels\r\n');
    expect(junk.ok).toBe(false);
    expect(junk.code).toBe(550);
    const noFrom = await sendRaw('From: niemand\r\nSubject: zonder adres\r\n\r\nHallo\r\n');
    expect(noFrom.code).toBe(550);
    expect(await contactCount()).toBe(before);
    const fine = await client.send({
      from: 'na@example.org',
      to: loket,
      subject: 'Daarna',
      text: 'Gaat dit goed?',
    });
    expect(fine.ok).toBe(true);
  });

  it('quarantines loops and automatic mail, refuses a hop loop, and shows the quarantine to admins only', async () => {
    const before = await contactCount();
    const ooo = await client.send({
      from: 'afwezig@example.org',
      to: loket,
      subject: 'Re: Uw vraag',
      text: 'Ik ben afwezig tot maandag.',
      messageId: '<ooo-1@example.org>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(ooo.ok).toBe(true);
    const own = await client.send({ from: loket, to: loket, subject: 'Kring', text: 'van onszelf' });
    expect(own.ok).toBe(true);
    const xloop = await client.send({
      from: 'lijst@example.org',
      to: loket,
      subject: 'Terug',
      text: 'x',
      headers: { 'X-Loop': loket },
    });
    expect(xloop.ok).toBe(true);
    const subjectOnly = await client.send({
      from: 'oof@example.org',
      to: loket,
      subject: 'Automatisch antwoord: Uw vraag',
      text: 'Weg.',
    });
    expect(subjectOnly.ok).toBe(true);
    const hops = Array.from(
      { length: 30 },
      (_, i) => `Received: from relay${i}.example.org by relay${i + 1}.example.org`,
    ).join('\r\n');
    const looping = await sendRaw(
      `${hops}\r\nFrom: kring@example.org\r\nTo: ${loket}\r\nSubject: rondje\r\n\r\nHallo\r\n`,
    );
    expect(looping.code).toBe(554);
    expect(await contactCount()).toBe(before);

    expect((await t.request('GET', '/api/v1/channels/email/quarantine', kcc)).statusCode).toBe(403);
    const q = await t.request('GET', '/api/v1/channels/email/quarantine', admin);
    expect(q.statusCode, q.body).toBe(200);
    const reasons = q.json().results.map((r: { reason: string }) => r.reason);
    expect(reasons.sort()).toEqual(['auto-submitted', 'auto-submitted', 'loop', 'own-address']);
    const first = q.json().results.find((r: { messageId: string }) => r.messageId === 'ooo-1@example.org');
    const raw = await t.request('GET', `/api/v1/channels/email/quarantine/${first.id}/raw`, admin);
    expect(raw.headers['content-type']).toContain('message/rfc822');
    expect(raw.body).toContain('Ik ben afwezig');
  });
});
