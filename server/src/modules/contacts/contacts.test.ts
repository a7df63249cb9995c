import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { uuidFrom } from '../demo/random.ts';
import { createParty, mergeParties } from '../parties/parties.service.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
beforeAll(async () => {
  t = await testApp();
  [kcc, backoffice] = await Promise.all([t.login('kcc'), t.login('backoffice')]);
});
afterAll(() => t.close());

const insertParty = async (db: Db, surname: string) =>
  (await createParty(db, { kind: 'person', surname })).id;

const countRows = async () => {
  const [c, p, s, a] = await Promise.all(
    (['contacts', 'contact_parties', 'contact_subjects', 'attachments'] as const).map((table) =>
      t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return { contacts: c?.n, parties: p?.n, subjects: s?.n, attachments: a?.n };
};

const logEntries = (partyId: string) =>
  t.db.selectFrom('processing_log').selectAll().where('party_id', '=', partyId).execute();

const phoneCall = (extra: Record<string, unknown> = {}) => ({
  channel: 'phone',
  direction: 'in',
  reasonCode: 'paspoort',
  subject: 'Vraag over paspoort aanvragen',
  content: 'Mevrouw wil weten welke documenten zij moet meenemen.',
  ...extra,
});

describe('registering a contact', () => {
  it('stores a contact with a party, a subject object and the registering employee', async () => {
    const partyId = await insertParty(t.db, 'Jansen');
    const res = await t.request(
      'POST',
      '/api/v1/contacts',
      kcc,
      phoneCall({
        parties: [{ partyId, role: 'klant', details: { name: 'M. Jansen', phone: '06-12345678' } }],
        subjects: [{ kind: 'case', reference: 'ZAAK-2026-0042', register: 'openzaak' }],
        result: 'Uitgelegd welke documenten nodig zijn.',
        resolvedFirstContact: true,
      }),
    );
    expect(res.statusCode).toBe(201);
    const contact = res.json();
    expect(contact).toMatchObject({
      channel: 'phone',
      direction: 'in',
      reason: { code: 'paspoort', label: 'Paspoort of ID-kaart aanvragen' },
      subject: 'Vraag over paspoort aanvragen',
      resolvedFirstContact: true,
      confidential: false,
      language: 'nl',
      employee: { id: uuidFrom('employee:kcc'), name: 'KCC-medewerker' },
      team: { code: 'kcc' },
      parties: [{ partyId, role: 'klant', initiator: true, details: { name: 'M. Jansen' } }],
      subjects: [{ kind: 'case', reference: 'ZAAK-2026-0042', register: 'openzaak', relatedContactId: null }],
      attachments: [],
    });
    expect(contact.number).toMatch(/^\d+$/);
    expect(Math.abs(Date.parse(contact.occurredAt) - t.clock.now().getTime())).toBeLessThan(60_000);

    const read = await t.request('GET', `/api/v1/contacts/${contact.id}`, kcc);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(contact);
    const log = await logEntries(partyId);
    expect(log).toEqual([
      expect.objectContaining({ actor_name: 'KCC-medewerker', endpoint: 'GET /api/v1/contacts/:id' }),
    ]);
  });

  it('allows an anonymous contact and links a follow-up to it', async () => {
    const first = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'counter',
      direction: 'in',
      subject: 'Vraag over openingstijden',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ parties: [], reason: null, content: '' });

    const followUp = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'email',
      direction: 'out',
      subject: 'Antwoord openingstijden',
      occurredAt: '2026-11-23T08:30:00+01:00',
      subjects: [{ kind: 'contact', reference: first.json().id }],
    });
    expect(followUp.statusCode).toBe(201);
    expect(followUp.json()).toMatchObject({
      occurredAt: '2026-11-23T07:30:00.000Z',
      subjects: [{ kind: 'contact', relatedContactId: first.json().id }],
    });
  });

  it('answers a registration with exactly what reading the contact returns', async () => {
    // The answer is built from what was written (not read back): it must not drift from a read.
    const partyId = await insertParty(t.db, 'De Vries');
    const earlier = (await t.request('POST', '/api/v1/contacts', kcc, phoneCall())).json();
    const res = await t.request(
      'POST',
      '/api/v1/contacts',
      backoffice,
      phoneCall({
        reasonCode: undefined,
        reasonId: earlier.reason.id,
        direction: 'out',
        employeeId: uuidFrom('employee:kcc'),
        teamId: uuidFrom('team:burgerzaken'),
        occurredAt: '2026-11-20T09:15:00+01:00',
        confidential: true,
        language: 'en',
        durationSeconds: 95,
        parties: [
          { role: 'klant', details: { name: 'Onbekende beller', phone: '+31612345678' } },
          { partyId, role: 'vertegenwoordiger', initiator: true },
        ],
        subjects: [
          { kind: 'contact', reference: earlier.id },
          { kind: 'product', reference: 'paspoort' },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const read = await t.request('GET', `/api/v1/contacts/${res.json().id}`, backoffice);
    expect(read.json()).toEqual(res.json());
    expect(res.json()).toMatchObject({
      employee: { id: uuidFrom('employee:kcc'), name: 'KCC-medewerker' },
      team: { code: 'burgerzaken' },
      parties: [{ initiator: false }, { partyId, initiator: true }],
    });
  });

  it('lets an employee fill in reason, result and first-contact resolution afterwards', async () => {
    const created = (
      await t.request('POST', '/api/v1/contacts', kcc, phoneCall({ reasonCode: undefined }))
    ).json();
    const res = await t.request('PATCH', `/api/v1/contacts/${created.id}`, kcc, {
      reasonCode: 'klacht',
      result: 'Klacht doorgezet naar de teamleider.',
      resolvedFirstContact: false,
      content: 'Aanvulling: de klant belde eerder al twee keer.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      reason: { code: 'klacht' },
      result: 'Klacht doorgezet naar de teamleider.',
      content: 'Aanvulling: de klant belde eerder al twee keer.',
      subject: created.subject,
    });
  });

  it('lists a party’s contacts newest first, page by page, and logs the read', async () => {
    const partyId = await insertParty(t.db, 'De Vries');
    for (const [i, channel] of ['phone', 'email', 'phone'].entries()) {
      const at = new Date(Date.UTC(2026, 10, 20, 10 + i)).toISOString();
      const res = await t.request('POST', '/api/v1/contacts', kcc, {
        ...phoneCall({ channel, occurredAt: at, subject: `Contact ${i}` }),
        parties: [{ partyId }],
      });
      expect(res.statusCode).toBe(201);
    }
    const page1 = await t.request('GET', `/api/v1/contacts?party=${partyId}&limit=2`, kcc);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((c: { subject: string }) => c.subject)).toEqual(['Contact 2', 'Contact 1']);
    const cursor = page1.json().nextCursor;
    expect(cursor).toBeTruthy();
    const page2 = await t.request('GET', `/api/v1/contacts?party=${partyId}&limit=2&cursor=${cursor}`, kcc);
    expect(page2.json()).toMatchObject({ items: [{ subject: 'Contact 0' }], nextCursor: null });

    const phones = await t.request(
      'GET',
      `/api/v1/contacts?party=${partyId}&channel=phone&reason=paspoort`,
      kcc,
    );
    expect(phones.json().items.map((c: { subject: string }) => c.subject)).toEqual([
      'Contact 2',
      'Contact 0',
    ]);
    expect((await logEntries(partyId)).length).toBe(3);
  });
});

describe('merged parties', () => {
  it('lists the contacts of a duplicate under the party it was merged into', async () => {
    const survivor = await insertParty(t.db, 'Peters');
    const duplicate = await insertParty(t.db, 'Pieters');
    for (const partyId of [survivor, duplicate]) {
      await t.request('POST', '/api/v1/contacts', kcc, { ...phoneCall(), parties: [{ partyId }] });
    }
    await mergeParties(t.db, survivor, duplicate, t.clock.now());
    const res = await t.request('GET', `/api/v1/contacts?party=${survivor}`, kcc);
    expect(
      res
        .json()
        .items.map((c: { parties: { partyId: string }[] }) => c.parties[0]?.partyId)
        .sort(),
    ).toEqual([survivor, duplicate].sort());
  });
});

describe('confidential contacts', () => {
  it('are visible only to actors with the confidential right', async () => {
    const partyId = await insertParty(t.db, 'Bakker');
    const res = await t.request('POST', '/api/v1/contacts', backoffice, {
      ...phoneCall({ confidential: true, subject: 'Geheime melding' }),
      parties: [{ partyId }],
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;

    expect((await t.request('GET', `/api/v1/contacts/${id}`, backoffice)).statusCode).toBe(200);
    const hidden = await t.request('GET', `/api/v1/contacts/${id}`, kcc);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().detail).toBe('Contact niet gevonden.');
    expect((await t.request('PATCH', `/api/v1/contacts/${id}`, kcc, { result: 'x' })).statusCode).toBe(404);

    const kccList = await t.request('GET', `/api/v1/contacts?party=${partyId}`, kcc);
    expect(kccList.json().items).toEqual([]);
    const boList = await t.request('GET', `/api/v1/contacts?party=${partyId}`, backoffice);
    expect(boList.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['unknown channel', phoneCall({ channel: 'duif' }), 400, 'channel'],
    ['missing direction', phoneCall({ direction: undefined }), 400, 'direction'],
    ['wrong direction', phoneCall({ direction: 'zijwaarts' }), 400, 'direction'],
    ['empty subject', phoneCall({ subject: '  ' }), 400, 'subject'],
    ['subject too long', phoneCall({ subject: 'x'.repeat(301) }), 400, 'subject'],
    ['NUL character in the content', phoneCall({ content: 'a\u0000b' }), 400, 'content'],
    ['half a surrogate pair in the subject', phoneCall({ subject: 'Vraag \ud83d' }), 400, 'subject'],
    ['unknown reason code', phoneCall({ reasonCode: 'bestaat-niet' }), 422, 'reasonCode'],
    ['unknown reason id', phoneCall({ reasonCode: undefined, reasonId: randomUUID() }), 422, 'reasonId'],
    ['malformed reason id', phoneCall({ reasonCode: undefined, reasonId: '12' }), 400, 'reasonId'],
    ['future occurredAt', phoneCall({ occurredAt: '2026-11-23T09:10:00Z' }), 400, 'occurredAt'],
    ['malformed occurredAt', phoneCall({ occurredAt: '23-11-2026' }), 400, 'occurredAt'],
    ['language', phoneCall({ language: 'Nederlands' }), 400, 'language'],
    ['resolvedFirstContact', phoneCall({ resolvedFirstContact: 'ja' }), 400, 'resolvedFirstContact'],
    ['unknown employee', phoneCall({ employeeId: randomUUID() }), 422, 'employeeId'],
    ['unknown team', phoneCall({ teamId: randomUUID() }), 422, 'teamId'],
    ['malformed party id', phoneCall({ parties: [{ partyId: 'P-1' }] }), 400, 'parties.0.partyId'],
    ['unknown party', phoneCall({ parties: [{ partyId: randomUUID() }] }), 422, 'parties.0.partyId'],
    ['wrong role', phoneCall({ parties: [{ role: 'buurman' }] }), 400, 'parties.0.role'],
    [
      'details too big',
      phoneCall({ parties: [{ details: { note: 'x'.repeat(5000) } }] }),
      400,
      'parties.0.details',
    ],
    [
      'wrong subject kind',
      phoneCall({ subjects: [{ kind: 'zaak', reference: 'Z-1' }] }),
      400,
      'subjects.0.kind',
    ],
    [
      'bad subject URL',
      phoneCall({ subjects: [{ kind: 'case', reference: 'https://' }] }),
      400,
      'subjects.0.reference',
    ],
    [
      'unknown related contact',
      phoneCall({ subjects: [{ kind: 'contact', reference: 'x', relatedContactId: randomUUID() }] }),
      422,
      'subjects.0.relatedContactId',
    ],
    ['unknown field', phoneCall({ kanaal: 'telefoon' }), 400, 'kanaal'],
  ];

  it.each(cases)('%s → an error naming the field, nothing stored', async (_label, body, status, field) => {
    const before = await countRows();
    const res = await t.request('POST', '/api/v1/contacts', kcc, body);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.invalidParams.map((p: { name: string }) => p.name).join(' ')).toContain(field);
    expect(problem.detail).toMatch(/[a-z]/);
    expect(await countRows()).toEqual(before);
  });

  it('stores nothing when the second of two parties is unknown', async () => {
    const partyId = await insertParty(t.db, 'Smit');
    const before = await countRows();
    const res = await t.request('POST', '/api/v1/contacts', kcc, {
      ...phoneCall(),
      parties: [{ partyId }, { partyId: randomUUID(), role: 'vertegenwoordiger' }],
      subjects: [{ kind: 'product', reference: 'paspoort' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0]).toMatchObject({
      name: 'parties.1.partyId',
      reason: 'Deze partij bestaat niet.',
    });
    expect(await countRows()).toEqual(before);
  });

  it('stores nothing when a party is unknown in a plain registration, an id in capitals included', async () => {
    // Without subject objects the registration is one statement that checks the parties itself.
    const partyId = await insertParty(t.db, 'Visser');
    const before = await countRows();
    const res = await t.request('POST', '/api/v1/contacts', kcc, {
      ...phoneCall(),
      parties: [{ partyId: partyId.toUpperCase() }, { partyId: randomUUID().toUpperCase() }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0]).toMatchObject({ name: 'parties.1.partyId' });
    expect(await countRows()).toEqual(before);
    const known = await t.request('POST', '/api/v1/contacts', kcc, {
      ...phoneCall(),
      parties: [{ partyId: partyId.toUpperCase() }],
    });
    expect(known.statusCode).toBe(201);
    expect(known.json().parties[0].partyId).toBe(partyId);
  });

  it('answers an unknown or malformed id, a bad cursor and no login with 4xx', async () => {
    expect((await t.request('GET', `/api/v1/contacts/${randomUUID()}`, kcc)).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/contacts/abc', kcc)).statusCode).toBe(400);
    const cursor = await t.request('GET', '/api/v1/contacts?cursor=onzin', kcc);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().invalidParams[0].name).toBe('cursor');
    expect((await t.request('GET', '/api/v1/contacts?reason=bestaat-niet', kcc)).statusCode).toBe(400);
    const party = await t.request('GET', `/api/v1/contacts?party=${randomUUID()}`, kcc);
    expect(party.statusCode).toBe(400);
    expect(party.json().invalidParams[0].name).toBe('party');
    expect((await t.request('GET', '/api/v1/contacts?limit=1000', kcc)).statusCode).toBe(400);
    expect((await t.request('POST', '/api/v1/contacts', undefined, phoneCall())).statusCode).toBe(401);
    const empty = await t.request('PATCH', `/api/v1/contacts/${randomUUID()}`, kcc, {});
    expect(empty.statusCode).toBe(404);
  });

  it('refuses a contact without the write right', async () => {
    const reader = await t.application('alleen-lezen', ['contacts:read']);
    expect((await t.request('POST', '/api/v1/contacts', reader, phoneCall())).statusCode).toBe(403);
  });
});

describe('duration of a contact', () => {
  it('keeps a call duration in seconds, and leaves it empty when not given', async () => {
    const res = await t.request('POST', '/api/v1/contacts', kcc, phoneCall({ durationSeconds: 312 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().durationSeconds).toBe(312);
    const fetched = await t.request('GET', `/api/v1/contacts/${res.json().id}`, kcc);
    expect(fetched.json().durationSeconds).toBe(312);
    const without = await t.request('POST', '/api/v1/contacts', kcc, phoneCall());
    expect(without.json().durationSeconds).toBeNull();
    const negative = await t.request('POST', '/api/v1/contacts', kcc, phoneCall({ durationSeconds: -1 }));
    expect(negative.statusCode).toBe(400);
    expect(negative.json().invalidParams[0].name).toBe('durationSeconds');
  });
});
