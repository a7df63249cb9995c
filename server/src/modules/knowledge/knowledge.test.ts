import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { demoArticleFiles } from './knowledge.seed.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(() => t.close());

type Hit = { slug: string; title: string; snippet: { text: string; highlight: boolean }[] };
const slugs = (body: { results: { slug: string }[] }) => body.results.map((r) => r.slug);

describe('the demo knowledge base', () => {
  it('holds about forty articles, all readable from their Markdown', async () => {
    expect(demoArticleFiles().length).toBeGreaterThanOrEqual(40);
    const res = await t.request('GET', '/api/v1/knowledge?limit=100&status=all', admin);
    expect(res.json().results.length).toBe(demoArticleFiles().length);
  });
});

describe('Dutch full-text search', () => {
  it("finds 'paspoort' when searching for 'paspoorten', best match first, with highlighted snippets", async () => {
    const res = await t.request('GET', '/api/v1/knowledge?q=paspoorten', kcc);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { results: Hit[]; hasMore: boolean };
    expect(body.results[0]?.slug).toBe('paspoort-aanvragen');
    expect(slugs(body)).toContain('reisdocument-kind');
    const marked = body.results[0]?.snippet.filter((s) => s.highlight).map((s) => s.text.toLowerCase());
    expect(marked?.some((w) => w.startsWith('paspoort'))).toBe(true);
  });

  it('finds while typing (prefix of the last word) and understands websearch syntax', async () => {
    expect(slugs((await t.request('GET', '/api/v1/knowledge?q=grofvu', kcc)).json())).toContain(
      'grofvuil-ophalen',
    );
    const phrase = await t.request('GET', '/api/v1/knowledge?q=%22grof%20huishoudelijk%20afval%22', kcc);
    expect(slugs(phrase.json())).toEqual(['grofvuil-ophalen']);
    const without = await t.request('GET', '/api/v1/knowledge?q=parkeren%20-bezoek', kcc);
    expect(slugs(without.json())).not.toContain('bezoekersparkeren');
    expect(slugs(without.json())).toContain('parkeervergunning-bewoners');
  });

  it('ranks a title match above a body match', async () => {
    const res = await t.request('GET', '/api/v1/knowledge?q=kwijtschelding', kcc);
    expect(slugs(res.json())[0]).toBe('kwijtschelding-gemeentelijke-belastingen');
    expect(slugs(res.json()).length).toBeGreaterThan(1);
  });

  it('answers a query with only stop words with no results rather than an error', async () => {
    const res = await t.request('GET', '/api/v1/knowledge?q=de%20het%20een', kcc);
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([]);
  });

  it('pages through results', async () => {
    const first = (await t.request('GET', '/api/v1/knowledge?limit=5&page=1', kcc)).json();
    const second = (await t.request('GET', '/api/v1/knowledge?limit=5&page=2', kcc)).json();
    expect(first.hasMore).toBe(true);
    expect(slugs(first)).not.toEqual(expect.arrayContaining(slugs(second)));
  });

  it('needs a login', async () => {
    expect((await t.request('GET', '/api/v1/knowledge?q=paspoort')).statusCode).toBe(401);
  });
});

describe('suggestions for a contact reason', () => {
  it('suggests the published articles linked to the reason, most specific first', async () => {
    const res = await t.request('GET', '/api/v1/knowledge/suggestions?reason=grofvuil', kcc);
    expect(res.statusCode).toBe(200);
    expect(slugs(res.json())).toEqual(['grofvuil-ophalen', 'milieustraat']);
  });

  it('leaves drafts out and knows nothing of an unknown reason', async () => {
    const huwelijk = await t.request('GET', '/api/v1/knowledge/suggestions?reason=huwelijk', kcc);
    expect(slugs(huwelijk.json())).toEqual(['huwelijk-partnerschap']);
    const unknown = await t.request('GET', '/api/v1/knowledge/suggestions?reason=bestaat-niet', kcc);
    expect(unknown.json().results).toEqual([]);
  });

  it('refuses a missing reason with 400 naming the field', async () => {
    const res = await t.request('GET', '/api/v1/knowledge/suggestions', kcc);
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams[0].name).toBe('reason');
  });
});

