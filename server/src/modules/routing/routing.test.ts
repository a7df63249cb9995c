// Routing rules: order, every kind of condition, the KCC fallback, the admin API and its validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { createParty } from '../parties/parties.service.ts';
import { routeInbound } from './routing.service.ts';
import { keywordMatches, words } from './rule-match.ts';

let t: TestApp;
let admin: Who;
let teams: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
  const rows = await t.db.selectFrom('teams').select(['id', 'code']).execute();
  teams = Object.fromEntries(rows.map((r) => [r.code, r.id]));
});
afterAll(() => t.close());

async function addRule(name: string, team: string, conditions: Record<string, unknown>, position?: number) {
  const res = await t.request('POST', '/api/v1/routing/rules', admin, {
    name,
    teamId: teams[team],
    conditions,
    ...(position ? { position } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; position: number };
}

async function clearRules() {
  const res = await t.request('GET', '/api/v1/routing/rules', admin);
  for (const r of res.json().results as { id: string }[])
    await t.request('DELETE', `/api/v1/routing/rules/${r.id}`, admin);
}

const where = async (msg: Record<string, unknown>) =>
  (await routeInbound(t.db, { channel: 'email', ...msg })).teamCode;

describe('keywords', () => {
  it('match whole words without regard to case or accents, phrases and Dutch compounds by prefix', () => {
    const text = words('Vraag over mijn WOZ-beschikking en de belastingaanslag, a.u.b. snel (café)');
    expect(keywordMatches('woz', text)).toBe(true);
    expect(keywordMatches('WOZ', text)).toBe(true);
    expect(keywordMatches('beschikking', text)).toBe(true);
    expect(keywordMatches('aanslag', text)).toBe(false); // part of a word, not a whole word
    expect(keywordMatches('belasting*', text)).toBe(true);
    expect(keywordMatches('cafe', text)).toBe(true);
    expect(keywordMatches('mijn woz', text)).toBe(true);
    expect(keywordMatches('woz mijn', text)).toBe(false);
    expect(keywordMatches('wo', text)).toBe(false);
  });
});

describe('rules', () => {
  it('sends a message no rule matches to the KCC', async () => {
    await clearRules();
    expect(await where({ subject: 'Hallo' })).toBe('kcc');
  });

  it('matches on channel, address, reason and keywords; the first matching rule wins', async () => {
    await clearRules();
    const alias = await addRule('Belastingen-mailbox', 'belastingen', {
      channels: ['email'],
      addresses: ['Belastingen@Gemeente.example'],
    });
    await addRule('Paspoort', 'burgerzaken', { reasonCodes: ['paspoort'] });
    await addRule('Afval per WhatsApp', 'openbare-ruimte', {
      channels: ['whatsapp'],
      keywords: ['grofvuil', 'container'],
    });
    await addRule('Alles over vergunningen', 'vergunningen', { keywords: ['vergunning*'] });

    const viaAlias = await routeInbound(t.db, { channel: 'email', address: 'belastingen@gemeente.example ' });
    expect(viaAlias).toMatchObject({ teamCode: 'belastingen', ruleId: alias.id });
    // The alias rule is only for e-mail: the same address on another channel does not match it.
    expect(await where({ channel: 'webform', address: 'belastingen@gemeente.example' })).toBe('kcc');
    expect(await where({ reasonCode: 'paspoort' })).toBe('burgerzaken');
    expect(await where({ channel: 'whatsapp', body: 'De CONTAINER is niet geleegd' })).toBe(
      'openbare-ruimte',
    );
    expect(await where({ channel: 'email', body: 'De container is niet geleegd' })).toBe('kcc');
    expect(await where({ channel: 'whatsapp', body: 'containers' })).toBe('kcc'); // whole words only
    // Both the alias rule and the keyword rule match; the one higher in the list wins.
    expect(
      await where({ address: 'belastingen@gemeente.example', subject: 'Vergunningaanvraag terras' }),
    ).toBe('belastingen');
    expect(await where({ subject: 'Vergunningaanvraag terras' })).toBe('vergunningen');
  });

  it('matches on party properties: organisation, KvK-nummer and postcode area', async () => {
    await clearRules();
    await addRule('Ondernemers', 'vergunningen', { hasKvkNummer: true });
    await addRule('Centrum', 'burgerzaken', { partyKinds: ['person'], postcodes: ['1011-1018'] });
    await addRule('Noord', 'openbare-ruimte', { postcodes: ['1021AB'] });
    const company = await createParty(t.db, {
      kind: 'organisation',
      organisationName: 'Bakkerij De Korenschoof',
      identifiers: [{ type: 'kvk_nummer', value: '69599084' }],
    });
    const centre = await createParty(t.db, {
      kind: 'person',
      surname: 'Jansen',
      addresses: [{ kind: 'visiting', postcode: '1015 BA', houseNumber: 12 }],
    });
    const north = await createParty(t.db, {
      kind: 'person',
      surname: 'de Boer',
      addresses: [{ kind: 'visiting', postcode: '1021AB', houseNumber: 3 }],
    });
    const elsewhere = await createParty(t.db, {
      kind: 'person',
      surname: 'Visser',
      addresses: [{ kind: 'visiting', postcode: '1019AA', houseNumber: 1 }],
    });
    expect(await where({ partyId: company.id })).toBe('vergunningen');
    expect(await where({ partyId: centre.id })).toBe('burgerzaken');
    expect(await where({ partyId: north.id })).toBe('openbare-ruimte');
    expect(await where({ partyId: elsewhere.id })).toBe('kcc');
    expect(await where({ partyId: null })).toBe('kcc'); // unknown sender: party rules never match
  });

  it('skips inactive rules and follows a new order', async () => {
    await clearRules();
    const a = await addRule('Klachten', 'kcc', { keywords: ['klacht'] });
    const b = await addRule('Klachten over afval', 'openbare-ruimte', { keywords: ['klacht'] });
    expect(await where({ subject: 'Klacht' })).toBe('kcc');
    const reordered = await t.request('PUT', '/api/v1/routing/rules/order', admin, { ids: [b.id, a.id] });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().results.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    expect(await where({ subject: 'Klacht' })).toBe('openbare-ruimte');
    const off = await t.request('PATCH', `/api/v1/routing/rules/${b.id}`, admin, { active: false });
    expect(off.statusCode).toBe(200);
    expect(await where({ subject: 'Klacht' })).toBe('kcc');
    // A rule inserted at position 1 moves the others down.
    const c = await addRule('Eerst', 'werk-inkomen', { keywords: ['klacht'] }, 1);
    expect(c.position).toBe(1);
    expect(await where({ subject: 'Klacht' })).toBe('werk-inkomen');
    const list = (await t.request('GET', '/api/v1/routing/rules', admin)).json().results;
    expect(list.map((r: { name: string; position: number }) => [r.position, r.name])).toEqual([
      [1, 'Eerst'],
      [2, 'Klachten over afval'],
      [3, 'Klachten'],
    ]);
  });

  it('answers "waar zou dit bericht heen gaan?" with the team and the rule', async () => {
    await clearRules();
    const rule = await addRule('WOZ', 'belastingen', { keywords: ['woz'] });
    const hit = await t.request('POST', '/api/v1/routing/test', admin, {
      channel: 'email',
      subject: 'Bezwaar WOZ-waarde',
    });
    expect(hit.statusCode).toBe(200);
    expect(hit.json()).toMatchObject({
      decision: { teamCode: 'belastingen', ruleId: rule.id },
      team: { code: 'belastingen', name: 'Belastingen' },
      rule: { id: rule.id, name: 'WOZ', position: 1 },
    });
    const miss = await t.request('POST', '/api/v1/routing/test', admin, { channel: 'sms', body: 'Hoi' });
    expect(miss.json()).toMatchObject({ decision: { teamCode: 'kcc', ruleId: null }, rule: null });
    expect(await t.db.selectFrom('contacts').select('id').execute()).toHaveLength(0); // nothing stored
  });
});

describe('admin API', () => {
  it('is for admins only', async () => {
    const kcc = await t.login('kcc');
    expect((await t.request('GET', '/api/v1/routing/rules', kcc)).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/routing/test', kcc, { channel: 'email' })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/routing/rules')).statusCode).toBe(401);
  });

  it('refuses unknown teams, channels, reasons and bad conditions with Dutch reasons', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await t.request('POST', '/api/v1/routing/rules', admin, {
        name: 'X',
        teamId: teams.kcc,
        conditions: { channels: ['email'] },
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      return res.json() as { detail: string; invalidParams: { name: string; reason: string }[] };
    };
    expect((await bad({ teamId: '00000000-0000-4000-8000-000000000000' })).invalidParams[0]).toMatchObject({
      name: 'teamId',
      reason: 'Dit team bestaat niet.',
    });
    expect((await bad({ conditions: { channels: ['fax'] } })).detail).toBe("Onbekend kanaal 'fax'.");
    expect((await bad({ conditions: { reasonCodes: ['bestaat-niet'] } })).detail).toBe(
      "Onbekende contactreden 'bestaat-niet'.",
    );
    expect((await bad({ conditions: { postcodes: ['10AB'] } })).invalidParams[0]?.name).toBe(
      'conditions.postcodes',
    );
    expect((await bad({ conditions: { keywords: ['!!'] } })).invalidParams[0]?.name).toBe(
      'conditions.keywords',
    );
    expect((await bad({ conditions: {} })).invalidParams[0]?.name).toBe('conditions');
    expect((await bad({ name: '  ' })).invalidParams[0]?.name).toBe('name');
    await bad({ conditions: { hasKvkNummer: 'ja' } });

    const one = (await t.request('GET', '/api/v1/routing/rules', admin)).json().results[0] as { id: string };
    const order = await t.request('PUT', '/api/v1/routing/rules/order', admin, { ids: [one.id, one.id] });
    expect(order.statusCode).toBe(400);
    const missing = await t.request(
      'PATCH',
      '/api/v1/routing/rules/00000000-0000-4000-8000-000000000000',
      admin,
      {
        name: 'Y',
      },
    );
    expect(missing.statusCode).toBe(404);
    const test = await t.request('POST', '/api/v1/routing/test', admin, { channel: '' });
    expect(test.statusCode).toBe(400);
  });
});
