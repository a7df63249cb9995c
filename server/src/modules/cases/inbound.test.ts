// Status changes from outside (CloudEvents, Notificaties API) on the built-in register, and the
// resident hearing about it by e-mail through a real SMTP conversation, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { type ReceivedMail, startSmtpReceiver } from '../../test/smtp.ts';
import { pooledTransport } from '../notifications/notifications.channels.ts';
import { deliverDueNotifications } from '../notifications/notifications.delivery.ts';
import { notificationsOfParty } from '../notifications/notifications.service.ts';
import { createCase, resident } from './cases.fixtures.ts';

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let relay: ReturnType<typeof pooledTransport>;
let received: ReceivedMail[];
let t: TestApp;
let kcc: Who;
let zaaksysteem: Who;
let sanne: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  relay = pooledTransport(smtp.url, 'Gemeente Voorbeeld <loket@voorbeeld.nl>', 1);
  received = smtp.received;
  t = await testApp();
  kcc = await t.login('kcc');
  zaaksysteem = await t.application('zaaksysteem', ['contacts:write']);
  sanne = await resident(t, 'de Wit', 'sanne.dewit@example.nl');
});
afterAll(async () => {
  relay?.close();
  await t?.close();
  await smtp?.close();
});

const deliver = () => deliverDueNotifications({ db: t.db, config: t.config, clock: t.clock, mail: relay });
const cloudEvent = (body: unknown, who: Who = zaaksysteem, type = 'application/cloudevents+json') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cloudevents',
    headers: {
      'content-type': type,
      ...(who.token ? { authorization: `Token ${who.token}` } : {}),
      cookie: who.cookie ?? '',
    },
    payload: JSON.stringify(body),
  });
const event = (id: string, subject: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id,
  source: 'urn:nld:oin:00000001234567890000:systeem:zaaksysteem',
  type: 'nl.overheid.zaken.zaakstatus-gewijzigd',
  subject,
  time: '2026-11-23T09:00:00Z',
  datacontenttype: 'application/json',
  data,
});

