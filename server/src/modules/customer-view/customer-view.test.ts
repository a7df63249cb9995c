import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { type RegisterContactInput, registerContact } from '../contacts/contacts.service.ts';
import { createParty, mergeParties } from '../parties/parties.service.ts';
import { listEntries } from '../processing-log/processing-log.service.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
let survivorId: string;
let duplicateId: string;
const channels = ['phone', 'email', 'counter'] as const;

type Item = { kind: string; id: string; at: string; channel: string; title: string };
const view = (query: string, who: Who = kcc, id = survivorId) =>
  t.request('GET', `/api/v1/parties/${id}/view${query}`, who);

/** Follow nextCursor to the end; returns every item in the order served. */
async function allPages(query: string, who: Who = kcc): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = query ? '&' : '?';
    const res = await view(`${query}${cursor ? `${sep}cursor=${cursor}` : ''}`, who);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    items.push(...body.timeline.items);
    cursor = body.timeline.nextCursor;
    if (!cursor) break;
  }
  return items;
}

beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  backoffice = await t.login('backoffice');
  const survivor = await createParty(t.db, {
    kind: 'person',
    givenNames: 'Fatima',
    surname: 'El Amrani',
    birthDate: '1988-02-29',
    preferredChannel: 'email',
    identifiers: [{ type: 'bsn', value: '111222333' }],
    addresses: [
      { kind: 'visiting', street: 'Kerkstraat', houseNumber: 12, postcode: '1234AB', city: 'Voorbeeld' },
    ],
    digitalAddresses: [{ kind: 'email', value: 'fatima@example.nl', isPreferred: true }],
  });
  survivorId = survivor.id;
  duplicateId = (await createParty(t.db, { kind: 'person', initials: 'F.', surname: 'El Amrani' })).id;

  const contact = (partyId: string, occurredAt: string, fields: Partial<RegisterContactInput>) =>
    registerContact(
      t.db,
      { channel: 'phone', direction: 'in', subject: 'Vraag', ...fields, occurredAt, parties: [{ partyId }] },
      undefined,
      t.clock,
    );
  // 30 contacts over 30 days on three channels; three at the very same minute to test ties.
  for (let i = 0; i < 30; i++) {
    const day = new Date(Date.UTC(2026, 9, 1 + Math.min(i, 27), 9, 0));
    await contact(survivorId, day.toISOString(), { channel: channels[i % 3], subject: `Vraag ${i}` });
  }
  await contact(duplicateId, '2026-11-20T10:00:00Z', { channel: 'email', subject: 'Van de dubbele partij' });
  await contact(survivorId, '2026-11-21T10:00:00Z', { subject: 'Vertrouwelijk', confidential: true });
  await mergeParties(t.db, survivorId, duplicateId, t.clock.now());
  // someone else's contact never shows
  const other = await createParty(t.db, { kind: 'person', givenNames: 'Ander', surname: 'Persoon' });
  await contact(other.id, '2026-11-22T10:00:00Z', { subject: 'Niet van Fatima' });
});
afterAll(() => t.close());

describe('the integrated customer view', () => {
  it('returns the party with identifiers, addresses, digital addresses and preferences', async () => {
    const res = await view('');
    expect(res.statusCode).toBe(200);
    const { party } = res.json();
    expect(party).toMatchObject({
      id: survivorId,
      birthDate: '1988-02-29',
      preferredChannel: 'email',
      // Masked until revealed: the full BSN only comes from the logged reveal endpoint.
      identifiers: [{ type: 'bsn', value: '*******33' }],
      addresses: [{ kind: 'visiting', street: 'Kerkstraat', houseNumber: 12, postcode: '1234AB' }],
      digitalAddresses: [{ kind: 'email', value: 'fatima@example.nl', isPreferred: true }],
    });
  });

  it('shows the timeline newest first, including the merged duplicate, not someone else', async () => {
    const body = (await view('?limit=3')).json();
    const titles = body.timeline.items.map((i: Item) => i.title);
    // Vraag 27, 28 and 29 share one instant: their order is fixed by id, not by title
    expect(titles[0]).toBe('Van de dubbele partij');
    expect(titles.slice(1).every((x: string) => /^Vraag 2[789]$/.test(x))).toBe(true);
    expect(body.timeline.items[0]).toMatchObject({
      kind: 'contact',
      channel: 'email',
      at: '2026-11-20T10:00:00.000Z',
    });
    expect(body.timeline.nextCursor).toEqual(expect.any(String));
  });

  it('pages through every item with the cursor, without repeats or gaps, across equal times', async () => {
    const items = await allPages('?limit=7');
    expect(items).toHaveLength(31);
    expect(new Set(items.map((i) => i.id)).size).toBe(31);
    const times = items.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items.some((i) => i.title === 'Niet van Fatima' || i.title === 'Vertrouwelijk')).toBe(false);
  });

  it('shows a confidential contact only to those allowed', async () => {
    const items = await allPages('?limit=100', backoffice);
    expect(items).toHaveLength(32);
    expect(items[0]?.title).toBe('Vertrouwelijk');
  });

  it('filters by channel, one or several', async () => {
    const phone = await allPages('?channel=phone&limit=4');
    expect(phone).toHaveLength(10);
    expect(phone.every((i) => i.channel === 'phone')).toBe(true);
    const two = await allPages('?channel=phone,email&limit=100');
    expect(two).toHaveLength(21);
  });

  it('filters by kind', async () => {
    expect(await allPages('?kind=contact&limit=100')).toHaveLength(31);
    const res = await view('?kind=onbekend');
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams[0].name).toBe('kind');
  });

  it('writes one processing-log entry per read, with the purpose', async () => {
    const before = await listEntries(t.db, { partyId: survivorId, limit: 500 });
    const res = await view('', { ...kcc, headers: { 'x-loket-purpose': 'klantvraag' } });
    expect(res.statusCode).toBe(200);
    const after = await listEntries(t.db, { partyId: survivorId, limit: 500 });
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({
      actor_kind: 'employee',
      purpose: 'klantvraag',
      endpoint: 'GET /api/v1/parties/:id/view',
    });
  });
});

describe('bad input', () => {
  it('answers 400 on a bad cursor and writes no log entry', async () => {
    const before = await listEntries(t.db, { partyId: survivorId, limit: 500 });
    for (const cursor of ['onzin!', Buffer.from('{"at":"morgen"}').toString('base64url')]) {
      const res = await view(`?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().invalidParams[0].name).toBe('cursor');
    }
    expect((await listEntries(t.db, { partyId: survivorId, limit: 500 })).length).toBe(before.length);
  });

  it('answers 404 on an unknown party and 400 on a malformed id', async () => {
    expect((await view('', kcc, '7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).statusCode).toBe(404);
    expect((await view('', kcc, 'geen-uuid')).statusCode).toBe(400);
  });

  it('answers 400 on a bad limit or channel list, 401 without login', async () => {
    expect((await view('?limit=0')).statusCode).toBe(400);
    expect((await view('?limit=101')).statusCode).toBe(400);
    expect((await view('?channel=phone,,email')).statusCode).toBe(400);
    expect((await t.request('GET', `/api/v1/parties/${survivorId}/view`)).statusCode).toBe(401);
  });
});
