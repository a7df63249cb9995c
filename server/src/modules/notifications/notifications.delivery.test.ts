// Delivery of many messages at once (an announcement's fan-out): a recipient the relay refuses does
// not hold up or repeat the others in its batch, a mail server that is down only delays, a batch
// does not keep sending past its lease, and workers with several batches in flight each send every
// message exactly once, with one outbound contact.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { createParty } from '../parties/parties.service.ts';
import { pooledTransport } from './notifications.channels.ts';
import { deliverDueNotifications, deliverNotifications } from './notifications.delivery.ts';
import { notificationsOfParty, queueNotification } from './notifications.service.ts';
import { refusingRelay } from './notifications.test-relay.ts';

let t: TestApp;
let relay: Awaited<ReturnType<typeof refusingRelay>>;
let mail: ReturnType<typeof pooledTransport>;
const refused = new Set<string>();

beforeAll(async () => {
  relay = await refusingRelay((address) => refused.has(address));
  t = await testApp();
  mail = pooledTransport(relay.url, t.config.mail.from, 3);
});
afterAll(async () => {
  mail?.close();
  await t?.close();
  await relay?.close();
});

const ctx = (transport: typeof mail = mail) => ({
  db: t.db,
  config: t.config,
  clock: t.clock,
  mail: transport,
});

/** Residents with an e-mail address, each with the announcement queued for them. */
async function residents(tag: string, count: number) {
  const people: { id: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${tag}-${i}@example.nl`;
    const party = await createParty(t.db, {
      kind: 'person',
      givenNames: 'Bewoner',
      surname: `${tag} ${i}`,
      digitalAddresses: [{ kind: 'email', value: email }],
    });
    await queueNotification(
      t.db,
      {
        partyId: party.id,
        kind: 'announcement',
        templateCode: 'announcement',
        data: { title: 'Afvalinzameling', body: 'Geen inzameling op tweede Kerstdag.' },
        dedupeKey: `announcement:${tag}:${party.id}`,
      },
      t.clock.now(),
    );
    people.push({ id: party.id, email });
  }
  return people;
}

const receivedBy = (email: string) => relay.accepted.filter((a) => a === email).length;

async function outboundContacts(partyIds: string[]) {
  const rows = await t.db
    .selectFrom('contact_parties')
    .innerJoin('contacts', 'contacts.id', 'contact_parties.contact_id')
    .select(['contact_parties.party_id', 'contacts.direction', 'contacts.channel'])
    .where('contact_parties.party_id', 'in', partyIds)
    .execute();
  return partyIds.map((id) => rows.filter((r) => r.party_id === id && r.direction === 'out').length);
}

describe('a batch with a recipient the relay refuses', () => {
  it('sends the others once and retries only the refused one, which later goes once', async () => {
    const people = await residents('weigering', 5);
    const refusedOne = people[2] as { id: string; email: string };
    refused.add(refusedOne.email);
    expect(await deliverDueNotifications(ctx())).toEqual({ sent: 4, retried: 1, dead: 0 });
    expect(await deliverDueNotifications(ctx())).toEqual({ sent: 0, retried: 0, dead: 0 }); // not due yet
    expect(people.map((p) => receivedBy(p.email))).toEqual([1, 1, 0, 1, 1]);
    const [row] = await notificationsOfParty(t.db, refusedOne.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, channel: 'email' });
    expect(row?.last_error).toContain('451');

    refused.clear();
    t.clock.advance(2 * 60 * 60_000);
    expect(await deliverDueNotifications(ctx())).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(people.map((p) => receivedBy(p.email))).toEqual([1, 1, 1, 1, 1]);
    expect(await outboundContacts(people.map((p) => p.id))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('a mail server that is down', () => {
  it('delays the messages without losing them', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = pooledTransport(`smtp://127.0.0.1:${port}`, t.config.mail.from, 2);
    const people = await residents('storing', 3);
    try {
      expect(await deliverDueNotifications(ctx(down))).toEqual({ sent: 0, retried: 3, dead: 0 });
    } finally {
      down.close();
    }
    for (const p of people) {
      expect(await notificationsOfParty(t.db, p.id)).toEqual([
        expect.objectContaining({ status: 'queued', attempts: 1, contact_id: null }),
      ]);
    }
    t.clock.advance(2 * 60 * 60_000);
    expect(await deliverDueNotifications(ctx())).toEqual({ sent: 3, retried: 0, dead: 0 });
    expect(people.map((p) => receivedBy(p.email))).toEqual([1, 1, 1]);
  });
});

describe('a batch that takes too long', () => {
  it('stops handing messages to the relay halfway through its lease; the rest wait for their retry', async () => {
    const people = await residents('traag', 3);
    const real = performance.now.bind(performance);
    let lost = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => real() + lost);
    // The first message takes three minutes of wall time: nobody else may still go out after it.
    const slow = {
      send: async (m: Parameters<typeof mail.send>[0]) => {
        lost += 3 * 60_000;
        await mail.send(m);
      },
      close: () => {},
    };
    try {
      expect(await deliverDueNotifications(ctx(slow))).toEqual({ sent: 1, retried: 2, dead: 0 });
    } finally {
      clock.mockRestore();
    }
    expect(people.map((p) => receivedBy(p.email)).sort()).toEqual([0, 0, 1]);
    const waiting = (await Promise.all(people.map((p) => notificationsOfParty(t.db, p.id)))).flat();
    expect(waiting.filter((r) => r.status === 'queued')).toEqual([
      expect.objectContaining({ attempts: 1, last_error: 'niet binnen de lease verzonden' }),
      expect.objectContaining({ attempts: 1, last_error: 'niet binnen de lease verzonden' }),
    ]);
    t.clock.advance(2 * 60 * 60_000);
    expect(await deliverDueNotifications(ctx())).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(people.map((p) => receivedBy(p.email))).toEqual([1, 1, 1]);
  });
});

describe('two workers with several batches in flight each', () => {
  it('send every message of a fan-out exactly once, each with one outbound contact', async () => {
    const people = await residents('fanout', 24);
    const [a, b] = await Promise.all([
      deliverNotifications(ctx(), { lanes: 3, batch: 2 }),
      deliverNotifications(ctx(), { lanes: 3, batch: 2 }),
    ]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(24);
    expect(people.map((p) => receivedBy(p.email))).toEqual(people.map(() => 1));
    expect(await outboundContacts(people.map((p) => p.id))).toEqual(people.map(() => 1));
    expect(await deliverNotifications(ctx(), { lanes: 3, batch: 2 })).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });
  });
});
