import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';

let t: TestApp;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const markdown = `---
title: Standplaats op de markt
summary: Een vaste of losse standplaats op de weekmarkt.
keywords: [markt, standplaats, kraam]
reasons: [evenement]
status: published
---
Een standplaatsvergunning geeft u het recht om op de weekmarkt te staan.

## Voorwaarden
U staat ingeschreven bij de KvK.

## Kosten
€ 12,50 per marktdag.

## Werkinstructie
Wachtlijst bijhouden in het marktsysteem.
`;

const get = (slug: string) => t.request('GET', `/api/v1/knowledge/${slug}`, admin);

describe('importing a JSON and Markdown set', () => {
  it('stores nothing when one item is bad, and names every problem', async () => {
    const res = await t.request('POST', '/api/v1/knowledge/import', admin, {
      articles: [
        { slug: 'goed-artikel', title: 'Goed artikel', status: 'published' },
        { slug: 'hondenbelasting', title: 'Hondenbelasting', costs: 'Gratis' },
        { slug: 'slecht-artikel', summary: 'Zonder titel', status: 'gepubliceerd' },
      ],
      markdown: [
        { filename: 'standplaats.md', content: markdown },
        { filename: 'kapot.md', content: 'geen front matter' },
      ],
    });
    expect(res.statusCode).toBe(400);
    const names = res.json().invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['articles[2].title', 'articles[2].status', 'markdown[1] (kapot.md)']),
    );
    expect(
      res.json().invalidParams.find((p: { name: string }) => p.name === 'articles[2].title').reason,
    ).toBe('Dit veld is verplicht.');
    expect((await get('goed-artikel')).statusCode).toBe(404);
    expect((await get('standplaats')).statusCode).toBe(404);
    expect((await get('hondenbelasting')).json()).toMatchObject({
      version: 1,
      costs: expect.stringContaining('118,20'),
    });
  });

  it('reports what a dry run would do without storing it', async () => {
    const res = await t.request('POST', '/api/v1/knowledge/import', admin, {
      markdown: [{ filename: 'standplaats.md', content: markdown }],
      dryRun: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, created: [{ slug: 'standplaats' }] });
    expect((await get('standplaats')).statusCode).toBe(404);
  });

  it('creates new slugs, updates existing ones with history, and leaves identical ones alone', async () => {
    const current = (await get('hondenbelasting')).json();
    const {
      id: _id,
      version: _v,
      createdAt: _c,
      updatedAt: _u,
      updatedBy: _b,
      ...same
    } = (await get('milieustraat')).json();
    const res = await t.request('POST', '/api/v1/knowledge/import', admin, {
      articles: [
        { ...same },
        {
          slug: 'hondenbelasting',
          title: current.title,
          summary: current.summary,
          costs: 'Eerste hond: € 125,00 per jaar.',
          reasonCodes: current.reasonCodes,
          status: 'published',
        },
      ],
      markdown: [{ filename: 'standplaats.md', content: markdown }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      dryRun: false,
      created: [{ slug: 'standplaats', title: 'Standplaats op de markt' }],
      updated: [{ slug: 'hondenbelasting', title: 'Hondenbelasting', version: 2 }],
      unchanged: [{ slug: 'milieustraat', title: same.title }],
    });

    const imported = (await get('standplaats')).json();
    expect(imported).toMatchObject({
      status: 'published',
      reasonCodes: ['evenement'],
      description: 'Een standplaatsvergunning geeft u het recht om op de weekmarkt te staan.',
      conditions: 'U staat ingeschreven bij de KvK.',
      costs: '€ 12,50 per marktdag.',
      workInstructions: 'Wachtlijst bijhouden in het marktsysteem.',
      updatedBy: { name: 'Functioneel beheerder' },
    });
    const history = (await t.request('GET', '/api/v1/knowledge/hondenbelasting/history', admin)).json();
    expect(history.versions).toHaveLength(2);
    expect(history.versions[1].content.costs).toContain('118,20');
    const found = await t.request('GET', '/api/v1/knowledge?q=standplaatsen', admin);
    expect(found.json().results[0].slug).toBe('standplaats');
  });

  it('refuses duplicate slugs in one set, unknown sections and an empty set', async () => {
    const res = await t.request('POST', '/api/v1/knowledge/import', admin, {
      articles: [{ slug: 'dubbel', title: 'Een' }],
      markdown: [
        { filename: 'dubbel.md', content: '---\ntitle: Twee\n---\ntekst' },
        { filename: 'raar.md', content: '---\ntitle: Raar\n---\n## Openingstijden\nma-vr' },
      ],
    });
    expect(res.statusCode).toBe(400);
    const reasons = res
      .json()
      .invalidParams.map((p: { reason: string }) => p.reason)
      .join(' | ');
    expect(reasons).toContain("De slug 'dubbel' komt ook voor in articles[0]");
    expect(reasons).toContain("Onbekende sectie 'Openingstijden'");
    const empty = await t.request('POST', '/api/v1/knowledge/import', admin, {});
    expect(empty.statusCode).toBe(400);
    expect((await get('dubbel')).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    const kcc = await t.login('kcc');
    const res = await t.request('POST', '/api/v1/knowledge/import', kcc, {
      articles: [{ slug: 'x', title: 'X' }],
    });
    expect(res.statusCode).toBe(403);
    const app = await t.application('koppeling');
    expect((await t.request('POST', '/api/v1/knowledge/import', app, { articles: [] })).statusCode).toBe(403);
  });
});
