import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(() => t.close());

const unknownId = '7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const countParties = async () =>
  Number(
    (
      await t.db
        .selectFrom('parties')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const person = (bsn: string, extra: Record<string, unknown> = {}) => ({
  kind: 'person',
  givenNames: 'Fatma',
  surname: 'Çelik',
  identifiers: [{ type: 'bsn', value: bsn }],
  ...extra,
});

async function create(body: unknown) {
  const res = await t.request('POST', '/api/v1/parties', kcc, body);
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('creating and reading a party', () => {
  it('stores a person with normalised address and digital addresses in one call', async () => {
    const res = await t.request('POST', '/api/v1/parties', kcc, {
      kind: 'person',
      initials: 'J',
      givenNames: 'Jan',
      surnamePrefix: 'van der',
      surname: 'Berg',
      birthDate: '1980-02-29',
      preferredChannel: 'email',
      identifiers: [{ type: 'bsn', value: '1112 22 333' }],
      addresses: [
        {
          kind: 'visiting',
          street: 'Dorpsstraat',
          houseNumber: '12-3hg',
          postcode: '1234 ab',
          city: 'Voorbeeld',
        },
      ],
      digitalAddresses: [
        { kind: 'email', value: ' Jan.vdBerg@Voorbeeld.NL ', isPreferred: true },
        { kind: 'phone', value: '(020) 123 45 67', label: 'thuis' },
      ],
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      kind: 'person',
      displayName: 'Jan van der Berg',
      initials: 'J.',
      birthDate: '1980-02-29',
      preferredChannel: 'email',
      language: 'nl',
      active: true,
      mergedInto: null,
      identifiers: [{ type: 'bsn', value: '111222333' }],
      addresses: [
        {
          kind: 'visiting',
          street: 'Dorpsstraat',
          houseNumber: 12,
          houseLetter: null,
          houseNumberSuffix: '3hg',
          postcode: '1234AB',
          country: 'NL',
        },
      ],
      createdAt: expect.stringMatching(/^2026-11-23T09:/),
    });
    expect(p.digitalAddresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'email', value: 'jan.vdberg@voorbeeld.nl', isPreferred: true }),
        expect.objectContaining({ kind: 'phone', value: '+31201234567', label: 'thuis', isPreferred: false }),
      ]),
    );

    const read = await t.request('GET', `/api/v1/parties/${p.id}`, kcc);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(p);
  });

  it('logs every read in the processing log with the purpose from X-Loket-Purpose', async () => {
    const p = await create(person('123456782'));
    const who = { ...kcc, headers: { 'x-loket-purpose': 'terugbelverzoek afhandelen' } };
    expect((await t.request('GET', `/api/v1/parties/${p.id}`, who)).statusCode).toBe(200);

    const log = await t.request('GET', `/api/v1/processing-log?party=${p.id}`, admin);
    expect(log.statusCode).toBe(200);
    expect(log.json().results[0]).toMatchObject({
      actorKind: 'employee',
      actorName: expect.any(String),
      partyId: p.id,
      action: 'read',
      purpose: 'terugbelverzoek afhandelen',
      endpoint: 'GET /api/v1/parties/:id',
    });
  });

  it('creates an organisation with KvK-nummer, vestigingsnummer and RSIN, and a contact person', async () => {
    const org = await create({
      kind: 'organisation',
      organisationName: 'Bakkerij De Korenschoof B.V.',
      identifiers: [
        { type: 'kvk_nummer', value: '69599084' },
        { type: 'vestigingsnummer', value: '000038509504' },
        { type: 'rsin', value: '002564440' },
      ],
    });
    expect(org.displayName).toBe('Bakkerij De Korenschoof B.V.');
    expect(org.identifiers.map((i: { type: string }) => i.type).sort()).toEqual([
      'kvk_nummer',
      'rsin',
      'vestigingsnummer',
    ]);

    const cp = await create({
      kind: 'contact_person',
      initials: 'P',
      surname: 'Smit',
      organisationId: org.id,
    });
    expect(cp).toMatchObject({ kind: 'contact_person', displayName: 'P. Smit', organisationId: org.id });
  });

  it('lets only people with parties:read read, and parties:write write', async () => {
    const p = await create(person('010000008'));
    const reader = await t.application('alleen-lezen', ['parties:read']);
    expect((await t.request('GET', `/api/v1/parties/${p.id}`, reader)).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/parties/${p.id}`, reader, { surname: 'X' })).statusCode).toBe(
      403,
    );
    const none = await t.application('niets', ['contacts:read']);
    expect((await t.request('GET', `/api/v1/parties/${p.id}`, none)).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/parties/${p.id}`)).statusCode).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('documents the parties endpoints', async () => {
    const paths = (await t.request('GET', '/api/docs/json')).json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/parties', '/api/v1/parties/{id}', '/api/v1/parties/{id}/merge']),
    );
  });
});

