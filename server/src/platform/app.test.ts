import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the HTTP application', () => {
  it('reports health with the database kind', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.dbKind });
  });

  it('answers an unknown path with Dutch problem details', async () => {
    const res = await t.request('GET', '/api/v1/bestaat-niet');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, title: 'Niet gevonden' });
  });

  it('leaves the query string (which may hold a BSN) out of problem details', async () => {
    const res = await t.request('GET', '/api/v1/bestaat-niet?bsn=111222333');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('111222333');
    expect(res.json().instance).toBe('/api/v1/bestaat-niet');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('De body is geen geldige JSON.');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', undefined, {
      username: 'x'.repeat(2_000_000),
      password: 'y',
    });
    expect(res.statusCode).toBe(413);
  });

  it('names the missing field when validation fails', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', undefined, { username: 'kcc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams).toEqual([expect.objectContaining({ name: 'password' })]);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.request('GET', '/api/docs/json');
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/api/v1/auth/login');
  });
});
