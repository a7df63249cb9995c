// Subscriptions and announcements: residents follow topics in the portal (validation, twice is once,
// unsubscribe, two residents who never reach each other's subscriptions); employees with the right
// publish an announcement that is queued exactly once for exactly the subscribers it is meant for
// (topic, postcode area, case), also when the publish or the fan-out is retried. Resident sessions are
// minted with the session plugin; the real login is tested in portal.test.ts and the browser tests.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { createCase } from '../cases/cases.service.ts';
import { fanOutAnnouncement } from '../notifications/notifications.fanout.ts';
import { createParty } from '../parties/parties.service.ts';
import { listEntries } from '../processing-log/processing-log.service.ts';

let t: TestApp;
type Resident = Who & { party: string; case: string };
const r = {} as Record<'anne' | 'bram' | 'carla', Resident>;
let manager: Who;
let kcc: Who;

async function resident(surname: string, bsn: string, postcode: string): Promise<Resident> {
  const p = await createParty(t.db, {
    kind: 'person',
    givenNames: 'Proef',
    surname,
    identifiers: [{ type: 'bsn', value: bsn }],
    addresses: [{ kind: 'visiting', street: 'Dorpsstraat', houseNumber: 1, postcode, city: 'Voorbeeld' }],
  });
  const c = await createCase(
    t.db,
    {
      caseType: 'parkeervergunning',
      subject: `Parkeervergunning ${surname}`,
      parties: [{ partyId: p.id }],
    },
    undefined,
    t.clock,
  );
  const session = t.app.createSecureSession({
    resident: {
      partyId: p.id,
      partyIds: [p.id],
      kind: 'bsn',
      name: surname,
      lastSeenAt: t.clock.now().getTime(),
    },
  });
  return {
    cookie: `loket_sessie=${encodeURIComponent(t.app.encodeSecureSession(session))}`,
    party: p.id,
    case: c.identification,
  };
}

beforeAll(async () => {
  t = await testApp();
  r.anne = await resident('Appel', '999993653', '1234 AB');
  r.bram = await resident('Boom', '111222333', '5678 CD');
  r.carla = await resident('Citroen', '123456782', '1234 XY');
  manager = await t.login('manager');
  kcc = await t.login('kcc');
});

afterAll(async () => {
  await t?.close();
});