describe('bad input', () => {
  const expectInvalid = async (body: unknown, name: string, reason: string | RegExp) => {
    const before = await countParties();
    const res = await t.request('POST', '/api/v1/parties', kcc, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().invalidParams).toEqual(
      expect.arrayContaining([expect.objectContaining({ name, reason: expect.stringMatching(reason) })]),
    );
    expect(await countParties()).toBe(before);
  };

  it('refuses a BSN that fails the 11-proof, naming the field', async () => {
    await expectInvalid(
      person('123456789'),
      'identifiers.0.value',
      'Ongeldig BSN: voldoet niet aan de elfproef.',
    );
  });

  it('stores nothing when the second identifier is invalid', async () => {
    const body = person('999993653', {
      identifiers: [
        { type: 'bsn', value: '999993653' },
        { type: 'bsn', value: '12345' },
      ],
    });
    await expectInvalid(body, 'identifiers.1.value', /BSN/);
    expect(
      (await t.db.selectFrom('party_identifiers').selectAll().where('value', '=', '999993653').execute())
        .length,
    ).toBe(0);
  });

  it('refuses a KvK-nummer that is not 8 digits', async () => {
    await expectInvalid(
      {
        kind: 'organisation',
        organisationName: 'X',
        identifiers: [{ type: 'kvk_nummer', value: '1234567' }],
      },
      'identifiers.0.value',
      /KvK-nummer/,
    );
  });

  it('refuses a BSN on an organisation', async () => {
    await expectInvalid(
      { kind: 'organisation', organisationName: 'X', identifiers: [{ type: 'bsn', value: '111222333' }] },
      'identifiers.0.type',
      /organisatie/,
    );
  });

  it('refuses an invalid Dutch postcode and a Dutch address without one', async () => {
    const address = (a: object) =>
      person('876543210', { identifiers: [], addresses: [{ kind: 'correspondence', houseNumber: 5, ...a }] });
    await expectInvalid(address({ postcode: '0123 AB' }), 'addresses.0.postcode', /Ongeldige postcode/);
    await expectInvalid(address({}), 'addresses.0.postcode', /verplicht/);
  });

  it('refuses an invalid e-mail address and phone number', async () => {
    await expectInvalid(
      person('876543210', { identifiers: [], digitalAddresses: [{ kind: 'email', value: 'jan@voorbeeld' }] }),
      'digitalAddresses.0.value',
      'Ongeldig e-mailadres.',
    );
    await expectInvalid(
      person('876543210', { identifiers: [], digitalAddresses: [{ kind: 'phone', value: '06-1234' }] }),
      'digitalAddresses.0.value',
      'Ongeldig telefoonnummer.',
    );
  });

  it('requires a surname for a person and a name for an organisation', async () => {
    await expectInvalid({ kind: 'person', givenNames: 'Jan' }, 'surname', 'Achternaam is verplicht.');
    await expectInvalid({ kind: 'organisation' }, 'organisationName', 'Organisatienaam is verplicht.');
  });

  it('answers a duplicate BSN with 409 naming the field', async () => {
    await create(person('100000009'));
    const before = await countParties();
    const res = await t.request('POST', '/api/v1/parties', kcc, person('100.000.009'));
    expect(res.statusCode).toBe(409);
    expect(res.json().invalidParams).toEqual([expect.objectContaining({ name: 'identifiers.0.value' })]);
    expect(res.json().detail).toBe('Er bestaat al een partij met dit BSN.');
    expect(await countParties()).toBe(before);
  });

  it('refuses an unknown preferred channel and stores nothing', async () => {
    const before = await countParties();
    const res = await t.request(
      'POST',
      '/api/v1/parties',
      kcc,
      person('200000007', { preferredChannel: 'duif' }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams).toEqual([expect.objectContaining({ name: 'preferredChannel' })]);
    expect(await countParties()).toBe(before);
  });

  it('refuses a contact person whose organisation is a person', async () => {
    const p = await create(person('300000005'));
    const res = await t.request('POST', '/api/v1/parties', kcc, {
      kind: 'contact_person',
      surname: 'Smit',
      organisationId: p.id,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0].name).toBe('organisationId');
  });

  it('answers an unknown or malformed id with 404 on every endpoint', async () => {
    const existing = await create(person('111111110'));
    const missing = await t.request('POST', `/api/v1/parties/${existing.id}/merge`, kcc, {
      duplicateId: 'geen-uuid',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().invalidParams[0].name).toBe('duplicateId');
    for (const id of [unknownId, 'geen-uuid', "1'; drop table parties;--"]) {
      const path = `/api/v1/parties/${encodeURIComponent(id)}`;
      expect((await t.request('GET', path, kcc)).statusCode).toBe(404);
      expect((await t.request('PATCH', path, kcc, { surname: 'X' })).statusCode).toBe(404);
      expect(
        (await t.request('POST', `${path}/identifiers`, kcc, { type: 'bsn', value: '111222333' })).statusCode,
      ).toBe(404);
      expect(
        (await t.request('PUT', `${path}/addresses/visiting`, kcc, { postcode: '1234AB', houseNumber: 1 }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.request('POST', `${path}/digital-addresses`, kcc, { kind: 'email', value: 'a@b.nl' }))
          .statusCode,
      ).toBe(404);
      expect((await t.request('POST', `${path}/merge`, kcc, { duplicateId: existing.id })).statusCode).toBe(
        404,
      );
    }
    const res = await t.request('GET', `/api/v1/parties/${unknownId}`, kcc);
    expect(res.json()).toMatchObject({ status: 404, detail: 'Partij niet gevonden.' });
  });
});
