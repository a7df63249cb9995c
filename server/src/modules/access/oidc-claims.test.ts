import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { type TestApp, testApp } from '../../test/app.ts';
import { claimValues, mapRoles, safeReturnTo } from './oidc.ts';

describe('reading roles and teams from claims', () => {
  it('follows a dotted path and accepts lists or space/comma separated strings', () => {
    const claims = {
      realm_access: { roles: ['kcc', 'offline_access'] },
      groups: 'kcc burgerzaken',
      scp: 'a,b',
    };
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['kcc', 'offline_access']);
    expect(claimValues(claims, 'groups')).toEqual(['kcc', 'burgerzaken']);
    expect(claimValues(claims, 'scp')).toEqual(['a', 'b']);
    expect(claimValues(claims, 'roles')).toBeNull();
    expect(claimValues(claims, 'realm_access.roles.x')).toBeNull();
  });

  it('maps IdP roles to Loket roles, and keeps only roles Loket knows', () => {
    expect(mapRoles(['kcc', 'offline_access', 'admin'], {})).toEqual(['kcc', 'admin']);
    const map = { 'KCC-medewerkers': ['kcc'], beheer: ['admin', 'manager'] };
    expect(mapRoles(['KCC-medewerkers', 'beheer', 'kcc'], map)).toEqual(['kcc', 'admin', 'manager']);
    expect(mapRoles(['iets'], map)).toEqual([]);
  });

  it('only returns to a path on this site', () => {
    expect(safeReturnTo('/werkplek?tab=taken')).toBe('/werkplek?tab=taken');
    for (const bad of ['https://elders.example', '//elders.example', '/\\elders.example', undefined, '']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});

describe('OIDC configuration', () => {
  const base = { NODE_ENV: 'test' as const, LOKET_PUBLIC_URL: 'https://loket.voorbeeld.nl' };

  it('is off without an issuer and derives the redirect URL from the public URL', () => {
    expect(loadConfig(base).oidc).toBeNull();
    const on = loadConfig({
      ...base,
      LOKET_OIDC_ISSUER: 'https://sso.voorbeeld.nl/realms/gemeente',
      LOKET_OIDC_CLIENT_ID: 'loket',
    });
    expect(on.oidc).toMatchObject({
      redirectUrl: 'https://loket.voorbeeld.nl/api/v1/auth/oidc/callback',
      rolesClaim: 'roles',
      usernameClaim: 'preferred_username',
      roleMap: {},
    });
  });

  it('refuses an issuer without client id, a bad role map, and plain http in production', () => {
    expect(() => loadConfig({ ...base, LOKET_OIDC_ISSUER: 'https://sso.voorbeeld.nl' })).toThrow(
      /LOKET_OIDC_CLIENT_ID/,
    );
    const withClient = {
      ...base,
      LOKET_OIDC_ISSUER: 'https://sso.voorbeeld.nl',
      LOKET_OIDC_CLIENT_ID: 'loket',
    };
    expect(() => loadConfig({ ...withClient, LOKET_OIDC_ROLE_MAP: 'zonder-is-teken' })).toThrow(
      /LOKET_OIDC_ROLE_MAP/,
    );
    expect(() =>
      loadConfig({ ...withClient, NODE_ENV: 'production', LOKET_OIDC_ISSUER: 'http://sso.voorbeeld.nl' }),
    ).toThrow(/https/);
  });
});

describe('without an identity provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ seed: false });
  });
  afterAll(() => t.close());

  it('tells the UI that only local login exists and refuses the OIDC routes with 404', async () => {
    const config = await t.request('GET', '/api/v1/auth/config');
    expect(config.json()).toEqual({
      localLogin: true,
      oidc: { enabled: false, label: null, loginUrl: null },
    });
    const login = await t.request('GET', '/api/v1/auth/oidc/login');
    expect(login.statusCode).toBe(404);
    expect(login.json().detail).toBe('Inloggen via de identiteitsprovider is niet ingesteld.');
  });
});
