// WhatsApp Business Cloud API end to end: webhooks signed as Meta signs them, over HTTP, and a real
// local HTTP server playing the Graph API for media and sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { openLive } from '../../../test/live.ts';
import { fakeProviders, metaSignature, waWebhook } from './fake-providers.ts';
import { settleMessaging } from './messaging.work.ts';

const appSecret = 'meta-app-secret';
const accessToken = 'graph-token';
const phoneNumberId = '106540352242922';
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

let t: TestApp;
let kcc: Who;
let graph: Awaited<ReturnType<typeof fakeProviders>>;
let seq = 0;

beforeAll(async () => {
  graph = await fakeProviders(accessToken);
  t = await testApp({
    env: {
      LOKET_WHATSAPP_APP_SECRET: appSecret,
      LOKET_WHATSAPP_VERIFY_TOKEN: 'verify-me',
      LOKET_WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
      LOKET_WHATSAPP_ACCESS_TOKEN: accessToken,
      LOKET_WHATSAPP_API_URL: graph.graphUrl,
      LOKET_DEV_CLOCK: '1',
    },
  });
  kcc = await t.login('kcc');
});
afterAll(async () => {
  await settleMessaging(t.db);
  await t.close();
  await graph.close();
});

/** POST the webhook as Meta does; waits until the inbox has been processed. */
const post = async (body: unknown, signature?: string | null) => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/channels/whatsapp/webhook',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature ?? metaSignature(appSecret, raw) }),
    },
    payload: raw,
  });
  await settleMessaging(t.db);
  return res;
};

const textMessage = (from: string, body: string) => ({
  from,
  id: `wamid.in${++seq}`,
  timestamp: String(Math.floor(t.clock.now().getTime() / 1000)),
  type: 'text',
  text: { body },
});