describe('editing with history', () => {
  it('lets only an admin edit', async () => {
    const res = await t.request('PATCH', '/api/v1/knowledge/hondenbelasting', kcc, { costs: 'Gratis' });
    expect(res.statusCode).toBe(403);
    const create = await t.request('POST', '/api/v1/knowledge', kcc, { slug: 'nieuw', title: 'Nieuw' });
    expect(create.statusCode).toBe(403);
    const get = await t.request('GET', '/api/v1/knowledge/hondenbelasting', kcc);
    expect(get.json().costs).not.toBe('Gratis');
  });

  it('keeps every previous version and says what changed', async () => {
    const before = (await t.request('GET', '/api/v1/knowledge/hondenbelasting', admin)).json();
    expect(before.version).toBe(1);
    const edit = await t.request('PATCH', '/api/v1/knowledge/hondenbelasting', admin, {
      costs: 'Eerste hond: € 120,00 per jaar.',
      keywords: [...before.keywords, 'kennel'],
      version: 1,
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ version: 2, updatedBy: { name: 'Functioneel beheerder' } });
    await t.request('PATCH', '/api/v1/knowledge/hondenbelasting', admin, { summary: 'Korter.' });

    const history = await t.request('GET', `/api/v1/knowledge/${before.id}/history`, kcc);
    expect(history.statusCode).toBe(200);
    const { versions } = history.json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions[0]).toMatchObject({ current: true, changedFields: ['summary'] });
    expect(versions[1].changedFields).toEqual(['costs', 'keywords']);
    expect(versions[2]).toMatchObject({ current: false, content: { costs: before.costs } });
    expect(versions[2].editedBy).toMatchObject({ name: 'Demo Gemeente Voorbeeld' });
  });

  it('refuses to overwrite a newer version (409) and stores nothing', async () => {
    const res = await t.request('PATCH', '/api/v1/knowledge/milieustraat', admin, {
      summary: 'x',
      version: 7,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().invalidParams[0].name).toBe('version');
    expect(
      (await t.request('GET', '/api/v1/knowledge/milieustraat/history', admin)).json().versions,
    ).toHaveLength(1);
  });

  it('does not make a version for an edit that changes nothing', async () => {
    const a = (await t.request('GET', '/api/v1/knowledge/adresonderzoek', admin)).json();
    const res = await t.request('PATCH', '/api/v1/knowledge/adresonderzoek', admin, { title: a.title });
    expect(res.json().version).toBe(a.version);
  });

  it('creates an article and refuses bad or duplicate input clearly', async () => {
    const ok = await t.request('POST', '/api/v1/knowledge', admin, {
      slug: 'standplaatsvergunning',
      title: 'Standplaatsvergunning',
      summary: 'Voor een kraam op de markt.',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'draft', version: 1, humanOnly: false, keywords: [] });
    const dup = await t.request('POST', '/api/v1/knowledge', admin, {
      slug: 'standplaatsvergunning',
      title: 'X',
    });
    expect(dup.statusCode).toBe(409);
    const bad = await t.request('POST', '/api/v1/knowledge', admin, { slug: 'Met Spaties', title: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .invalidParams.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['slug', 'title']);
  });

  it('shows drafts to admins only', async () => {
    expect((await t.request('GET', '/api/v1/knowledge/eigen-trouwambtenaar', kcc)).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/knowledge/eigen-trouwambtenaar/history', kcc)).statusCode).toBe(
      404,
    );
    expect((await t.request('GET', '/api/v1/knowledge/eigen-trouwambtenaar', admin)).statusCode).toBe(200);
    expect(slugs((await t.request('GET', '/api/v1/knowledge?q=babs', kcc)).json())).not.toContain(
      'eigen-trouwambtenaar',
    );
    const drafts = await t.request('GET', '/api/v1/knowledge?q=babs&status=draft', admin);
    expect(slugs(drafts.json())).toEqual(['eigen-trouwambtenaar']);
  });
});

describe('the public endpoint', () => {
  it('serves a published article without work instructions', async () => {
    const res = await t.request('GET', '/api/v1/public/knowledge/paspoort-aanvragen');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      slug: 'paspoort-aanvragen',
      title: 'Paspoort aanvragen',
      humanOnly: false,
    });
    expect(res.json()).not.toHaveProperty('workInstructions');
    expect(res.body).not.toContain('spoedprocedure');
  });

  it('never matches or quotes a work instruction in its search', async () => {
    // 'spoedprocedure' occurs only in the work instructions of the passport article.
    const internal = await t.request('GET', '/api/v1/knowledge?q=spoedprocedure', kcc);
    expect(slugs(internal.json())).toEqual(['paspoort-aanvragen']);
    const pub = await t.request('GET', '/api/v1/public/knowledge?q=spoedprocedure');
    expect(pub.json().results).toEqual([]);
    const paspoort = await t.request('GET', '/api/v1/public/knowledge?q=paspoort');
    expect(paspoort.body).not.toContain('BRP of de inwoner');
  });

  it('keeps drafts out and marks articles the chatbot must hand over', async () => {
    expect((await t.request('GET', '/api/v1/public/knowledge/eigen-trouwambtenaar')).statusCode).toBe(404);
    const wmo = await t.request('GET', '/api/v1/public/knowledge/wmo-ondersteuning');
    expect(wmo.json().humanOnly).toBe(true);
  });
});
