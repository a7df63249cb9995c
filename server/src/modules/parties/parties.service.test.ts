import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.ts';
import { testDatabase } from '../../test/database.ts';
import {
  addDigitalAddress,
  createParty,
  findPartyIdByIdentifier,
  findPartyIdsByDigitalAddresses,
  getParties,
  getParty,
  mergeParties,
  partyIdsForTimeline,
  updateParty,
} from './parties.service.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await testDatabase();
});
afterAll(() => h.close());

const at = new Date('2026-11-23T09:00:00Z');

describe('parties service', () => {
  it('creates a person with a display name and finds it by BSN, e-mail and phone in any notation', async () => {
    const p = await createParty(
      h.db,
      {
        kind: 'person',
        initials: 'JP',
        givenNames: 'Jan Pieter',
        surnamePrefix: 'van der',
        surname: 'Berg',
        birthDate: '1970-05-01',
        identifiers: [{ type: 'bsn', value: '1112.22.333' }],
        digitalAddresses: [
          { kind: 'email', value: ' Jan@Voorbeeld.NL', isPreferred: true },
          { kind: 'phone', value: '06-12345678' },
        ],
      },
      at,
    );
    expect(p).toMatchObject({
      kind: 'person',
      initials: 'J.P.',
      displayName: 'Jan Pieter van der Berg',
      identifiers: [{ type: 'bsn', value: '111222333' }],
      language: 'nl',
      createdAt: at.toISOString(),
    });
    expect(p.digitalAddresses.map((d) => d.value).sort()).toEqual(['+31612345678', 'jan@voorbeeld.nl']);
    expect(await findPartyIdByIdentifier(h.db, 'bsn', '111 222 333')).toBe(p.id);
    expect(await findPartyIdsByDigitalAddresses(h.db, 'phone', ['+31 6 1234 5678', 'geen nummer'])).toEqual(
      new Map([['+31612345678', [p.id]]]),
    );
    expect(await findPartyIdsByDigitalAddresses(h.db, 'email', ['JAN@voorbeeld.nl'])).toEqual(
      new Map([['jan@voorbeeld.nl', [p.id]]]),
    );
  });

  it('uses initials when there are no given names', async () => {
    const p = await createParty(h.db, {
      kind: 'person',
      initials: 'J',
      surnamePrefix: 'de',
      surname: 'Vries',
    });
    expect(p.displayName).toBe('J. de Vries');
    const renamed = await updateParty(h.db, p.id, { givenNames: 'Johanna' }, at);
    expect(renamed.displayName).toBe('Johanna de Vries');
    expect(renamed.updatedAt).toBe(at.toISOString());
  });

  it('moves a new preferred flag within one kind', async () => {
    const p = await createParty(h.db, {
      kind: 'person',
      surname: 'Bakker',
      digitalAddresses: [{ kind: 'email', value: 'oud@voorbeeld.nl', isPreferred: true }],
    });
    await addDigitalAddress(h.db, p.id, { kind: 'email', value: 'nieuw@voorbeeld.nl', isPreferred: true });
    const after = await getParty(h.db, p.id);
    expect(after.digitalAddresses.filter((d) => d.isPreferred).map((d) => d.value)).toEqual([
      'nieuw@voorbeeld.nl',
    ]);
  });

  it('merges recursively for the timeline and refuses a merged party as survivor', async () => {
    const a = await createParty(h.db, { kind: 'person', surname: 'Aa' });
    const b = await createParty(h.db, {
      kind: 'person',
      surname: 'Bee',
      identifiers: [{ type: 'bsn', value: '123456782' }],
    });
    const c = await createParty(h.db, { kind: 'person', surname: 'Cee' });
    await mergeParties(h.db, b.id, c.id, at);
    const merged = await mergeParties(h.db, a.id, b.id, at);
    expect(merged.identifiers).toEqual([expect.objectContaining({ type: 'bsn', value: '123456782' })]);
    expect((await partyIdsForTimeline(h.db, a.id)).sort()).toEqual([a.id, b.id, c.id].sort());
    await expect(mergeParties(h.db, c.id, a.id, at)).rejects.toMatchObject({ status: 409 });
    const [bAfter] = await getParties(h.db, [b.id, 'geen-uuid']);
    expect(bAfter).toMatchObject({ mergedInto: a.id, active: false, identifiers: [] });
  });
});