async function person(surname: string, phone: string, verified = true) {
  const res = await t.request('POST', '/api/v1/parties', kcc, {
    kind: 'person',
    surname,
    digitalAddresses: [
      { kind: 'phone', value: phone, ...(verified ? { verifiedAt: '2026-01-01T00:00:00Z' } : {}) },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

/** The party's timeline in the customer view (klantbeeld). */
const timelineOf = async (partyId: string) => {
  const res = await t.request('GET', `/api/v1/parties/${partyId}/view`, kcc);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().timeline.items as { id: string; kind: string; channel: string; title: string }[];
};

const contactByMessage = async (externalId: string) => {
  const row = await t.db
    .selectFrom('messaging_messages')
    .select('contact_id')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  const res = await t.request('GET', `/api/v1/contacts/${row.contact_id}`, kcc);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const delivery = async (contactId: string) =>
  (await t.request('GET', `/api/v1/contacts/${contactId}/delivery`, kcc)).json();

describe('WhatsApp webhook verification', () => {
  it('echoes the challenge for the right verify token and refuses a wrong one', async () => {
    const ok = await t.request(
      'GET',
      '/api/v1/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444',
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await t.request(
      'GET',
      '/api/v1/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1',
    );
    expect(wrong.statusCode).toBe(403);
  });
});

describe('inbound WhatsApp messages', () => {
  it('files a text from a verified number in that party timeline and the KCC queue, live', async () => {
    const party = await person('Jansen', '06 12345678');
    const live = await openLive(t, kcc);
    const message = textMessage('31612345678', 'Wanneer wordt mijn container geleegd?');
    const res = await post(waWebhook(phoneNumberId, { messages: [message], name: 'Piet' }));
    expect(res.statusCode, res.body).toBe(200);

    const contact = await contactByMessage(message.id);
    expect(contact).toMatchObject({
      channel: 'whatsapp',
      direction: 'in',
      content: 'Wanneer wordt mijn container geleegd?',
      subject: 'WhatsApp-bericht: Wanneer wordt mijn container geleegd?',
      team: { code: 'kcc' },
    });
    expect(contact.parties).toEqual([expect.objectContaining({ partyId: party.id, initiator: true })]);
    expect(await timelineOf(party.id)).toEqual([
      expect.objectContaining({ kind: 'contact', channel: 'whatsapp', title: contact.subject }),
    ]);
    const queued = await t.db
      .selectFrom('queue_items')
      .select(['team_id', 'status'])
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(queued).toEqual({ team_id: contact.team.id, status: 'open' });
    const frame = await live.next((f) => f.type === 'queue.added');
    expect(frame.data).toMatchObject({ contactId: contact.id, teamCode: 'kcc' });
    live.socket.close();
  });

  it('keeps an image fetched through the Graph API media endpoint as an attachment', async () => {
    graph.media.set('1104480873777230', { data: png, mimeType: 'image/png' });
    const message = {
      from: '31687654321',
      id: `wamid.img${++seq}`,
      timestamp: String(Math.floor(t.clock.now().getTime() / 1000)),
      type: 'image',
      image: { id: '1104480873777230', mime_type: 'image/png', sha256: 'x', caption: 'Kapotte lantaarnpaal' },
    };
    const res = await post(waWebhook(phoneNumberId, { messages: [message] }));
    expect(res.statusCode, res.body).toBe(200);
    const contact = await contactByMessage(message.id);
    expect(contact.content).toBe('Kapotte lantaarnpaal');
    expect(contact.attachments).toEqual([
      expect.objectContaining({
        contentType: 'image/png',
        sizeBytes: png.length,
        filename: expect.stringMatching(/\.png$/),
      }),
    ]);
    const file = await t.request('GET', `/api/v1/attachments/${contact.attachments[0].id}`, kcc);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
  });

  it('answers at once and retries the media download while the Graph API cannot give it', async () => {
    graph.media.set('2204480873777231', { data: png, mimeType: 'image/png' });
    graph.mediaFailures.push(502);
    const message = {
      from: '31687654322',
      id: `wamid.img${++seq}`,
      timestamp: String(Math.floor(t.clock.now().getTime() / 1000)),
      type: 'image',
      image: { id: '2204480873777231', mime_type: 'image/png' },
    };
    const body = waWebhook(phoneNumberId, { messages: [message] });
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0 });
    const stored = () =>
      t.db.selectFrom('messaging_messages').select('id').where('external_id', '=', message.id).execute();
    expect(await stored()).toEqual([]);
    const waiting = await t.db
      .selectFrom('messaging_inbox')
      .select(['attempts', 'last_error', 'processed_at'])
      .where('event_key', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ attempts: 1, processed_at: null });
    expect((await post(body)).json()).toEqual({ accepted: 0, duplicates: 1 }); // Meta's redelivery
    const tick = await t.request('POST', '/api/v1/dev/clock', kcc, { advance: 'PT1M' });
    expect(tick.json().ran.messagesReceived).toBe(1);
    expect(await stored()).toHaveLength(1);
    expect((await contactByMessage(message.id)).attachments).toHaveLength(1);
  });

  it('does not keep media that fails the type check, and says so on the contact', async () => {
    graph.media.set('exe-1', { data: Buffer.from('MZ\x90\x00binary'), mimeType: 'image/jpeg' });
    const message = {
      from: '31687654321',
      id: `wamid.doc${++seq}`,
      timestamp: String(Math.floor(t.clock.now().getTime() / 1000)),
      type: 'image',
      image: { id: 'exe-1', mime_type: 'image/jpeg' },
    };
    expect((await post(waWebhook(phoneNumberId, { messages: [message] }))).statusCode).toBe(200);
    const contact = await contactByMessage(message.id);
    expect(contact.attachments).toEqual([]);
    expect(contact.content).toContain('niet bewaard');
  });

  it('files an unknown or unverified number as an anonymous contact with only that number', async () => {
    await person('Pietersen', '06 11112222', false); // the number is known but not verified
    await person('Twee', '06 33334444');
    await person('Gedeeld', '06 33334444'); // a shared verified number: whose is it?
    for (const from of ['31611112222', '31633334444', '31699990000']) {
      const message = textMessage(from, 'Hallo gemeente');
      expect((await post(waWebhook(phoneNumberId, { messages: [message], name: 'Kees' }))).statusCode).toBe(
        200,
      );
      const contact = await contactByMessage(message.id);
      expect(contact.parties).toEqual([
        expect.objectContaining({ partyId: null, details: { phone: `+${from}`, name: 'Kees' } }),
      ]);
    }
  });

  it('continues one thread while the conversation is younger than 24 hours, then starts another', async () => {
    const first = textMessage('31655556666', 'Vraag over parkeren');
    const second = textMessage('31655556666', 'En over de vergunning');
    await post(waWebhook(phoneNumberId, { messages: [first] }));
    await post(waWebhook(phoneNumberId, { messages: [second] }));
    const b = await contactByMessage(second.id);
    expect(b.thread?.id).toBeTruthy();
    expect((await contactByMessage(first.id)).thread?.id).toBe(b.thread.id);
    t.clock.advance(25 * 60 * 60_000);
    const later = textMessage('31655556666', 'Nieuwe vraag');
    await post(waWebhook(phoneNumberId, { messages: [later] }));
    expect((await contactByMessage(later.id)).thread).toBeNull();
  });
});

describe('bad input on the WhatsApp webhook', () => {
  const count = async () => {
    const n = async (table: 'contacts' | 'messaging_inbox') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return (await n('contacts')) + (await n('messaging_inbox'));
  };

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const before = await count();
    const body = waWebhook(phoneNumberId, { messages: [textMessage('31612345678', 'vals')] });
    const forged = await post(body, metaSignature('not-the-secret', JSON.stringify(body)));
    expect(forged.statusCode).toBe(401);
    expect((await post(body, null)).statusCode).toBe(401);
    expect((await post(body, 'sha256=abc')).statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('treats a replay of the same message id as done: 200, nothing new', async () => {
    const body = waWebhook(phoneNumberId, { messages: [textMessage('31612345678', 'Nog een keer')] });
    const first = await post(body);
    const before = await count();
    const again = await post(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(first.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await count()).toBe(before);
  });

  it('answers malformed payloads with 400 problem details and no stack trace', async () => {
    for (const body of [
      '{"object":',
      JSON.stringify({ object: 'page', entry: [] }),
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 1 }] } }] }],
      }),
    ]) {
      const res = await post(body);
      expect(res.statusCode, body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toMatch(/at .*\.ts|stack/i);
    }
  });
});

