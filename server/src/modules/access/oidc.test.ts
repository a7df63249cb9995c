// The OpenID Connect login for real: a local OIDC provider (oidc-provider) and Loket, both listening
// on 127.0.0.1, and a "browser" made of fetch that follows every redirect and submits the IdP's forms.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { type App, buildApp } from '../../platform/app.ts';
import { createClock } from '../../platform/clock.ts';
import { testDatabase } from '../../test/database.ts';
import { seedDemo } from '../demo/demo.seed.ts';
import { startTestIdp, type TestIdp } from './oidc.test-idp.ts';

/** Accounts at the IdP, with the claims it releases for them. */
const accounts: Record<string, Record<string, unknown>> = {
  'j.jansen': {
    preferred_username: 'J.Jansen',
    name: 'Jan Jansen',
    email: 'j.jansen@voorbeeld.nl',
    roles: ['loket-kcc'],
    groups: ['/burgerzaken', '/onbekend-team'],
  },
  // The demo's local 'backoffice' employee, now known at the IdP with other roles and teams.
  backoffice: {
    preferred_username: 'backoffice',
    name: 'B. Office',
    roles: ['loket-beheer'],
    groups: ['/kcc'],
  },
  'p.pietersen': { preferred_username: 'p.pietersen', name: 'Piet', roles: ['iets-anders'] },
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let idp: TestIdp;
let issuer: string;
let app: App;
let loket: string;
let handle: DatabaseHandle;

beforeAll(async () => {
  const loketPort = await freePort();
  loket = `http://127.0.0.1:${loketPort}`;
  idp = await startTestIdp({
    accounts,
    clientId: 'loket',
    clientSecret: 'loket-test-geheim-van-minstens-32-tekens',
    redirectUri: `${loket}/api/v1/auth/oidc/callback`,
  });
  issuer = idp.issuer;

  handle = await testDatabase();
  const clock = createClock();
  await seedDemo(handle.db, { now: clock.now(), population: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_DATA_DIR: '/tmp/loket-test',
    LOKET_PUBLIC_URL: loket,
    LOKET_OIDC_ISSUER: issuer,
    LOKET_OIDC_CLIENT_ID: 'loket',
    LOKET_OIDC_CLIENT_SECRET: 'loket-test-geheim-van-minstens-32-tekens',
    LOKET_OIDC_SCOPES: 'openid profile email roles',
    LOKET_OIDC_ROLE_MAP: 'loket-kcc=kcc,loket-beheer=admin,loket-beheer=manager',
    LOKET_OIDC_TEAMS_CLAIM: 'groups',
  });
  app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
  await app.listen({ port: loketPort, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
  await handle?.close();
});

/** A minimal browser: cookies per origin, manual redirects, and the IdP's login and consent forms. */
function browser() {
  const jar = new Map<string, Map<string, string>>();
  const cookieHeader = (url: URL) =>
    [...(jar.get(url.origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');

  async function request(url: URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(url),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const cookies = jar.get(url.origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) cookies.delete(pair.slice(0, eq));
      else cookies.set(pair.slice(0, eq), value);
    }
    jar.set(url.origin, cookies);
    return res;
  }

  /**
   * Start at Loket's login and follow everything until the browser is back at Loket's callback.
   * At the IdP: sign in as `login` (or press Cancel), then consent.
   */
  async function logIn(login: string, opts: { cancel?: boolean; returnTo?: string } = {}) {
    let url = new URL(
      `/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(opts.returnTo ?? '/werkplek')}`,
      loket,
    );
    let form: Record<string, string> | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const res = await request(url, form ? { method: 'POST', form } : {});
      form = undefined;
      if (url.origin === loket && url.pathname === '/api/v1/auth/oidc/callback') return { res, url };
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} at ${url.pathname}: ${html.slice(0, 300)}`);
      if (opts.cancel) {
        url = new URL(/href="([^"]*\/abort)"/.exec(html)?.[1] ?? '', url);
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`no form at ${url.pathname}`);
      url = new URL(action.replaceAll('&amp;', '&'), url);
      form = prompt === 'login' ? { prompt, login, password: 'wat-dan-ook' } : { prompt };
    }
    throw new Error('too many redirects');
  }

  const me = () => request(new URL('/api/v1/auth/me', loket));
  return { request, logIn, me, jar };
}

describe('login with OpenID Connect', () => {
  it('tells the UI that the IdP login is available', async () => {
    const res = await fetch(`${loket}/api/v1/auth/config`);
    expect(await res.json()).toEqual({
      localLogin: true,
      oidc: {
        enabled: true,
        label: 'Inloggen met uw organisatieaccount',
        loginUrl: '/api/v1/auth/oidc/login',
      },
    });
  });

  it('sends the browser to the IdP with PKCE, state and nonce', async () => {
    const b = browser();
    const res = await b.request(new URL('/api/v1/auth/oidc/login', loket));
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(to.origin).toBe(issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'loket',
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${loket}/api/v1/auth/oidc/callback`,
      scope: 'openid profile email roles',
    });
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  });

  it('provisions a new employee with the roles and teams from the claims and logs them in', async () => {
    const b = browser();
    const { res } = await b.logIn('j.jansen');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/werkplek');
    const me = await b.me();
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      username: 'j.jansen',
      displayName: 'Jan Jansen',
      email: 'j.jansen@voorbeeld.nl',
      roles: ['kcc'],
      teams: [{ code: 'burgerzaken' }],
      permissions: expect.arrayContaining(['parties:read', 'contacts:write']),
    });
    // The session works for the rest of the API, like a local login's.
    const kb = await b.request(new URL('/api/v1/knowledge/suggestions?reason=paspoort', loket));
    expect(kb.status).toBe(200);
  });

  it('logs in an existing employee and takes roles and teams from the IdP', async () => {
    const b = browser();
    const { res } = await b.logIn('backoffice', { returnTo: 'https://elders.example/' });
    expect(res.headers.get('location')).toBe('/'); // never a redirect off-site
    const me = await (await b.me()).json();
    expect(me).toMatchObject({
      username: 'backoffice',
      roles: ['admin', 'manager'],
      teams: [{ code: 'kcc' }],
    });
    // The second login finds the same employee, not a new one.
    const again = browser();
    await again.logIn('backoffice');
    expect((await (await again.me()).json()).id).toBe(me.id);
  });

  it('refuses an account without a Loket role with a clear 403 and no session', async () => {
    const b = browser();
    const { res } = await b.logIn('p.pietersen');
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toBe(
      'Uw account heeft geen rol in Loket. Vraag de functioneel beheerder om toegang.',
    );
    expect((await b.me()).status).toBe(401);
  });

  it('answers a callback with the wrong state with 400', async () => {
    const b = browser();
    await b.request(new URL('/api/v1/auth/oidc/login', loket)); // a login is pending in this browser
    const res = await b.request(new URL('/api/v1/auth/oidc/callback?code=abc&state=verkeerd', loket));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.invalidParams[0].name).toBe('state');
    expect(body.detail).toContain('state klopt niet');
    // Without any login started, too.
    const fresh = await browser().request(new URL('/api/v1/auth/oidc/callback?code=abc&state=x', loket));
    expect(fresh.status).toBe(400);
  });

  it('answers an error from the IdP with a Dutch 401', async () => {
    const b = browser();
    const { res, url } = await b.logIn('j.jansen', { cancel: true });
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toBe(
      'Inloggen via de identiteitsprovider is mislukt. U heeft het inloggen afgebroken, of de identiteitsprovider gaf geen toestemming.',
    );
    expect((await b.me()).status).toBe(401);
  });

  it('does not accept the same callback twice', async () => {
    const b = browser();
    const { url } = await b.logIn('j.jansen');
    const replay = await b.request(url);
    expect(replay.status).toBe(400);
  });
});
