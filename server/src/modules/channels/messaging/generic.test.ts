// The generic JSON webhook (SMS gateways, social-media bridges) over HTTP, and replies through the
// configured provider URL, a real local HTTP server that checks Loket's signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { fakeProviders } from './fake-providers.ts';
import { settleMessaging } from './messaging.work.ts';
import { hmacHex } from './provider.ts';

const secret = 'gateway-secret-1';
let t: TestApp;
let kcc: Who;
let fake: Awaited<ReturnType<typeof fakeProviders>>;
let seq = 0;

beforeAll(async () => {
  fake = await fakeProviders('unused');
  t = await testApp({
    env: {
      LOKET_WEBHOOK_SECRETS: `sms-gateway:${secret},social-bridge:other-secret`,
      LOKET_SMS_PROVIDER_URL: fake.smsUrl,
      LOKET_DEV_CLOCK: '1',
    },
  });
  kcc = await t.login('kcc');
});
afterAll(async () => {
  await settleMessaging(t.db);
  await t.close();
  await fake.close();
});

/** POST a signed webhook; waits until the inbox has been processed. */
const post = async (provider: string, body: unknown, key: string | null = secret) => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/channels/webhooks/${provider}`,
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { 'x-loket-signature': `sha256=${hmacHex(key, raw)}` }),
    },
    payload: raw,
  });
  await settleMessaging(t.db);
  return res;
};

const sms = (from: string, text: string, extra: Record<string, unknown> = {}) => ({
  id: `gw-in-${++seq}`,
  channel: 'sms',
  from,
  to: '+3197010000001',
  text,
  sentAt: t.clock.now().toISOString(),
  ...extra,
});

const contactOf = async (externalId: string, provider = 'sms-gateway') => {
  const row = await t.db
    .selectFrom('messaging_messages')
    .select('contact_id')
    .where('provider', '=', provider)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return (await t.request('GET', `/api/v1/contacts/${row.contact_id}`, kcc)).json();
};

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

describe('generic JSON webhook', () => {
  it('files an SMS from a verified number under that party, with an inline attachment', async () => {
    const party = (
      await t.request('POST', '/api/v1/parties', kcc, {
        kind: 'person',
        surname: 'De Vries',
        digitalAddresses: [{ kind: 'phone', value: '+31 6 2222 3333', verifiedAt: '2026-01-01T00:00:00Z' }],
      })
    ).json();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    const message = sms('0622223333', 'Hierbij mijn bewijs', {
      attachments: [{ filename: 'bewijs.pdf', contentType: 'application/pdf', data: pdf.toString('base64') }],
    });
    const res = await post('sms-gateway', message);
    expect(res.statusCode, res.body).toBe(200);
    const contact = await contactOf(message.id);
    expect(contact).toMatchObject({
      channel: 'sms',
      direction: 'in',
      content: 'Hierbij mijn bewijs',
      team: { code: 'kcc' },
      parties: [expect.objectContaining({ partyId: party.id, details: { phone: '+31622223333' } })],
      attachments: [expect.objectContaining({ filename: 'bewijs.pdf', contentType: 'application/pdf' })],
    });
  });

  it('takes a batch, and a social-media message from a handle as an anonymous contact', async () => {
    const a = { ...sms('+31611110000', 'een'), channel: 'social', from: '@inwoner_42', to: 'gemeente-page' };
    const b = { ...sms('+31611110000', 'twee'), channel: 'social', from: '@inwoner_42', to: 'gemeente-page' };
    const res = await post('social-bridge', [a, b], 'other-secret');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const first = await contactOf(a.id, 'social-bridge');
    expect(first).toMatchObject({
      channel: 'social',
      parties: [expect.objectContaining({ partyId: null, details: { handle: '@inwoner_42' } })],
    });
    expect((await contactOf(b.id, 'social-bridge')).thread.id).toBe(
      (await contactOf(a.id, 'social-bridge')).thread.id,
    );
  });

  it('answers through LOKET_SMS_PROVIDER_URL with a signed JSON body, and takes its statuses', async () => {
    const message = sms('+31644445555', 'Graag een antwoord per sms');
    await post('sms-gateway', message);
    const inbound = await contactOf(message.id);
    fake.failures.push(503);
    const reply = (
      await t.request('POST', `/api/v1/contacts/${inbound.id}/reply`, kcc, { text: 'Uw afspraak staat.' })
    ).json();
    expect(reply).toMatchObject({ channel: 'sms', direction: 'out' });
    await settleMessaging(t.db);
    expect((await t.request('GET', `/api/v1/contacts/${reply.id}/delivery`, kcc)).json()).toMatchObject({
      status: 'queued',
      attempts: 1,
      final: false,
    });
    await t.request('POST', '/api/v1/dev/clock', kcc, { advance: 'PT1M' });
    const out = fake.sms.at(-1);
    expect(out?.body).toMatchObject({
      channel: 'sms',
      from: '+3197010000001',
      to: '+31644445555',
      text: 'Uw afspraak staat.',
    });
    expect(out?.headers['x-loket-signature']).toBe(`sha256=${hmacHex(secret, JSON.stringify(out?.body))}`);
    expect(out?.headers['x-loket-provider']).toBe('sms-gateway');
    const sent = await t.db
      .selectFrom('messaging_messages')
      .select('external_id')
      .where('contact_id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(sent.external_id).toMatch(/^gw-\d+$/); // the gateway's own id, from its answer
    const delivered = await post('sms-gateway', {
      type: 'status',
      id: sent.external_id,
      status: 'delivered',
      at: t.clock.now().toISOString(),
    });
    expect(delivered.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await t.request('GET', `/api/v1/contacts/${reply.id}/delivery`, kcc)).json()).toMatchObject({
      status: 'delivered',
      label: 'afgeleverd',
      final: true,
    });
  });

  it('refuses an unknown provider (404), a bad signature (401) and a malformed body (400), storing nothing', async () => {
    const before = await count();
    expect((await post('unknown-gateway', sms('+31611112222', 'x'))).statusCode).toBe(404);
    expect((await post('whatsapp', sms('+31611112222', 'x'))).statusCode).toBe(404);
    expect((await post('sms-gateway', sms('+31611112222', 'x'), 'wrong')).statusCode).toBe(401);
    expect((await post('sms-gateway', sms('+31611112222', 'x'), null)).statusCode).toBe(401);
    for (const bad of ['not json', { ...sms('+31611112222', 'x'), channel: 'fax' }, [], { id: 'x' }]) {
      const res = await post('sms-gateway', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'invalid' });
      expect(res.body).not.toMatch(/\.ts:\d+/);
    }
    expect(await count()).toBe(before);
  });

  it('is idempotent for a replayed message id', async () => {
    const message = sms('+31611113333', 'eenmaal');
    expect((await post('sms-gateway', message)).json()).toEqual({ accepted: 1, duplicates: 0 });
    const before = await count();
    const again = await post('sms-gateway', { ...message, text: 'andermaal' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(await count()).toBe(before);
  });

  it('keeps an event it cannot file for an admin to see and retry, without its content', async () => {
    const admin = await t.login('admin');
    expect((await t.request('PATCH', '/api/v1/channels/social', admin, { active: false })).statusCode).toBe(
      200,
    );
    const message = {
      ...sms('+31611110000', 'Geheime inhoud'),
      channel: 'social',
      from: '@later',
      to: 'page',
    };
    expect((await post('sms-gateway', message)).json()).toEqual({ accepted: 1, duplicates: 0 });
    const failed = await t.request('GET', '/api/v1/channels/messaging/inbox?state=failed', admin);
    expect(failed.statusCode).toBe(200);
    const item = failed.json().results.find((r: { kind: string }) => r.kind === 'message');
    expect(item).toMatchObject({
      provider: 'sms-gateway',
      attempts: 1,
      lastError: expect.stringContaining('social'),
    });
    expect(failed.body).not.toContain('Geheime inhoud');
    expect((await t.request('GET', '/api/v1/channels/messaging/inbox', kcc)).statusCode).toBe(403);

    await t.request('PATCH', '/api/v1/channels/social', admin, { active: true });
    const retry = await t.request('POST', `/api/v1/channels/messaging/inbox/${item.id}/retry`, admin);
    expect(retry.statusCode).toBe(202);
    await settleMessaging(t.db);
    expect((await contactOf(message.id)).content).toBe('Geheime inhoud');
    const left = (await t.request('GET', '/api/v1/channels/messaging/inbox?state=failed', admin)).json()
      .results;
    expect(left.map((r: { id: string }) => r.id)).not.toContain(item.id);
  });
});