describe('replies from the werkplek', () => {
  let inbound: { id: string };
  beforeAll(async () => {
    const message = textMessage('31677778888', 'Kunt u mij terugschrijven?');
    await post(waWebhook(phoneNumberId, { messages: [message] }));
    inbound = await contactByMessage(message.id);
  });

  it('sends the answer through the Graph API as an outbound contact in the same thread', async () => {
    const res = await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, {
      text: 'Jazeker, hierbij.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    expect(reply).toMatchObject({ channel: 'whatsapp', direction: 'out', content: 'Jazeker, hierbij.' });
    expect(reply.thread.id).toBe(
      (await contactByMessage((await firstExternal(inbound.id)) as string)).thread.id,
    );
    await settleMessaging(t.db);
    const out = graph.sent.at(-1);
    expect(out?.path).toBe(`/v21.0/${phoneNumberId}/messages`);
    expect(out?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(out?.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '31677778888',
      type: 'text',
      text: { body: 'Jazeker, hierbij.' },
    });
    expect(await delivery(reply.id)).toMatchObject({
      status: 'sent',
      label: 'verzonden',
      attempts: 1,
      final: true,
    });
    // Answered: the message has left its team's open queue.
    const item = await t.db
      .selectFrom('queue_items')
      .select('status')
      .where('contact_id', '=', inbound.id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe('done');
  });

  it('retries after a 500 from the Graph API, with back-off, until it is sent', async () => {
    graph.failures.push(500);
    const res = await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, {
      text: 'Tweede antwoord',
    });
    const reply = res.json();
    await settleMessaging(t.db);
    const waiting = await delivery(reply.id);
    expect(waiting).toMatchObject({
      status: 'queued',
      label: 'wachtrij',
      attempts: 1,
      lastError: expect.stringContaining('500'),
    });
    const tick = await t.request('POST', '/api/v1/dev/clock', kcc, { advance: 'PT1M' });
    expect(tick.statusCode, tick.body).toBe(200);
    expect(tick.json().ran.messagesSent).toBe(1);
    expect(await delivery(reply.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(
      graph.sent.filter((s) => (s.body.text as { body: string }).body === 'Tweede antwoord'),
    ).toHaveLength(2);
  });

  it('gives up at once on an error the Graph API will not change its mind about', async () => {
    graph.failures.push(400);
    const reply = (
      await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, { text: 'Derde' })
    ).json();
    await settleMessaging(t.db);
    expect(await delivery(reply.id)).toMatchObject({
      status: 'failed',
      label: 'mislukt',
      lastError: expect.stringContaining('400'),
    });
  });

  it('updates the delivery status from statuses[], forward only, and tells the employee', async () => {
    const reply = (
      await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, { text: 'Vierde' })
    ).json();
    await settleMessaging(t.db);
    const wamid = await firstExternal(reply.id);
    const live = await openLive(t, kcc);
    const status = (s: string, extra = {}) => ({
      id: wamid,
      status: s,
      timestamp: String(Math.floor(t.clock.now().getTime() / 1000)),
      recipient_id: '31677778888',
      ...extra,
    });
    expect((await post(waWebhook(phoneNumberId, { statuses: [status('delivered')] }))).statusCode).toBe(200);
    expect(await delivery(reply.id)).toMatchObject({ status: 'delivered', label: 'afgeleverd' });
    const frame = await live.next((f) => f.type === 'contact.delivery');
    expect(frame.data).toEqual({ contactId: reply.id, status: 'delivered', label: 'afgeleverd' });
    await post(waWebhook(phoneNumberId, { statuses: [status('read')] }));
    await post(waWebhook(phoneNumberId, { statuses: [status('delivered')] })); // late, out of order
    expect(await delivery(reply.id)).toMatchObject({ status: 'read', label: 'gelezen' });
    live.socket.close();

    const other = (
      await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, { text: 'Vijfde' })
    ).json();
    await settleMessaging(t.db);
    const failed = {
      ...status('failed', { errors: [{ code: 131047, title: 'Re-engagement message' }] }),
      id: await firstExternal(other.id),
    };
    await post(waWebhook(phoneNumberId, { statuses: [failed] }));
    expect(await delivery(other.id)).toMatchObject({
      status: 'failed',
      lastError: '131047 Re-engagement message',
    });
  });

  it('refuses a free-form reply once the 24-hour service window has closed', async () => {
    t.clock.advance(25 * 60 * 60_000);
    const res = await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, { text: 'Te laat' });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0].reason).toContain('24 uur');
  });
});

