import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { partyIdsForTimeline } from './parties.service.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(() => t.close());

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

describe('changing a party', () => {
  it('updates name parts, display name and preferences', async () => {
    const p = await create(person('400000003'));
    const later = t.clock.advance(60_000);
    const res = await t.request('PATCH', `/api/v1/parties/${p.id}`, kcc, {
      surnamePrefix: 'van',
      givenNames: null,
      initials: 'f',
      preferredChannel: 'phone',
      language: 'en',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: 'F. van Çelik',
      preferredChannel: 'phone',
      language: 'en',
      surname: 'Çelik',
      updatedAt: expect.stringMatching(later.toISOString().slice(0, 16)),
    });
    const bad = await t.request('PATCH', `/api/v1/parties/${p.id}`, kcc, { surname: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalidParams[0]).toMatchObject({
      name: 'surname',
      reason: 'Achternaam is verplicht.',
    });
  });

  it('adds and removes identifiers; refuses a taken one with 409', async () => {
    const org = await create({ kind: 'organisation', organisationName: 'Gemeentewerf' });
    const add = await t.request('POST', `/api/v1/parties/${org.id}/identifiers`, kcc, {
      type: 'vestigingsnummer',
      value: '0000 1234 5678',
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ type: 'vestigingsnummer', value: '000012345678' });

    const other = await create({ kind: 'organisation', organisationName: 'Andere werf' });
    const taken = await t.request('POST', `/api/v1/parties/${other.id}/identifiers`, kcc, {
      type: 'vestigingsnummer',
      value: '000012345678',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().invalidParams[0].name).toBe('value');

    const bad = await t.request('POST', `/api/v1/parties/${org.id}/identifiers`, kcc, {
      type: 'rsin',
      value: '123456789',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalidParams[0]).toMatchObject({
      name: 'value',
      reason: 'Ongeldig RSIN: voldoet niet aan de elfproef.',
    });

    const del = await t.request('DELETE', `/api/v1/parties/${org.id}/identifiers/${add.json().id}`, kcc);
    expect(del.statusCode).toBe(204);
    expect(
      (await t.request('DELETE', `/api/v1/parties/${org.id}/identifiers/${add.json().id}`, kcc)).statusCode,
    ).toBe(404);
    expect((await t.request('GET', `/api/v1/parties/${org.id}`, kcc)).json().identifiers).toEqual([]);
  });

  it('sets, replaces and removes addresses by kind, Dutch or foreign', async () => {
    const p = await create(person('500000001'));
    const url = `/api/v1/parties/${p.id}/addresses`;
    const nl = await t.request('PUT', `${url}/visiting`, kcc, {
      postcode: '9999zz',
      houseNumber: '12 A',
      city: 'Ergens',
    });
    expect(nl.statusCode).toBe(200);
    expect(nl.json()).toMatchObject({ postcode: '9999ZZ', houseNumber: 12, houseLetter: 'A', country: 'NL' });
    const moved = await t.request('PUT', `${url}/visiting`, kcc, { postcode: '1234AB', houseNumber: '5-a' });
    expect(moved.json()).toMatchObject({ postcode: '1234AB', houseNumber: 5, houseLetter: 'A', city: null });

    const abroad = await t.request('PUT', `${url}/correspondence`, kcc, {
      country: 'be',
      postcode: 'B-1000',
      addressLines: ['Rue de la Loi 16', '1000 Bruxelles'],
    });
    expect(abroad.statusCode).toBe(200);
    expect(abroad.json()).toMatchObject({
      country: 'BE',
      postcode: 'B-1000',
      addressLines: ['Rue de la Loi 16', '1000 Bruxelles'],
    });

    const bad = await t.request('PUT', `${url}/visiting`, kcc, { postcode: '1234 SS', houseNumber: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .invalidParams.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['houseNumber', 'postcode']);
    expect(
      (await t.request('PUT', `${url}/elders`, kcc, { postcode: '1234AB', houseNumber: 1 })).statusCode,
    ).toBe(400);

    expect((await t.request('DELETE', `${url}/visiting`, kcc)).statusCode).toBe(204);
    expect((await t.request('DELETE', `${url}/visiting`, kcc)).statusCode).toBe(404);
    const after = (await t.request('GET', `/api/v1/parties/${p.id}`, kcc)).json();
    expect(after.addresses.map((a: { kind: string }) => a.kind)).toEqual(['correspondence']);
  });

  it('keeps one preferred digital address per kind and forgets verification when the value changes', async () => {
    const p = await create(person('600000011'));
    const url = `/api/v1/parties/${p.id}/digital-addresses`;
    const first = await t.request('POST', url, kcc, {
      kind: 'phone',
      value: '06 1234 5678',
      isPreferred: true,
      verifiedAt: '2026-01-01T10:00:00Z',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      value: '+31612345678',
      isPreferred: true,
      verifiedAt: '2026-01-01T10:00:00.000Z',
    });
    const second = await t.request('POST', url, kcc, {
      kind: 'phone',
      value: '0031201234567',
      isPreferred: true,
    });
    expect(second.json()).toMatchObject({ value: '+31201234567', isPreferred: true });
    const email = await t.request('POST', url, kcc, {
      kind: 'email',
      value: 'f@voorbeeld.nl',
      isPreferred: true,
    });
    expect(email.statusCode).toBe(201);

    const preferred = async () =>
      (await t.request('GET', `/api/v1/parties/${p.id}`, kcc))
        .json()
        .digitalAddresses.filter((d: { isPreferred: boolean }) => d.isPreferred)
        .map((d: { value: string }) => d.value)
        .sort();
    expect(await preferred()).toEqual(['+31201234567', 'f@voorbeeld.nl']);

    const dup = await t.request('POST', url, kcc, { kind: 'phone', value: '+31 6 12345678' });
    expect(dup.statusCode).toBe(409);

    const patched = await t.request('PATCH', `${url}/${first.json().id}`, kcc, {
      isPreferred: true,
      value: '06-87654321',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ value: '+31687654321', isPreferred: true, verifiedAt: null });
    expect(await preferred()).toEqual(['+31687654321', 'f@voorbeeld.nl']);

    const badPatch = await t.request('PATCH', `${url}/${first.json().id}`, kcc, { value: 'geen nummer' });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().invalidParams[0]).toMatchObject({
      name: 'value',
      reason: 'Ongeldig telefoonnummer.',
    });

    expect((await t.request('DELETE', `${url}/${first.json().id}`, kcc)).statusCode).toBe(204);
    expect((await t.request('PATCH', `${url}/${first.json().id}`, kcc, { label: 'x' })).statusCode).toBe(404);
    expect((await t.request('DELETE', `${url}/geen-uuid`, kcc)).statusCode).toBe(404);
  });
});

describe('merging duplicates', () => {
  it('moves identifiers, digital addresses and missing addresses; keeps the duplicate as history', async () => {
    const survivor = await create({
      kind: 'person',
      surname: 'Jansen',
      addresses: [{ kind: 'visiting', postcode: '1234AB', houseNumber: 1 }],
      digitalAddresses: [{ kind: 'email', value: 'j@voorbeeld.nl', isPreferred: true }],
    });
    const duplicate = await create({
      kind: 'person',
      surname: 'Janssen',
      birthDate: '1950-01-01',
      identifiers: [{ type: 'bsn', value: '700000008' }],
      addresses: [
        { kind: 'visiting', postcode: '5678CD', houseNumber: 2 },
        { kind: 'correspondence', postcode: '5678CD', houseNumber: 3 },
      ],
      digitalAddresses: [
        { kind: 'email', value: 'J@voorbeeld.nl', isPreferred: true },
        { kind: 'email', value: 'jansen@werk.nl', isPreferred: false },
        { kind: 'phone', value: '06-11111111', isPreferred: true },
      ],
    });
    const res = await t.request('POST', `/api/v1/parties/${survivor.id}/merge`, kcc, {
      duplicateId: duplicate.id,
    });
    expect(res.statusCode).toBe(200);
    const merged = res.json();
    expect(merged).toMatchObject({
      id: survivor.id,
      birthDate: '1950-01-01',
      mergedInto: null,
      active: true,
    });
    expect(merged.identifiers).toEqual([expect.objectContaining({ type: 'bsn', value: '700000008' })]);
    expect(
      merged.addresses.map((a: { kind: string; postcode: string }) => `${a.kind} ${a.postcode}`).sort(),
    ).toEqual(['correspondence 5678CD', 'visiting 1234AB']);
    expect(
      merged.digitalAddresses
        .map((d: { value: string; isPreferred: boolean }) => `${d.value} ${d.isPreferred}`)
        .sort(),
    ).toEqual(['+31611111111 true', 'j@voorbeeld.nl true', 'jansen@werk.nl false']);

    const dup = (await t.request('GET', `/api/v1/parties/${duplicate.id}`, kcc)).json();
    expect(dup).toMatchObject({
      mergedInto: survivor.id,
      active: false,
      surname: 'Janssen',
      identifiers: [],
    });
    expect(dup.addresses).toEqual([expect.objectContaining({ kind: 'visiting', postcode: '5678CD' })]);

    expect((await partyIdsForTimeline(t.db, survivor.id)).sort()).toEqual([survivor.id, duplicate.id].sort());
    const log = (await t.request('GET', `/api/v1/processing-log?party=${duplicate.id}`, admin)).json();
    expect(log.results[0]).toMatchObject({ endpoint: 'GET /api/v1/parties/:id' });

    // The duplicate is history now: no writes, no second merge.
    const again = await t.request('POST', `/api/v1/parties/${survivor.id}/merge`, kcc, {
      duplicateId: duplicate.id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('De dubbele partij is al samengevoegd met een andere partij.');
    const into = await t.request('POST', `/api/v1/parties/${duplicate.id}/merge`, kcc, {
      duplicateId: survivor.id,
    });
    expect(into.statusCode).toBe(409);
    expect(
      (await t.request('PATCH', `/api/v1/parties/${duplicate.id}`, kcc, { surname: 'X' })).statusCode,
    ).toBe(409);
  });

  it('refuses to merge a party into itself, or two people with different BSNs', async () => {
    const a = await create(person('800000006'));
    const self = await t.request('POST', `/api/v1/parties/${a.id}/merge`, kcc, { duplicateId: a.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().invalidParams[0]).toMatchObject({
      name: 'duplicateId',
      reason: 'Een partij kan niet met zichzelf worden samengevoegd.',
    });
    const b = await create(person('900000004'));
    const twoPeople = await t.request('POST', `/api/v1/parties/${a.id}/merge`, kcc, { duplicateId: b.id });
    expect(twoPeople.statusCode).toBe(409);
    expect(twoPeople.json().detail).toMatch(/verschillend BSN/);
    const org = await create({ kind: 'organisation', organisationName: 'Y' });
    expect(
      (await t.request('POST', `/api/v1/parties/${a.id}/merge`, kcc, { duplicateId: org.id })).statusCode,
    ).toBe(409);
    expect((await t.request('GET', `/api/v1/parties/${b.id}`, kcc)).json()).toMatchObject({
      mergedInto: null,
      active: true,
    });
  });
});