const subscribe = (who: Who, body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/mijn/subscriptions', who, body);
const mine = async (who: Who) => (await t.request('GET', '/api/v1/mijn/subscriptions', who)).json().items;
const publish = (who: Who, body: Record<string, unknown>, key?: string) =>
  t.request(
    'POST',
    '/api/v1/announcements',
    { ...who, headers: key ? { 'idempotency-key': key } : {} },
    body,
  );

/** The notifications queued for an announcement, per party. */
async function queuedFor(announcementId: string) {
  const rows = await sql<{
    party_id: string;
    n: number;
    status: string;
    message_kind: string;
    data: unknown;
  }>`
    SELECT party_id, count(*)::int AS n, min(status) AS status, min(message_kind) AS message_kind,
           (array_agg(data))[1] AS data
      FROM notifications WHERE announcement_id = ${announcementId}::uuid GROUP BY party_id`.execute(t.db);
  return rows.rows;
}

describe('subscriptions in the portal', () => {
  it('lists the active topics and suggests the resident’s own postcode area', async () => {
    const res = await t.request('GET', '/api/v1/mijn/topics', r.anne);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ownPostcodeArea).toBe('1234');
    expect(body.items.map((i: { code: string }) => i.code).sort()).toEqual([
      'afvalinzameling',
      'raadsbesluiten',
      'wegwerkzaamheden',
      'zaak',
    ]);
    expect(body.items.find((i: { code: string }) => i.code === 'wegwerkzaamheden')).toMatchObject({
      name: 'Wegwerkzaamheden in mijn buurt',
      scope: 'postcode_area',
    });
  });

  it('subscribes once, answers the existing subscription the second time, and unsubscribes', async () => {
    const first = await subscribe(r.carla, { topic: 'raadsbesluiten' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      topic: { code: 'raadsbesluiten', name: 'Raadsbesluiten' },
      postcodeArea: null,
    });
    const again = await subscribe(r.carla, { topic: 'raadsbesluiten' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await mine(r.carla)).map((s: { id: string }) => s.id)).toEqual([first.json().id]);

    const area = await subscribe(r.carla, { topic: 'wegwerkzaamheden', postcodeArea: '1234 XY' });
    expect(area.statusCode).toBe(201);
    expect(area.json().postcodeArea).toBe('1234');
    const own = await subscribe(r.carla, { topic: 'zaak', caseId: r.carla.case });
    expect(own.statusCode).toBe(201);
    expect(own.json().case).toMatchObject({
      identification: r.carla.case,
      subject: 'Parkeervergunning Citroen',
    });
    expect(await mine(r.carla)).toHaveLength(3);

    for (const s of [first, area, own]) {
      expect(
        (await t.request('DELETE', `/api/v1/mijn/subscriptions/${s.json().id}`, r.carla)).statusCode,
      ).toBe(204);
    }
    expect(await mine(r.carla)).toEqual([]);
    expect(
      (await t.request('DELETE', `/api/v1/mijn/subscriptions/${first.json().id}`, r.carla)).statusCode,
    ).toBe(404);
    expect((await t.request('DELETE', '/api/v1/mijn/subscriptions/geen-id', r.carla)).statusCode).toBe(404);
  });

  it('refuses what does not fit the topic with a Dutch message naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ topic: 'bestaat-niet' }, 'topic'],
      [{ topic: 'wegwerkzaamheden' }, 'postcodeArea'],
      [{ topic: 'wegwerkzaamheden', postcodeArea: '123' }, 'postcodeArea'],
      [{ topic: 'wegwerkzaamheden', postcodeArea: '0123' }, 'postcodeArea'],
      [{ topic: 'afvalinzameling', postcodeArea: '1234' }, 'postcodeArea'],
      [{ topic: 'afvalinzameling', caseId: r.anne.case }, 'caseId'],
      [{ topic: 'zaak' }, 'caseId'],
      [{ topic: 'zaak', caseId: r.bram.case }, 'caseId'], // someone else's case
      [{ topic: 'zaak', caseId: 'ZAAK-BESTAAT-NIET' }, 'caseId'],
    ];
    for (const [body, field] of cases) {
      const res = await subscribe(r.anne, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const problem = res.json();
      expect(problem.invalidParams[0].name).toBe(field);
      expect(problem.detail).toMatch(/[a-z]/);
      expect(problem.detail).not.toMatch(/error|invalid/i);
    }
    expect((await subscribe(r.anne, { topic: 'afvalinzameling', extra: 1 })).statusCode).toBe(400);
    expect((await subscribe(r.anne, {})).statusCode).toBe(400);
    expect(await mine(r.anne)).toEqual([]);
  });

  it('keeps two residents apart: neither sees nor removes the other’s subscriptions', async () => {
    const anne = (await subscribe(r.anne, { topic: 'afvalinzameling' })).json();
    const bram = (await subscribe(r.bram, { topic: 'afvalinzameling' })).json();
    expect((await mine(r.anne)).map((s: { id: string }) => s.id)).toEqual([anne.id]);
    expect((await mine(r.bram)).map((s: { id: string }) => s.id)).toEqual([bram.id]);
    expect((await t.request('DELETE', `/api/v1/mijn/subscriptions/${anne.id}`, r.bram)).statusCode).toBe(404);
    expect((await mine(r.anne)).map((s: { id: string }) => s.id)).toEqual([anne.id]);
    const log = await listEntries(t.db, { partyId: r.anne.party, limit: 50 });
    expect(log.some((e) => e.endpoint === 'GET /mijn/subscriptions' && e.actor_kind === 'resident')).toBe(
      true,
    );
  });

  it('answers 401 without a resident session, also to a logged-in employee', async () => {
    for (const who of [undefined, manager]) {
      expect((await t.request('GET', '/api/v1/mijn/subscriptions', who)).statusCode).toBe(401);
      expect((await subscribe(who as Who, { topic: 'afvalinzameling' })).statusCode).toBe(401);
    }
  });
});

