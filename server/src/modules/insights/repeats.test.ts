// Repeat contacts (herhaalverkeer): marked by the database on every write path, shown on the timeline.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { createParty } from '../parties/parties.service.ts';
import { rollupDifferences } from './insights.service.ts';

/** rollupDifferences when every rollup equals its recount. */
const exact = { contacts: 0, hours: 0, hoursAll: 0, days: 0, tasks: 0, handling: 0 };

let t: TestApp;
let manager: Who;
beforeAll(async () => {
  t = await testApp();
  manager = await t.login('manager');
});
afterAll(() => t.close());

const person = async (surname: string) => (await createParty(t.db, { kind: 'person', surname })).id;

type Input = Parameters<typeof registerContact>[1];
const contact = async (at: string, extra: Partial<Input> = {}) =>
  (
    await registerContact(
      t.db,
      {
        channel: 'phone',
        direction: 'in',
        reasonCode: 'paspoort',
        subject: 'Vraag',
        occurredAt: at,
        ...extra,
      } as Input,
      undefined,
      t.clock,
    )
  ).id;

const mark = async (id: string) =>
  (await t.db.selectFrom('contact_repeats').selectAll().where('contact_id', '=', id).executeTakeFirst()) ??
  null;

describe('repeat detection', () => {
  it('marks a second contact of the same party about the same reason, on another channel, within the window', async () => {
    const p = await person('Herhaal');
    const first = await contact('2026-11-10T09:00:00Z', { parties: [{ partyId: p }] });
    const second = await contact('2026-11-12T10:00:00Z', { channel: 'email', parties: [{ partyId: p }] });
    const third = await contact('2026-11-15T08:00:00Z', { channel: 'webchat', parties: [{ partyId: p }] });
    expect(await mark(first)).toBeNull();
    expect(await mark(second)).toMatchObject({ of_contact_id: first, nth: 2, days: 2, basis: 'reason' });
    expect(await mark(third)).toMatchObject({
      of_contact_id: second,
      first_contact_id: first,
      nth: 3,
      days: 5,
    });
  });

  it('does not mark a contact about another reason, of another party, or outbound', async () => {
    const p = await person('Anders');
    const q = await person('Buur');
    await contact('2026-11-10T09:00:00Z', { parties: [{ partyId: p }] });
    const otherReason = await contact('2026-11-11T09:00:00Z', {
      reasonCode: 'afval',
      parties: [{ partyId: p }],
    });
    const otherParty = await contact('2026-11-11T09:00:00Z', { parties: [{ partyId: q }] });
    const outbound = await contact('2026-11-11T10:00:00Z', { direction: 'out', parties: [{ partyId: p }] });
    for (const id of [otherReason, otherParty, outbound]) expect(await mark(id)).toBeNull();
  });

  it('marks a contact about the same case even when the reason differs', async () => {
    const p = await person('Zaak');
    const first = await contact('2026-11-10T09:00:00Z', {
      reasonCode: 'omgevingsvergunning',
      parties: [{ partyId: p }],
      subjects: [{ kind: 'case', reference: 'ZAAK-2026-0042' }],
    });
    const second = await contact('2026-11-13T09:00:00Z', {
      reasonCode: 'klacht',
      parties: [{ partyId: p }],
      subjects: [{ kind: 'case', reference: 'ZAAK-2026-0042' }],
    });
    expect(await mark(second)).toMatchObject({ of_contact_id: first, nth: 2, basis: 'case' });
  });

  it('recognises an anonymous caller by phone number however it is written, and by e-mail address', async () => {
    const first = await contact('2026-11-10T09:00:00Z', { parties: [{ details: { phone: '06-12345678' } }] });
    const second = await contact('2026-11-11T09:00:00Z', {
      parties: [{ details: { phone: '+31 6 1234 5678' } }],
    });
    const stranger = await contact('2026-11-11T09:00:00Z', {
      parties: [{ details: { phone: '06-87654321' } }],
    });
    expect(await mark(second)).toMatchObject({ of_contact_id: first, nth: 2 });
    expect(await mark(stranger)).toBeNull();
    const mail1 = await contact('2026-11-10T09:00:00Z', {
      parties: [{ details: { email: 'Anoniem@Example.nl' } }],
    });
    const mail2 = await contact('2026-11-12T09:00:00Z', {
      parties: [{ details: { email: 'anoniem@example.nl ' } }],
    });
    expect(await mark(mail2)).toMatchObject({ of_contact_id: mail1 });
  });

  it('counts exactly seven days as within the window, a minute more as outside', async () => {
    const p = await person('Venster');
    const q = await person('Buiten');
    await contact('2026-11-01T09:00:00Z', { parties: [{ partyId: p }] });
    await contact('2026-11-01T09:00:00Z', { parties: [{ partyId: q }] });
    const edge = await contact('2026-11-08T09:00:00Z', { parties: [{ partyId: p }] });
    const late = await contact('2026-11-08T09:01:00Z', { parties: [{ partyId: q }] });
    expect(await mark(edge)).toMatchObject({ nth: 2, days: 7 });
    expect(await mark(late)).toBeNull();
  });

  it('does not count an earlier contact that was resolved', async () => {
    const p = await person('Opgelost');
    await contact('2026-11-10T09:00:00Z', { resolvedFirstContact: true, parties: [{ partyId: p }] });
    const again = await contact('2026-11-11T09:00:00Z', { parties: [{ partyId: p }] });
    expect(await mark(again)).toBeNull();
  });

  it('shows "2e contact over dit onderwerp in 3 dagen" on the customer view timeline', async () => {
    const p = await person('Klantbeeld');
    const first = await contact('2026-11-16T09:00:00Z', { parties: [{ partyId: p }] });
    const second = await contact('2026-11-19T09:00:00Z', { parties: [{ partyId: p }] });
    const res = await t.request('GET', `/api/v1/parties/${p}/view`, manager);
    expect(res.statusCode).toBe(200);
    const items = res.json().timeline.items as { id: string; data: Record<string, unknown> }[];
    expect(items.find((i) => i.id === second)?.data.repeat).toMatchObject({
      ofContactId: first,
      nth: 2,
      days: 3,
      text: '2e contact over dit onderwerp in 3 dagen',
    });
    expect(items.find((i) => i.id === first)?.data.repeat).toBeUndefined();
  });

  it('re-evaluates the mark when the reason of a contact changes, and keeps the rollups exact', async () => {
    const p = await person('Wijzig');
    await contact('2026-11-10T09:00:00Z', { parties: [{ partyId: p }] });
    const second = await contact('2026-11-11T09:00:00Z', { reasonCode: 'afval', parties: [{ partyId: p }] });
    expect(await mark(second)).toBeNull();
    const res = await t.request('PATCH', `/api/v1/contacts/${second}`, await t.login('admin'), {
      reasonCode: 'paspoort',
    });
    expect(res.statusCode).toBe(200);
    expect(await mark(second)).toMatchObject({ nth: 2 });
    expect(await rollupDifferences(t.db)).toEqual(exact);
    await sql`DELETE FROM contacts WHERE id = ${second}`.execute(t.db);
    expect(await mark(second)).toBeNull();
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });

  it('keeps the rollups exact when a contact moves into and out of the window, or turns confidential', async () => {
    // A change of time or confidentiality is also copied to the contact's involvements (migration
    // 20261204T2200); that copy must not count the repeat a second time.
    const p = await person('Verschuif');
    await contact('2026-11-01T09:00:00Z', { parties: [{ partyId: p }] });
    const later = await contact('2026-11-20T09:00:00Z', { parties: [{ partyId: p }] });
    expect(await mark(later)).toBeNull();
    await sql`UPDATE contacts SET occurred_at = '2026-11-03T09:00:00Z' WHERE id = ${later}`.execute(t.db);
    expect(await mark(later)).toMatchObject({ nth: 2, days: 2 });
    expect(await rollupDifferences(t.db)).toEqual(exact);
    await sql`UPDATE contacts SET confidential = true WHERE id = ${later}`.execute(t.db);
    expect(await rollupDifferences(t.db)).toEqual(exact);
    await sql`UPDATE contacts SET occurred_at = '2026-11-25T09:00:00Z' WHERE id = ${later}`.execute(t.db);
    expect(await mark(later)).toBeNull();
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });
});

describe('LOKET_REPEAT_WINDOW_DAYS', () => {
  it('sets the window the database uses', async () => {
    const short = await testApp({ env: { LOKET_REPEAT_WINDOW_DAYS: '3' } });
    try {
      const p = (await createParty(short.db, { kind: 'person', surname: 'Kort' })).id;
      const add = async (at: string) =>
        (
          await registerContact(
            short.db,
            {
              channel: 'phone',
              direction: 'in',
              reasonCode: 'paspoort',
              subject: 'Vraag',
              occurredAt: at,
              parties: [{ partyId: p }],
            },
            undefined,
            short.clock,
          )
        ).id;
      await add('2026-11-01T09:00:00Z');
      const within = await add('2026-11-04T09:00:00Z');
      const after = await add('2026-11-08T09:00:00Z');
      const marks = await short.db.selectFrom('contact_repeats').select('contact_id').execute();
      expect(marks.map((m) => m.contact_id)).toEqual([within]);
      expect(after).toBeTruthy();
    } finally {
      await short.close();
    }
  });
});
