// Loket with a ZGW case system: a local server speaking the Zaken/Catalogi APIs' format stands in
// for Open Zaak; the werkplek shows its cases instead of the built-in register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { notificationsOfParty } from '../notifications/notifications.service.ts';
import { resident } from './cases.fixtures.ts';
import { zgwJwt } from './zgw.client.ts';
import { type FakeZgw, startFakeZgw } from './zgw.fake.ts';
import { zgwCases } from './zgw.source.ts';

let zgw: FakeZgw;
let t: TestApp;
let kcc: Who;
let sanne: string;
const newestFirst = ['ZAAK-2026-0003', 'ZAAK-2026-0002', 'ZAAK-2026-0001'];

beforeAll(async () => {
  zgw = await startFakeZgw();
  t = await testApp({
    env: {
      LOKET_ZAKEN_API_URL: `${zgw.url}/zaken/api/v1`,
      LOKET_ZAKEN_API_CLIENT_ID: zgw.clientId,
      LOKET_ZAKEN_API_SECRET: zgw.secret,
    },
  });
  kcc = await t.login('kcc');
  sanne = await resident(t, 'Bakker', 'sanne.bakker@example.nl', '999993653');
});
afterAll(async () => {
  await t?.close();
  await zgw?.close();
});

describe('the ZGW JWT', () => {
  it('is HS256 with iss and client_id set to the client id and iat in seconds', () => {
    const [h, p, s] = zgwJwt('loket', 'geheim', new Date('2026-11-23T09:00:00Z')).split('.');
    expect(JSON.parse(Buffer.from(h as string, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(JSON.parse(Buffer.from(p as string, 'base64url').toString())).toMatchObject({
      iss: 'loket',
      client_id: 'loket',
      iat: 1795424400,
    });
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is refused with a wrong secret, which Loket reports as a 502 naming the settings', async () => {
    const wrong = zgwCases({ url: zgw.url, clientId: zgw.clientId, secret: 'fout' });
    await expect(wrong.source.getCase(t.db, 'ZAAK-2026-0001')).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining('LOKET_ZAKEN_API_SECRET'),
    });
  });
});

describe('cases from the case system', () => {
  it('lists the cases of a resident by BSN over every page, open ones first', async () => {
    zgw.requests.length = 0;
    const res = await t.request('GET', `/api/v1/cases?party=${sanne}`, kcc);
    expect(res.statusCode).toBe(200);
    const results = res.json().results;
    expect(results.map((c: { identification: string }) => c.identification)).toEqual(newestFirst);
    expect(results[1]).toMatchObject({
      source: 'zgw',
      caseType: { code: 'PARK-01', name: 'Parkeervergunning' },
      subject: 'Bezoekersvergunning',
      status: { code: '2', name: 'In behandeling', final: false },
      closed: false,
      expectedEndDate: '2026-12-31',
    });
    expect(results[2]).toMatchObject({ closed: true, status: { name: 'Afgehandeld', final: true } });
    expect(zgw.requests.some((r) => r.path.includes('page=2'))).toBe(true);
    expect(zgw.requests.every((r) => r.authorised)).toBe(true);
  });

  it('reads one case with its status history, statuses and documents, and logs the read', async () => {
    const res = await t.request('GET', '/api/v1/cases/ZAAK-2026-0002', kcc);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      identification: 'ZAAK-2026-0002',
      parties: [{ partyId: sanne, role: 'initiator' }],
      statuses: [
        { code: '1', name: 'Aanvraag ontvangen', final: false },
        { code: '2', name: 'In behandeling', final: false },
        { code: '3', name: 'Afgehandeld', final: true },
      ],
      history: [
        { name: 'Aanvraag ontvangen', explanation: 'Aanvraag via de website' },
        { name: 'In behandeling' },
      ],
      documents: [{ title: 'Ontvangstbevestiging', date: '2026-11-02' }],
    });
    const log = await t.db.selectFrom('processing_log').selectAll().where('party_id', '=', sanne).execute();
    expect(log.some((l) => l.endpoint === 'GET /api/v1/cases/:ref')).toBe(true);
    expect((await t.request('GET', '/api/v1/cases/ZAAK-BESTAAT-NIET', kcc)).statusCode).toBe(404);
  });

  it('shows them in the customer view and refuses changes to the built-in register', async () => {
    const view = await t.request('GET', `/api/v1/parties/${sanne}/view?kind=case`, kcc);
    expect(view.statusCode).toBe(200);
    const items = view.json().timeline.items;
    expect(items.map((i: { data: { identification: string } }) => i.data.identification)).toEqual(
      newestFirst,
    );
    expect(items[0]).toMatchObject({
      kind: 'case',
      data: { status: 'open', statusName: 'Aanvraag ontvangen' },
    });
    const write = await t.request('POST', '/api/v1/cases', kcc, {
      caseType: 'parkeervergunning',
      subject: 'x',
      parties: [{ partyId: sanne }],
    });
    expect(write.statusCode).toBe(409);
  });

  it('answers 502 when the case system is down, and keeps the customer view working', async () => {
    const down = await testApp({
      env: {
        LOKET_ZAKEN_API_URL: 'http://127.0.0.1:9',
        LOKET_ZAKEN_API_CLIENT_ID: 'x',
        LOKET_ZAKEN_API_SECRET: 'y',
      },
    });
    try {
      const who = await down.login('kcc');
      const party = await resident(down, 'Bakker', undefined, '999993653');
      const res = await down.request('GET', `/api/v1/cases?party=${party}`, who);
      expect(res.statusCode).toBe(502);
      expect(res.json().detail).toBe('Het zaaksysteem is niet bereikbaar.');
      expect((await down.request('GET', `/api/v1/parties/${party}/view`, who)).statusCode).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('needs client id and secret with the URL', () => {
    expect(() => loadConfig({ LOKET_ZAKEN_API_URL: 'https://zaken.example.nl' })).toThrow(
      /LOKET_ZAKEN_API_SECRET/,
    );
  });
});

describe('status changes from the case system', () => {
  it('reads the new status behind a Notificatie and queues one message, whichever route reports it', async () => {
    const app = await t.application('open-notificaties', ['contacts:write']);
    const status = zgw.addStatus('ZAAK-2026-0003', 2, 'Beoordeling gestart', '2026-11-23T08:45:00Z');
    const message = {
      kanaal: 'zaken',
      hoofdObject: zgw.zaakUrl('ZAAK-2026-0003'),
      resource: 'status',
      resourceUrl: status.url,
      actie: 'create',
      aanmaakdatum: '2026-11-23T08:45:01Z',
      kenmerken: { bronorganisatie: '002220647', zaaktype: 'PARK-01' },
    };
    const first = await t.request('POST', '/api/v1/notificaties', app, message);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ outcome: 'applied' });
    expect((await t.request('POST', '/api/v1/notificaties', app, message)).json()).toEqual({
      outcome: 'duplicate',
    });
    // The same change as a CloudEvent (another event id): Loket already told the resident.
    const asEvent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cloudevents',
      headers: { 'content-type': 'application/cloudevents+json', authorization: `Token ${app.token}` },
      payload: JSON.stringify({
        specversion: '1.0',
        id: 'b1c6e2a0-0000-4000-8000-000000000001',
        source: 'urn:nld:oin:00000001002220647000:systeem:openzaak',
        type: 'nl.overheid.zaken.zaakstatus-gewijzigd',
        subject: zgw.zaakUrl('ZAAK-2026-0003'),
        data: { zaak: zgw.zaakUrl('ZAAK-2026-0003'), status: status.url },
      }),
    });
    expect(asEvent.json()).toEqual({ outcome: 'duplicate' });
    const queued = (await notificationsOfParty(t.db, sanne)).filter(
      (n) => n.data.zaaknummer === 'ZAAK-2026-0003',
    );
    expect(queued.map((n) => n.data.status)).toEqual(['In behandeling']);
    expect(queued[0]?.data.toelichting).toBe('Beoordeling gestart');
    const foreign = await t.request('POST', '/api/v1/notificaties', app, {
      ...message,
      resourceUrl: 'https://elders.example.nl/zaken/api/v1/statussen/1',
      aanmaakdatum: '2026-11-23T08:46:00Z',
    });
    expect(foreign.statusCode).toBe(422);
  });
});
