import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, permissionsForRoles } from '../../platform/actor.ts';
import { type TestApp, testApp } from '../../test/app.ts';
import { uuidFrom } from '../demo/random.ts';
import { createParty } from '../parties/parties.service.ts';
import { contactTimelineSource, registerContact } from './contacts.service.ts';
import { summarise } from './contacts.timeline.ts';

let t: TestApp;
const employee = (username: 'kcc' | 'backoffice'): Actor => ({
  kind: 'employee',
  id: uuidFrom(`employee:${username}`),
  name: username,
  roles: [username],
  teamIds: [],
  permissions: permissionsForRoles([username]),
});
const kcc = employee('kcc');
const backoffice = employee('backoffice');
let partyId: string;
let otherPartyId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  partyId = (await createParty(t.db, { kind: 'person', surname: 'Mulder' })).id;
  otherPartyId = (await createParty(t.db, { kind: 'person', surname: 'Mulder' })).id;
  const contacts = [
    { key: 'oldest', channel: 'phone', at: '2026-11-01T10:00:00Z', role: 'klant' as const },
    { key: 'mail', channel: 'email', at: '2026-11-02T10:00:00Z', role: 'vertegenwoordiger' as const },
    { key: 'same1', channel: 'phone', at: '2026-11-03T10:00:00Z', role: 'klant' as const },
    { key: 'same2', channel: 'phone', at: '2026-11-03T10:00:00Z', role: 'klant' as const },
    {
      key: 'secret',
      channel: 'phone',
      at: '2026-11-04T10:00:00Z',
      role: 'klant' as const,
      confidential: true,
    },
  ];
  for (const c of contacts) {
    const created = await registerContact(
      t.db,
      {
        channel: c.channel,
        direction: 'in',
        reasonCode: 'afval',
        subject: `Onderwerp ${c.key}`,
        content: `Inhoud ${c.key} `.repeat(40),
        result: 'Afgehandeld',
        resolvedFirstContact: true,
        confidential: c.confidential,
        occurredAt: new Date(c.at),
        parties: [{ partyId, role: c.role }],
      },
      kcc,
      t.clock,
    );
    ids[c.key] = created.id;
  }
  await registerContact(
    t.db,
    { channel: 'phone', direction: 'in', subject: 'Iemand anders', parties: [{ partyId: otherPartyId }] },
    kcc,
    t.clock,
  );
});
afterAll(() => t.close());

const fetch = (query: Partial<Parameters<typeof contactTimelineSource.fetch>[1]>) =>
  contactTimelineSource.fetch(t.db, { partyIds: [partyId], limit: 10, actor: kcc, ...query });

describe('the contact timeline source', () => {
  it('gives a party’s contacts newest first with the fields the customer view shows', async () => {
    const items = await fetch({ actor: backoffice });
    expect(items.map((i) => i.id)).toEqual([
      ids.secret,
      ...[ids.same1, ids.same2].sort().reverse(),
      ids.mail,
      ids.oldest,
    ]);
    const mail = items.find((i) => i.id === ids.mail);
    expect(mail).toMatchObject({
      kind: 'contact',
      at: new Date('2026-11-02T10:00:00Z'),
      channel: 'email',
      direction: 'in',
      title: 'Onderwerp mail',
      data: {
        reason: { code: 'afval', label: 'Afvalinzameling' },
        result: 'Afgehandeld',
        resolvedFirstContact: true,
        employee: { id: kcc.id, name: 'KCC-medewerker' },
        role: 'vertegenwoordiger',
      },
    });
    expect(mail?.summary?.length).toBeLessThanOrEqual(201);
    expect(mail?.summary).toMatch(/^Inhoud mail .*…$/);
  });

  it('shows nothing of confidential contacts to an actor without the right', async () => {
    const items = await fetch({ actor: kcc });
    expect(items.map((i) => i.id)).not.toContain(ids.secret);
    expect(items).toHaveLength(4);
  });

  it('filters on channel and pages with the merged cursor', async () => {
    expect((await fetch({ channels: ['email'] })).map((i) => i.id)).toEqual([ids.mail]);

    const first = await fetch({ limit: 2 });
    const last = first.at(-1);
    if (!last) throw new Error('no items');
    const next = await fetch({ limit: 2, before: { at: last.at, kind: last.kind, id: last.id } });
    expect([...first, ...next].map((i) => i.id)).toEqual((await fetch({})).map((i) => i.id));

    // A cursor on another kind at the same instant: 'task' sorts after 'contact', 'case' before it.
    const sameAt = new Date('2026-11-03T10:00:00Z');
    expect(await fetch({ before: { at: sameAt, kind: 'task', id: randomUUID() } })).toHaveLength(4);
    expect(await fetch({ before: { at: sameAt, kind: 'case', id: randomUUID() } })).toHaveLength(2);
  });

  it('summarises long content at a word boundary', () => {
    expect(summarise('  kort  ')).toBe('kort');
    expect(summarise('')).toBeNull();
    const long = summarise('woord '.repeat(100)) ?? '';
    expect(long.length).toBeLessThanOrEqual(201);
    expect(long.endsWith('woord…')).toBe(true);
  });
});
