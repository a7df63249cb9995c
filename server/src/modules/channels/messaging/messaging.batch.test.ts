// The messaging inbox with several events in one round: stored as one batch, each message one contact,
// one message row and one queue item, a sender's second message in the same thread, and an event that
// cannot be filed neither stops nor half-stores the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { processDueInbox } from './messaging.inbox.ts';
import { holdMessaging, settleMessaging } from './messaging.work.ts';
import { hmacHex } from './provider.ts';

const secret = 'batch-gateway-secret';
let t: TestApp;
let kcc: Who;
let admin: Who;
let seq = 0;

beforeAll(async () => {
  t = await testApp({ env: { LOKET_WEBHOOK_SECRETS: `sms-gateway:${secret}`, LOKET_DEV_CLOCK: '1' } });
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(async () => {
  await settleMessaging(t.db);
  await t.close();
});

const post = (body: unknown) => {
  const raw = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/channels/webhooks/sms-gateway',
    headers: { 'content-type': 'application/json', 'x-loket-signature': `sha256=${hmacHex(secret, raw)}` },
    payload: raw,
  });
};

const message = (from: string, text: string, extra: Record<string, unknown> = {}) => ({
  id: `batch-in-${++seq}`,
  channel: 'sms',
  from,
  to: '+3197010000009',
  text,
  sentAt: t.clock.now().toISOString(),
  ...extra,
});

const rowsOf = (externalId: string) =>
  t.db
    .selectFrom('messaging_messages as m')
    .leftJoin('queue_items as q', 'q.contact_id', 'm.contact_id')
    .select(['m.contact_id', 'q.id as queue_item'])
    .where('m.provider', '=', 'sms-gateway')
    .where('m.external_id', '=', externalId)
    .execute();

const contactCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the messaging inbox, several events at once', () => {
  it('stores the good messages of a batch whole and sets aside the one that cannot be filed, leaving nothing half', async () => {
    const party = (
      await t.request('POST', '/api/v1/parties', kcc, {
        kind: 'person',
        surname: 'Batenburg',
        digitalAddresses: [{ kind: 'phone', value: '+31 6 1234 1111', verifiedAt: '2026-01-01T00:00:00Z' }],
      })
    ).json();
    // The social channel is switched off: a message on it cannot become a contact.
    expect((await t.request('PATCH', '/api/v1/channels/social', admin, { active: false })).statusCode).toBe(
      200,
    );
    const first = message('0612341111', 'Eerste vraag');
    const bad = { ...message('+31600000000', 'Kan niet'), channel: 'social', from: '@kapot', to: 'page' };
    const stranger = message('+31688889999', 'Vraag van een onbekend nummer', { fromName: 'Iemand' });
    const second = message('+31612341111', 'Tweede vraag');
    const events = [first, bad, stranger, second];
    const before = await contactCount();

    const release = holdMessaging(t.db);
    expect((await post(events)).json()).toEqual({ accepted: 4, duplicates: 0 });
    const round = await processDueInbox(t.app.loket);
    await release();
    await settleMessaging(t.db);
    expect(round).toEqual({ done: 3, retried: 0, failed: 1 });

    expect(await contactCount()).toBe(before + 3);
    for (const e of [first, stranger, second]) {
      const rows = await rowsOf(e.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.queue_item).toBeTruthy();
    }
    expect(await rowsOf(bad.id)).toHaveLength(0);
    const failed = (await t.request('GET', '/api/v1/channels/messaging/inbox?state=failed', admin)).json()
      .results;
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attempts: 1, lastError: expect.stringContaining('social') }),
      ]),
    );

    const contactOf = async (id: string) =>
      (await t.request('GET', `/api/v1/contacts/${(await rowsOf(id))[0]?.contact_id}`, kcc)).json();
    const [a, b, c] = [await contactOf(first.id), await contactOf(second.id), await contactOf(stranger.id)];
    expect(a.parties[0]).toMatchObject({ partyId: party.id, details: { phone: '+31612341111' } });
    expect(b.parties[0]).toMatchObject({ partyId: party.id });
    // The same sender's second message of the batch continues the first one's conversation.
    expect(b.thread.id).toBe(a.thread.id);
    expect(c.parties[0]).toMatchObject({ partyId: null, details: { phone: '+31688889999', name: 'Iemand' } });
    expect(c.thread?.id ?? null).not.toBe(a.thread.id);

    // The same webhook again: nothing new.
    expect((await post(events)).json()).toEqual({ accepted: 0, duplicates: 4 });
    await settleMessaging(t.db);
    expect(await contactCount()).toBe(before + 3);
    await t.request('PATCH', '/api/v1/channels/social', admin, { active: true });
  });
});