describe('a status change as a CloudEvent', () => {
  it('is recorded once, however often the event is delivered, and mails the resident once', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'omgevingsvergunning',
      subject: 'Dakkapel plaatsen',
      parties: [{ partyId: sanne }],
    });
    const e = event('evt-0001', c.identification, {
      status: 'in-behandeling',
      toelichting: 'De aanvraag is compleet.',
    });
    const first = await cloudEvent(e);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ outcome: 'applied' });
    const replay = await cloudEvent(e);
    expect(replay.json()).toEqual({ outcome: 'duplicate' });
    const sameStatus = await cloudEvent({ ...e, id: 'evt-0002' });
    expect(sameStatus.json()).toEqual({ outcome: 'unchanged' });

    const view = (await t.request('GET', `/api/v1/cases/${c.identification}`, kcc)).json();
    expect(view.status).toMatchObject({ code: 'in-behandeling' });
    expect(view.history.map((h: { code: string }) => h.code)).toEqual(['ontvangen', 'in-behandeling']);
    expect(view.history[1]).toMatchObject({
      explanation: 'De aanvraag is compleet.',
      at: '2026-11-23T09:00:00.000Z',
      actor: { kind: 'application', name: 'zaaksysteem' },
    });

    expect(await deliver()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    const mails = received.filter((m) => m.to === 'sanne.dewit@example.nl');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Uw zaak ${c.identification}: In behandeling`);
    expect(mails[0]?.text).toContain('Beste Sanne de Wit,');
    expect(mails[0]?.text).toContain('is gewijzigd in: In behandeling.');
    expect(mails[0]?.text).toContain('Toelichting: De aanvraag is compleet.');
    expect(mails[0]?.text).toContain('uiterlijk 18 januari 2027');

    // …and the message is in her timeline as an outbound e-mail about the case.
    const timeline = (await t.request('GET', `/api/v1/parties/${sanne}/view?kind=contact`, kcc)).json()
      .timeline.items;
    expect(timeline).toEqual([
      expect.objectContaining({
        channel: 'email',
        direction: 'out',
        title: expect.stringContaining(c.identification),
      }),
    ]);
    // The case lists it among its contacts, as the message was about it.
    const sent = (await t.request('GET', `/api/v1/cases/${c.identification}`, kcc)).json();
    expect(sent.contacts).toEqual([expect.objectContaining({ channel: 'email', direction: 'out' })]);
  });

  it('answers 415 without the CloudEvents type, 400 for another specversion, 401/403 without the right', async () => {
    const e = event('evt-x', 'ZAAK-0000001', { status: 'x' });
    expect((await cloudEvent(e, zaaksysteem, 'application/json')).statusCode).toBe(415);
    const v03 = await cloudEvent({ ...e, specversion: '0.3' });
    expect(v03.statusCode).toBe(400);
    expect(v03.json().invalidParams[0].name).toBe('specversion');
    expect((await cloudEvent(e, {})).statusCode).toBe(401);
    expect((await cloudEvent(e, await t.login('manager'))).statusCode).toBe(403);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cloudevents',
      headers: {
        'content-type': 'application/cloudevents+json',
        authorization: `Token ${zaaksysteem.token}`,
      },
      payload: '{niet json',
    });
    expect(broken.statusCode).toBe(400);
    const other = await cloudEvent({ ...e, type: 'nl.overheid.zaken.zaak-aangemaakt' });
    expect(other.json()).toEqual({ outcome: 'ignored' });
    const unknown = await cloudEvent(event('evt-y', 'ZAAK-9999999', { status: 'ontvangen' }));
    expect(unknown.statusCode).toBe(404);
  });
});

describe('a status change as a Notificaties API message', () => {
  it('sets the status named in kenmerken, once, and closes the case with its final status', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'parkeervergunning',
      subject: 'Bewonersvergunning',
      parties: [{ partyId: sanne }],
    });
    const message = {
      kanaal: 'zaken',
      hoofdObject: `${t.config.publicUrl}/api/v1/cases/${c.identification}`,
      resource: 'status',
      resourceUrl: `${t.config.publicUrl}/api/v1/cases/${c.identification}/status/1`,
      actie: 'create',
      aanmaakdatum: '2026-11-23T09:30:00Z',
      kenmerken: { status: 'afgehandeld', statustoelichting: 'Vergunning verleend' },
    };
    const first = await t.request('POST', '/api/v1/notificaties', zaaksysteem, message);
    expect(first.json()).toEqual({ outcome: 'applied' });
    expect((await t.request('POST', '/api/v1/notificaties', zaaksysteem, message)).json()).toEqual({
      outcome: 'duplicate',
    });
    const view = (await t.request('GET', `/api/v1/cases/${c.identification}`, kcc)).json();
    expect(view).toMatchObject({ closed: true, endDate: '2026-11-23', status: { name: 'Afgehandeld' } });
    const queued = (await notificationsOfParty(t.db, sanne)).filter(
      (n) => n.data.zaaknummer === c.identification,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data.vervolg).toBe('Uw zaak is hiermee afgerond.');
    const zaak = await t.request('POST', '/api/v1/notificaties', zaaksysteem, {
      ...message,
      resource: 'zaak',
    });
    expect(zaak.json()).toEqual({ outcome: 'ignored' });
    const bad = await t.request('POST', '/api/v1/notificaties', zaaksysteem, { ...message, kenmerken: {} });
    expect(bad.statusCode).toBe(422);
  });
});

describe('a status change or a new document through the app API', () => {
  it('reaches the resident by e-mail too', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'melding-openbare-ruimte',
      subject: 'Kapotte straatverlichting',
      parties: [{ partyId: sanne }],
    });
    await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, { status: 'ingepland' });
    await t.request('POST', `/api/v1/cases/${c.identification}/documents`, kcc, {
      title: 'Foto van de situatie',
      url: 'https://dms.voorbeeld.nl/doc/2',
      date: '2026-11-22',
    });
    await deliver();
    expect(received.filter((m) => m.subject === `Uw zaak ${c.identification}: Ingepland`)).toHaveLength(1);
    const doc = received.filter((m) => m.subject === `Uw zaak ${c.identification}: nieuw document`);
    expect(doc).toHaveLength(1);
    expect(doc[0]?.text).toContain('is een document toegevoegd: Foto van de situatie (22 november 2026).');
  });
});
