import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { createCase, resident } from './cases.fixtures.ts';

let t: TestApp;
let kcc: Who;
let manager: Who;
let admin: Who;
let sanne: string;
let other: string;

beforeAll(async () => {
  t = await testApp(); // Monday 23 November 2026, 10:00 Amsterdam; demo case types seeded
  [kcc, manager, admin] = await Promise.all([t.login('kcc'), t.login('manager'), t.login('admin')]);
  sanne = await resident(t, 'Jansen', 'sanne@example.nl');
  other = await resident(t, 'Ander');
});
afterAll(() => t?.close());

const logFor = (partyId: string) =>
  t.db.selectFrom('processing_log').selectAll().where('party_id', '=', partyId).execute();

describe('case types', () => {
  it('lists the demo case types with statuses in order, the last one ending the case', async () => {
    const res = await t.request('GET', '/api/v1/case-types', kcc);
    expect(res.statusCode).toBe(200);
    const park = res.json().results.find((c: { code: string }) => c.code === 'parkeervergunning');
    expect(park).toMatchObject({
      name: 'Parkeervergunning',
      termDays: 14,
      team: { code: 'vergunningen' },
      statuses: [
        { code: 'ontvangen', final: false },
        { code: 'in-behandeling', final: false },
        { code: 'afgehandeld', final: true },
      ],
    });
  });

  it('lets only an admin create or replace a case type, and refuses bad ones', async () => {
    const body = {
      code: 'kapvergunning',
      name: 'Kapvergunning',
      termDays: 42,
      team: 'vergunningen',
      statuses: [
        { code: 'ontvangen', name: 'Ontvangen' },
        { code: 'klaar', name: 'Besluit verzonden' },
      ],
    };
    expect((await t.request('PUT', '/api/v1/case-types', kcc, body)).statusCode).toBe(403);
    const made = await t.request('PUT', '/api/v1/case-types', admin, body);
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ code: 'kapvergunning', termDays: 42 });
    const renamed = await t.request('PUT', '/api/v1/case-types', admin, { ...body, name: 'Kapmelding' });
    expect(renamed.json()).toMatchObject({ id: made.json().id, name: 'Kapmelding' });
    const oneStatus = await t.request('PUT', '/api/v1/case-types', admin, {
      ...body,
      statuses: [{ code: 'x', name: 'X' }],
    });
    expect(oneStatus.statusCode).toBe(400);
    expect(oneStatus.json().invalidParams[0].name).toBe('statuses');
    const team = await t.request('PUT', '/api/v1/case-types', admin, { ...body, team: 'bestaat-niet' });
    expect(team.statusCode).toBe(422);
    expect(team.json().invalidParams[0].name).toBe('team');
  });
});

describe('a case from start to end', () => {
  it('is created with its first status and an expected end date from the term', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'parkeervergunning',
      subject: 'Bewonersvergunning Kerkstraat',
      parties: [{ partyId: sanne }],
    });
    expect(c).toMatchObject({
      source: 'loket',
      identification: expect.stringMatching(/^ZAAK-\d{7}$/),
      caseType: { code: 'parkeervergunning', name: 'Parkeervergunning' },
      status: { code: 'ontvangen', name: 'Aanvraag ontvangen', final: false },
      closed: false,
      startDate: '2026-11-23',
      expectedEndDate: '2026-12-07',
      endDate: null,
      team: { code: 'vergunningen' },
      parties: [{ partyId: sanne, role: 'initiator' }],
    });
    expect(c.history).toHaveLength(1);

    t.clock.advance(3_600_000);
    const step = await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, {
      status: 'in-behandeling',
      explanation: 'Kenteken gecontroleerd',
    });
    expect(step.statusCode).toBe(200);
    expect(step.json().status).toMatchObject({ code: 'in-behandeling', name: 'In behandeling' });
    const doc = await t.request('POST', `/api/v1/cases/${c.identification}/documents`, kcc, {
      title: 'Kentekenbewijs',
      url: 'https://dms.voorbeeld.nl/doc/1',
    });
    expect(doc.statusCode).toBe(201);
    const done = await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, {
      status: 'Afgehandeld',
      explanation: 'Vergunning verleend',
    });
    expect(done.json()).toMatchObject({ closed: true, endDate: '2026-11-23', status: { final: true } });
    expect(
      done.json().history.map((h: { code: string; explanation: string }) => [h.code, h.explanation]),
    ).toEqual([
      ['ontvangen', 'Zaak aangemaakt'],
      ['in-behandeling', 'Kenteken gecontroleerd'],
      ['afgehandeld', 'Vergunning verleend'],
    ]);
    expect(done.json().documents).toEqual([
      expect.objectContaining({
        title: 'Kentekenbewijs',
        date: '2026-11-23',
        url: 'https://dms.voorbeeld.nl/doc/1',
      }),
    ]);
    const again = await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, {
      status: 'in-behandeling',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses an unknown status, case type or party with 422 and bad input with 400', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'melding-openbare-ruimte',
      subject: 'Losliggende tegel',
      parties: [{ partyId: sanne }],
    });
    const status = await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, {
      status: 'klaar',
    });
    expect(status.statusCode).toBe(422);
    expect(status.json().detail).toContain('ingepland');
    const type = await t.request('POST', '/api/v1/cases', kcc, {
      caseType: 'bestaat-niet',
      subject: 'x',
      parties: [{ partyId: sanne }],
    });
    expect(type.statusCode).toBe(422);
    const party = await t.request('POST', '/api/v1/cases', kcc, {
      caseType: 'parkeervergunning',
      subject: 'x',
      parties: [{ partyId: '7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }],
    });
    expect(party.statusCode).toBe(422);
    const none = await t.request('POST', '/api/v1/cases', kcc, {
      caseType: 'parkeervergunning',
      subject: 'x',
    });
    expect(none.statusCode).toBe(400);
    const doc = await t.request('POST', `/api/v1/cases/${c.identification}/documents`, kcc, {
      title: 'Foto',
    });
    expect(doc.statusCode).toBe(400);
    const js = await t.request('POST', `/api/v1/cases/${c.identification}/documents`, kcc, {
      title: 'Foto',
      url: 'javascript:alert(1)',
    });
    expect(js.statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/cases/ZAAK-9999999', kcc)).statusCode).toBe(404);
  });
});

