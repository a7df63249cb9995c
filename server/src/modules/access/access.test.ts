import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { revokeToken, tokenTtlMs } from './access.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('employee login', () => {
  it('logs in with a local account and shows roles and teams', async () => {
    const who = await t.login('kcc');
    const me = await t.request('GET', '/api/v1/auth/me', who);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'kcc', roles: ['kcc'], teams: [{ code: 'kcc' }] });
  });

  it('refuses a wrong password with 401 and a Dutch message', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', undefined, {
      username: 'kcc',
      password: 'fout',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('Gebruikersnaam of wachtwoord klopt niet.');
  });

  it('forgets the session after logout', async () => {
    const who = await t.login('manager');
    const out = await t.request('POST', '/api/v1/auth/logout', who);
    expect(out.statusCode).toBe(204);
    const cleared = out.headers['set-cookie'];
    const cookie = (Array.isArray(cleared) ? cleared[0] : cleared)?.split(';')[0] ?? '';
    expect((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
  });
});

describe('application tokens', () => {
  it('rejects an unknown token with 401', async () => {
    const res = await t.request('GET', '/api/v1/auth/me', { token: 'onzin' });
    expect(res.statusCode).toBe(401);
  });

  it('rejects a revoked token', async () => {
    const who = await t.application('tijdelijk');
    expect((await t.request('GET', '/healthz', who)).statusCode).toBe(200);
    await revokeToken(t.db, 'tijdelijk', t.clock.now());
    expect((await t.request('GET', '/healthz', who)).statusCode).toBe(401);
  });

  it('refuses a token revoked by another process (the CLI on a server database) within seconds', async () => {
    const who = await t.application('elders-ingetrokken');
    expect((await t.request('GET', '/healthz', who)).statusCode).toBe(200);
    // Another process writes the revoke straight into the database; this server hears nothing of it.
    await sql`UPDATE api_tokens SET revoked_at = now() WHERE name = 'elders-ingetrokken'`.execute(t.db);
    t.clock.advance(tokenTtlMs);
    expect((await t.request('GET', '/healthz', who)).statusCode).toBe(401);
  });

  it('forbids reading the processing log without the right', async () => {
    const who = await t.application('zonder-rechten', ['parties:read']);
    const res = await t.request(
      'GET',
      '/api/v1/processing-log?party=7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      who,
    );
    expect(res.statusCode).toBe(403);
  });
});
