import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';

let t: TestApp;
let kcc: Who;
let formEngine: Who;

beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  formEngine = await t.application('open-formulieren', ['contacts:write']);
});
afterAll(() => t.close());

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
let n = 0;

const submission = (extra: Record<string, unknown> = {}) => ({
  formId: 'melding-openbare-ruimte',
  formName: 'Melding openbare ruimte',
  reference: `OF-2026-${String(++n).padStart(4, '0')}`,
  submittedAt: t.clock.now().toISOString(),
  fields: [
    { key: 'omschrijving', label: 'Wat wilt u melden?', value: 'Losliggende stoeptegel voor nummer 12' },
    { key: 'locatie', label: 'Locatie', value: { straat: 'Dorpsstraat', huisnummer: 12 } },
    { key: 'terugkoppeling', label: 'Wilt u bericht over de afhandeling?', value: true },
    { key: 'soort', label: 'Soort', value: ['stoep', 'straat'] },
    { key: 'opmerking', label: 'Opmerking', value: null },
  ],
  ...extra,
});

type Created = { contactId: string; contactNumber: string; reference: string; partyLinked: boolean };

async function submit(body: unknown, who: Who = formEngine) {
  return t.request('POST', '/api/v1/forms/submissions', who, body);
}

async function createParty(body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/parties', kcc, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const contact = async (id: string) => (await t.request('GET', `/api/v1/contacts/${id}`, kcc)).json();
const timelineIds = async (partyId: string) =>
  (
    (await t.request('GET', `/api/v1/parties/${partyId}/view`, kcc)).json() as {
      timeline: { items: { id: string }[] };
    }
  ).timeline.items.map((i) => i.id);
const queuedIds = async () =>
  (
    (await t.request('GET', '/api/v1/queues/kcc/items', kcc)).json() as { items: { contactId: string }[] }
  ).items.map((i) => i.contactId);
const count = async (table: 'contacts' | 'webform_submissions' | 'attachments') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('web form submissions', () => {
  it('records a DigiD submission in the timeline of the party with that BSN, routed and queued', async () => {
    const party = await createParty({
      kind: 'person',
      surname: 'Bakker',
      identifiers: [{ type: 'bsn', value: '111222333' }],
    });
    const res = await submit(
      submission({ auth: { attribute: 'bsn', value: '111222333', plugin: 'digid' }, reference: 'OF-BSN-1' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as Created;
    expect(body).toMatchObject({ reference: 'OF-BSN-1', partyLinked: true });

    const c = await contact(body.contactId);
    expect(c).toMatchObject({
      channel: 'webform',
      direction: 'in',
      subject: 'Melding openbare ruimte',
      team: { code: 'kcc' },
      subjects: [{ kind: 'other', reference: 'OF-BSN-1', register: 'e-formulier' }],
    });
    expect(c.parties.map((p: { partyId: string }) => p.partyId)).toEqual([party.id]);
    // A readable Dutch summary, not JSON.
    expect(c.content).toContain('E-formulier "Melding openbare ruimte" (referentie OF-BSN-1)');
    expect(c.content).toContain('Ingelogd met DigiD.');
    expect(c.content).toContain('Wat wilt u melden?: Losliggende stoeptegel voor nummer 12');
    expect(c.content).toContain('Locatie: straat: Dorpsstraat, huisnummer: 12');
    expect(c.content).toContain('Wilt u bericht over de afhandeling?: ja');
    expect(c.content).toContain('Soort: stoep, straat');
    expect(c.content).toContain('Opmerking: (niet ingevuld)');
    expect(c.content).not.toContain('{');
    expect(c.content).not.toContain('111222333');

    expect(await timelineIds(party.id)).toContain(body.contactId);
    expect(await queuedIds()).toContain(body.contactId);
  });

  it('links an eHerkenning submission to the organisation with that KvK-nummer', async () => {
    const org = await createParty({
      kind: 'organisation',
      organisationName: 'Bakkerij Voorbeeld B.V.',
      identifiers: [{ type: 'kvk_nummer', value: '12345678' }],
    });
    const res = await submit(
      submission({ auth: { attribute: 'kvk', value: '1234 5678' }, formName: 'Aanvraag terrasvergunning' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const c = await contact((res.json() as Created).contactId);
    expect(c.parties.map((p: { partyId: string }) => p.partyId)).toEqual([org.id]);
    expect(c.content).toContain('Ingelogd met eHerkenning.');
  });

  it('records an anonymous submission without a party, and an unknown BSN without guessing one', async () => {
    const anon = await submit(submission());
    expect(anon.statusCode, anon.body).toBe(201);
    expect((anon.json() as Created).partyLinked).toBe(false);
    const a = await contact((anon.json() as Created).contactId);
    expect(a.parties).toEqual([expect.objectContaining({ partyId: null })]);
    expect(a.content).toContain('Niet ingelogd ingediend.');

    // A valid BSN nobody in Loket has: anonymous, marked as logged in, never another party.
    const unknown = await submit(submission({ auth: { attribute: 'bsn', value: '123456782' } }));
    expect(unknown.statusCode, unknown.body).toBe(201);
    expect((unknown.json() as Created).partyLinked).toBe(false);
    const u = await contact((unknown.json() as Created).contactId);
    expect(u.parties).toEqual([
      expect.objectContaining({ partyId: null, details: { ingelogdMet: 'DigiD', partijBekend: false } }),
    ]);
    expect(u.content).toContain('de BSN is niet bekend in Loket');
    expect(await queuedIds()).toContain(u.id);
  });

  it('refuses an invalid BSN or KvK-nummer with 400 and stores nothing', async () => {
    const before = { contacts: await count('contacts'), submissions: await count('webform_submissions') };
    const bsn = await submit(submission({ auth: { attribute: 'bsn', value: '123456789' } }));
    expect(bsn.statusCode).toBe(400);
    expect(bsn.json().invalidParams[0].name).toBe('auth.value');
    expect(bsn.body).not.toContain('123456789');
    const kvk = await submit(submission({ auth: { attribute: 'kvk', value: '1234567' } }));
    expect(kvk.statusCode).toBe(400);
    expect((await submit({ ...submission(), fields: 'geen lijst' })).statusCode).toBe(400);
    expect((await submit({ ...submission(), onbekend: 1 })).statusCode).toBe(400);
    expect({ contacts: await count('contacts'), submissions: await count('webform_submissions') }).toEqual(
      before,
    );
  });

  it('answers a replay with the first contact (200) and stores it once', async () => {
    const body = submission({ reference: 'OF-REPLAY-1' });
    const first = await submit(body);
    expect(first.statusCode).toBe(201);
    const before = await count('contacts');
    const again = await submit({ ...body, fields: [{ label: 'Anders', value: 'x' }] });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await count('contacts')).toBe(before);
  });

  it('stores one contact when the same submission arrives twice at the same moment', async () => {
    const body = submission({ reference: 'OF-RACE-1' });
    const before = await count('contacts');
    const answers = await Promise.all([submit(body), submit(body), submit(body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => (a.json() as Created).contactId)).size).toBe(1);
    expect(await count('contacts')).toBe(before + 1);
  });

  it('keeps attachments through the attachment checks, and refuses a disguised file without storing anything', async () => {
    const ok = await submit(
      submission({
        attachments: [{ filename: 'foto-situatie.pdf', contentType: 'application/pdf', data: pdf }],
      }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const c = await contact((ok.json() as Created).contactId);
    expect(c.attachments).toEqual([
      expect.objectContaining({ filename: 'foto-situatie.pdf', contentType: 'application/pdf' }),
    ]);
    expect(c.content).toContain('Bijlagen: foto-situatie.pdf');

    const before = { contacts: await count('contacts'), attachments: await count('attachments') };
    const exe = Buffer.from('MZ\x90\x00this is not a pdf').toString('base64');
    const bad = await submit(
      submission({ attachments: [{ filename: 'factuur.pdf', contentType: 'application/pdf', data: exe }] }),
    );
    expect(bad.statusCode).toBe(415);
    const notBase64 = await submit(
      submission({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', data: 'abc' }] }),
    );
    expect(notBase64.statusCode).toBe(400);
    expect({ contacts: await count('contacts'), attachments: await count('attachments') }).toEqual(before);
  });

  it('needs a token that may write contacts', async () => {
    expect((await submit(submission(), {})).statusCode).toBe(401);
    const reader = await t.application('alleen-lezen', ['contacts:read']);
    expect((await submit(submission(), reader)).statusCode).toBe(403);
  });
});