describe('who sees and changes cases', () => {
  it('lets a manager read but not write, and logs every read of a party’s cases', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'bijzondere-bijstand',
      subject: 'Vervanging wasmachine',
      parties: [{ partyId: other }],
    });
    const before = (await logFor(other)).length;
    const read = await t.request('GET', `/api/v1/cases/${c.identification}`, manager);
    expect(read.statusCode).toBe(200);
    expect((await logFor(other)).length).toBe(before + 1);
    const list = await t.request('GET', `/api/v1/cases?party=${other}`, manager);
    expect(list.json().results.map((r: { identification: string }) => r.identification)).toEqual([
      c.identification,
    ]);
    expect((await logFor(other)).length).toBe(before + 2);
    const write = await t.request('POST', `/api/v1/cases/${c.identification}/status`, manager, {
      status: 'in-behandeling',
    });
    expect(write.statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/cases?party=${other}`)).statusCode).toBe(401);
    const app = await t.application('zaaksysteem', ['parties:read']);
    const write2 = await t.request('POST', '/api/v1/cases', app, {
      caseType: 'parkeervergunning',
      subject: 'Via koppeling',
      parties: [{ partyId: other }],
    });
    expect(write2.statusCode).toBe(403);
  });

  it('searches by status, team and text', async () => {
    const ids = async (qs: string) =>
      (await t.request('GET', `/api/v1/cases?${qs}`, kcc))
        .json()
        .results.map((r: { subject: string }) => r.subject);
    expect(await ids('team=werk-inkomen')).toEqual(['Vervanging wasmachine']);
    expect(await ids('status=closed')).toEqual(['Bewonersvergunning Kerkstraat']);
    expect(await ids('status=ontvangen&q=tegel')).toEqual(['Losliggende tegel']);
    expect(await ids(`party=${sanne}&status=open`)).toEqual(['Losliggende tegel']);
    expect((await t.request('GET', '/api/v1/cases', kcc)).statusCode).toBe(400);
  });
});

describe('contacts about a case', () => {
  it('shows the contacts whose subject is the case, without confidential ones for the KCC', async () => {
    const c = await createCase(t, kcc, {
      caseType: 'omgevingsvergunning',
      subject: 'Dakkapel',
      parties: [{ partyId: sanne }],
    });
    const about = (subject: string, confidential = false) =>
      registerContact(
        t.db,
        {
          channel: 'phone',
          direction: 'in',
          subject,
          confidential,
          parties: [{ partyId: sanne }],
          subjects: [{ kind: 'case', reference: c.identification }],
        },
        undefined,
        t.clock,
      );
    await about('Vraag over de dakkapel');
    await about('Vertrouwelijk', true);
    const seen = (await t.request('GET', `/api/v1/cases/${c.identification}`, kcc)).json().contacts;
    expect(seen.map((x: { subject: string }) => x.subject)).toEqual(['Vraag over de dakkapel']);
    const backoffice = await t.login('backoffice');
    const all = (await t.request('GET', `/api/v1/cases/${c.identification}`, backoffice)).json().contacts;
    expect(all).toHaveLength(2);
  });
});

describe('the customer view', () => {
  it('shows the party’s cases with status and expected end date; open ones come with kind=case', async () => {
    const res = await t.request('GET', `/api/v1/parties/${sanne}/view?kind=task,case&limit=100`, kcc);
    expect(res.statusCode).toBe(200);
    const items = res.json().timeline.items.filter((i: { kind: string }) => i.kind === 'case');
    const open = items.filter((i: { data: { status: string } }) => i.data.status === 'open');
    expect(open.map((i: { data: { statusName: string } }) => i.data.statusName).sort()).toEqual([
      'Aanvraag ontvangen',
      'Melding ontvangen',
    ]);
    const melding = open.find((i: { title: string }) => i.title.includes('Losliggende tegel'));
    expect(melding).toMatchObject({
      title: expect.stringContaining('Melding openbare ruimte'),
      summary: 'Status: Melding ontvangen',
      data: { dueAt: '2026-11-28', team: { code: 'openbare-ruimte' } },
    });
    expect(items.find((i: { data: { status: string } }) => i.data.status === 'closed')).toBeTruthy();
    const byChannel = await t.request('GET', `/api/v1/parties/${sanne}/view?channel=phone`, kcc);
    expect(byChannel.json().timeline.items.some((i: { kind: string }) => i.kind === 'case')).toBe(false);
  });
});
