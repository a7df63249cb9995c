import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { createParty } from '../parties/parties.service.ts';
import { listEntries } from '../processing-log/processing-log.service.ts';

let t: TestApp;
let kcc: Who;
let withBsn: string;
let withoutBsn: string;

beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  withBsn = (
    await createParty(t.db, {
      kind: 'person',
      surname: 'Onthul',
      identifiers: [{ type: 'bsn', value: '111222333' }],
    } as never)
  ).id;
  withoutBsn = (await createParty(t.db, { kind: 'person', surname: 'Zonder' } as never)).id;
});
afterAll(() => t.close());

describe('revealing a BSN on screen', () => {
  it('returns the BSN and logs the reveal with its purpose', async () => {
    const res = await t.request('POST', `/api/v1/parties/${withBsn}/reveal-bsn`, kcc, {
      purpose: 'identificatie beller',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ bsn: '111222333' });
    const entries = await listEntries(t.db, { partyId: withBsn, limit: 10 });
    const reveal = entries.find((e) => e.action === 'reveal-bsn');
    expect(reveal).toMatchObject({
      purpose: 'identificatie beller',
      actor_kind: 'employee',
      actor_name: 'KCC-medewerker',
    });
  });

  it('uses the default purpose when none is given', async () => {
    const res = await t.request('POST', `/api/v1/parties/${withBsn}/reveal-bsn`, kcc);
    expect(res.statusCode).toBe(200);
    const entries = await listEntries(t.db, { partyId: withBsn, limit: 10 });
    expect(entries.filter((e) => e.action === 'reveal-bsn').map((e) => e.purpose)).toContain(
      'dienstverlening',
    );
  });

  it('refuses without login, and answers 404 for a party without BSN or an unknown party, logging nothing', async () => {
    expect((await t.request('POST', `/api/v1/parties/${withBsn}/reveal-bsn`)).statusCode).toBe(401);
    const none = await t.request('POST', `/api/v1/parties/${withoutBsn}/reveal-bsn`, kcc);
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toMatch(/BSN/);
    const unknown = await t.request(
      'POST',
      '/api/v1/parties/00000000-0000-4000-8000-000000000000/reveal-bsn',
      kcc,
    );
    expect(unknown.statusCode).toBe(404);
    expect(await listEntries(t.db, { partyId: withoutBsn, limit: 10 })).toHaveLength(0);
  });

  it('rejects a malformed id with a 400', async () => {
    expect((await t.request('POST', '/api/v1/parties/niet-een-id/reveal-bsn', kcc)).statusCode).toBe(400);
  });
});

describe('teams for the type-ahead', () => {
  it('lists the teams by name for a logged-in employee only', async () => {
    const res = await t.request('GET', '/api/v1/teams', kcc);
    expect(res.statusCode).toBe(200);
    const names = res.json().results.map((r: { name: string }) => r.name);
    expect(names).toContain('Burgerzaken');
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'nl')));
    expect((await t.request('GET', '/api/v1/teams')).statusCode).toBe(401);
  });
});