async function firstExternal(contactId: string) {
  const row = await t.db
    .selectFrom('messaging_messages')
    .select('external_id')
    .where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow();
  return row.external_id;
}

describe('outside opening hours', () => {
  it('answers once per conversation per day with the channel auto-reply, in the same thread', async () => {
    t.clock.set(new Date('2026-11-30T19:00:00Z')); // Monday 20:00 in Amsterdam: WhatsApp is closed
    const before = graph.sent.length;
    const first = textMessage('31612121212', 'Is mijn paspoort klaar?');
    await post(waWebhook(phoneNumberId, { messages: [first] }));
    await settleMessaging(t.db);
    const autoReplies = () => graph.sent.slice(before).filter((s) => s.body.to === '31612121212');
    expect(autoReplies()).toHaveLength(1);
    expect(autoReplies()[0]?.body.text).toMatchObject({
      body: expect.stringMatching(/gesloten.*dinsdag 1 december/),
    });
    const inbound = await contactByMessage(first.id);
    const thread = (await t.request('GET', `/api/v1/threads/${inbound.thread.id}`, kcc)).json();
    expect(thread.contacts.map((c: { direction: string }) => c.direction)).toEqual(['in', 'out']);

    t.clock.advance(60 * 60_000);
    await post(waWebhook(phoneNumberId, { messages: [textMessage('31612121212', 'Hallo?')] }));
    await settleMessaging(t.db);
    expect(autoReplies()).toHaveLength(1); // not twice the same evening

    t.clock.advance(23 * 60 * 60_000); // Tuesday 21:00: a new day
    await post(waWebhook(phoneNumberId, { messages: [textMessage('31612121212', 'Nog een vraag')] }));
    await settleMessaging(t.db);
    expect(autoReplies()).toHaveLength(2);
  });
});