describe('announcements', () => {
  beforeAll(async () => {
    // anne and bram follow afvalinzameling (previous test); add areas and a case.
    await subscribe(r.anne, { topic: 'wegwerkzaamheden', postcodeArea: '1234' });
    await subscribe(r.bram, { topic: 'wegwerkzaamheden', postcodeArea: '5678' });
    await subscribe(r.anne, { topic: 'zaak', caseId: r.anne.case });
    await subscribe(r.bram, { topic: 'zaak', caseId: r.bram.case });
  });

  it('reaches every subscriber of a general topic exactly once, queued as an announcement', async () => {
    const res = await publish(manager, {
      topic: 'afvalinzameling',
      title: 'Tweede kerstdag geen inzameling',
      body: 'Het restafval wordt een dag later opgehaald.',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().recipients).toBe(2);
    const rows = await queuedFor(res.json().id);
    expect(rows.map((x) => x.party_id).sort()).toEqual([r.anne.party, r.bram.party].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ n: 1, status: 'queued', message_kind: 'announcement' });
      expect(row.data).toEqual({
        title: 'Tweede kerstdag geen inzameling',
        body: 'Het restafval wordt een dag later opgehaald.',
      });
    }
  });

  it('reaches only the postcode area, and only the subscribers of the case', async () => {
    const area = await publish(manager, {
      topic: 'wegwerkzaamheden',
      postcodeArea: '1234',
      title: 'Dorpsstraat afgesloten',
      body: 'Van 7 tot 11 december.',
    });
    expect(area.json().recipients).toBe(1);
    expect((await queuedFor(area.json().id)).map((x) => x.party_id)).toEqual([r.anne.party]);

    const nobody = await publish(manager, {
      topic: 'wegwerkzaamheden',
      postcodeArea: '9999',
      title: 'x',
      body: 'y',
    });
    expect(nobody.json().recipients).toBe(0);

    const onCase = await publish(manager, {
      topic: 'zaak',
      caseId: r.bram.case,
      title: 'Uw vergunning',
      body: 'Wij hebben meer tijd nodig.',
    });
    expect(onCase.statusCode).toBe(201);
    expect((await queuedFor(onCase.json().id)).map((x) => x.party_id)).toEqual([r.bram.party]);

    expect(
      (await publish(manager, { topic: 'wegwerkzaamheden', title: 'x', body: 'y' })).json().invalidParams[0]
        .name,
    ).toBe('postcodeArea');
    expect(
      (await publish(manager, { topic: 'zaak', title: 'x', body: 'y' })).json().invalidParams[0].name,
    ).toBe('caseId');
    expect(
      (await publish(manager, { topic: 'zaak', caseId: 'ZAAK-ONBEKEND', title: 'x', body: 'y' })).statusCode,
    ).toBe(400);
    expect((await publish(manager, { topic: 'afvalinzameling', title: '', body: 'y' })).statusCode).toBe(400);
  });

  it('sends nothing twice when the publish or the fan-out is retried', async () => {
    const body = {
      topic: 'afvalinzameling',
      title: 'Milieustraat gesloten',
      body: 'Zaterdag is de milieustraat dicht.',
    };
    const first = await publish(manager, body, 'publiceer-0001');
    const retry = await publish(manager, body, 'publiceer-0001');
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const id = first.json().id;
    const again = await fanOutAnnouncement(
      t.db,
      {
        announcementId: id,
        topic: 'afvalinzameling',
        postcodeArea: null,
        caseId: null,
        title: body.title,
        body: body.body,
      },
      t.clock.now(),
    );
    expect(again).toBe(0);
    expect((await queuedFor(id)).map((x) => x.n)).toEqual([1, 1]);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM announcements WHERE title = ${body.title}`.execute(t.db);
    expect(rows[0]?.n).toBe(1);
  });

  it('lists announcements with their recipients, and topics with their subscriber counts', async () => {
    const list = (await t.request('GET', '/api/v1/announcements', manager)).json().items;
    expect(list[0]).toMatchObject({
      title: 'Milieustraat gesloten',
      topic: { code: 'afvalinzameling', name: 'Afvalinzameling' },
      recipients: 2,
      publishedBy: 'Teamleider KCC',
      delivery: { queued: 2, sent: 0, failed: 0 },
    });
    const topics = (await t.request('GET', '/api/v1/subscription-topics', kcc)).json().items;
    const count = (code: string) => topics.find((x: { code: string }) => x.code === code)?.subscribers;
    expect([
      count('afvalinzameling'),
      count('wegwerkzaamheden'),
      count('zaak'),
      count('raadsbesluiten'),
    ]).toEqual([2, 2, 2, 0]);
  });

  it('lets only employees with the right to publish publish or list announcements', async () => {
    const body = { topic: 'afvalinzameling', title: 'Niet toegestaan', body: 'x' };
    expect((await publish(kcc, body)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/announcements', kcc)).statusCode).toBe(403);
    expect((await publish({}, body)).statusCode).toBe(401);
    expect((await publish(r.anne, body)).statusCode).toBe(401); // a resident is no employee
    expect((await t.request('GET', '/api/v1/subscription-topics', r.anne)).statusCode).toBe(401);
    const admin = await t.login('admin');
    expect((await publish(admin, { ...body, title: 'Beheerder mag' })).statusCode).toBe(201);
    const token = await t.application('zonder-recht');
    expect((await publish(token, body)).statusCode).toBe(403);
  });
});
