// MijnGemeente for real: Loket listening on 127.0.0.1 with its development IdP (oidc-provider at
// /dev-idp), a "browser" of fetch calls that follows redirects and submits the IdP's form, and two
// residents who must never see each other's data.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { type App, buildApp } from '../../platform/app.ts';
import { type Clock, createClock } from '../../platform/clock.ts';
import { testDatabase } from '../../test/database.ts';
import { createCase, setCaseStatus } from '../cases/cases.service.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { seedDemo } from '../demo/demo.seed.ts';
import { createParty } from '../parties/parties.service.ts';
import { createTask } from '../tasks/tasks.service.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let app: App;
let loket: string;
let handle: DatabaseHandle;
let clock: Clock;
const data = {} as Record<
  'anne' | 'bram' | 'bedrijf',
  { party: string; contact: string; secret: string; note: string; out: string; task: string; case: string }
>;

async function seedResident(key: keyof typeof data, party: string) {
  const config = app.loket.config;
  const contact = await registerContact(
    handle.db,
    {
      channel: 'phone',
      direction: 'in',
      subject: `Vraag over afval van ${key}`,
      content: `interne notitie ${key}`,
      result: `Antwoord aan ${key}`,
      parties: [{ partyId: party, role: 'klant', initiator: true }],
    },
    undefined,
    clock,
  );
  const secret = await registerContact(
    handle.db,
    {
      channel: 'counter',
      direction: 'in',
      subject: `Vertrouwelijk gesprek ${key}`,
      confidential: true,
      parties: [{ partyId: party, role: 'klant' }],
    },
    undefined,
    clock,
  );
  const out = await registerContact(
    handle.db,
    {
      channel: 'email',
      direction: 'out',
      subject: `Uw aanvraag is ontvangen (${key})`,
      content: `Beste ${key}, wij hebben uw aanvraag ontvangen.`,
      parties: [{ partyId: party, role: 'klant' }],
    },
    undefined,
    clock,
  );
  const task = await createTask(
    handle.db,
    {
      kind: 'callback',
      subject: `Terugbellen ${key}`,
      partyId: party,
      callback: { channel: 'phone', address: '0612345678' },
      owner: { kind: 'team', id: 'kcc' },
    },
    undefined,
    clock,
    config.tasks,
  );
  const c = await createCase(
    handle.db,
    { caseType: 'parkeervergunning', subject: `Parkeervergunning ${key}`, parties: [{ partyId: party }] },
    undefined,
    clock,
  );
  await setCaseStatus(
    handle.db,
    c.identification,
    { status: c.statuses[1]?.code ?? '' },
    undefined,
    clock,
  ).catch(() => undefined);
  data[key] = {
    party,
    contact: contact.id,
    secret: secret.id,
    note: `interne notitie ${key}`,
    out: out.id,
    task: task.id,
    case: c.identification,
  };
}

beforeAll(async () => {
  const port = await freePort();
  loket = `http://127.0.0.1:${port}`;
  handle = await testDatabase();
  clock = createClock(new Date('2026-11-23T09:00:00Z'));
  await seedDemo(handle.db, { now: clock.now(), population: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_DATA_DIR: '/tmp/loket-test',
    LOKET_PUBLIC_URL: loket,
  });
  app = await buildApp({ config, db: handle.db, dbKind: handle.kind, clock });
  await app.listen({ port, host: '127.0.0.1' });
  const person = (surname: string, bsn: string) =>
    createParty(handle.db, {
      kind: 'person',
      givenNames: 'Test',
      surname,
      identifiers: [{ type: 'bsn', value: bsn }],
    });
  await seedResident('anne', (await person('Appel', '999993653')).id);
  await seedResident('bram', (await person('Boom', '111222333')).id);
  const org = await createParty(handle.db, {
    kind: 'organisation',
    organisationName: 'Bakkerij De Korst',
    identifiers: [{ type: 'kvk_nummer', value: '12345678' }],
  });
  await seedResident('bedrijf', org.id);
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
});

/** A minimal browser: cookies per origin, manual redirects, and the dev IdP's form. */
function browser() {
  const jar = new Map<string, Map<string, string>>();
  async function request(
    url: URL | string,
    init: { method?: string; form?: Record<string, string>; json?: unknown } = {},
  ) {
    const u = typeof url === 'string' ? new URL(url, loket) : url;
    const cookies = jar.get(u.origin) ?? new Map<string, string>();
    const res = await fetch(u, {
      method: init.method ?? (init.form || init.json ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(init.json ? { 'content-type': 'application/json' } : {}),
      },
      body: init.form
        ? new URLSearchParams(init.form).toString()
        : init.json
          ? JSON.stringify(init.json)
          : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) cookies.delete(pair.slice(0, eq));
      else cookies.set(pair.slice(0, eq), value);
    }
    jar.set(u.origin, cookies);
    return res;
  }

  /** Start at Loket's resident login, pick `account` at the dev IdP, stop at Loket's callback's answer. */
  async function logIn(account: Record<string, string>) {
    let url = new URL('/api/v1/mijn/auth/login', loket);
    let form: Record<string, string> | undefined;
    const seen: string[] = [];
    for (let hop = 0; hop < 20; hop++) {
      const res = await request(url, form ? { form } : {});
      seen.push(url.pathname);
      form = undefined;
      if (url.pathname === '/api/v1/mijn/auth/callback') return { res, seen };
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} at ${url.pathname}: ${html.slice(0, 300)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url.pathname}`);
      url = new URL(action, url);
      form = account;
    }
    throw new Error('too many redirects');
  }
  const get = async (path: string) => {
    const res = await request(path);
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  return { request, logIn, get };
}

async function loggedIn(account: Record<string, string>) {
  const b = browser();
  const { res, seen } = await b.logIn(account);
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/mijn');
  expect(seen.some((p) => p.startsWith('/dev-idp/interaction/'))).toBe(true);
  return b;
}

describe('resident login through the development IdP', () => {
  it('lists demo residents at the IdP and logs in with a BSN', async () => {
    const b = browser();
    const start = await b.request('/api/v1/mijn/auth/login');
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location') ?? '');
    expect(to.pathname).toBe('/dev-idp/auth');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    let res = await b.request(to);
    res = await b.request(new URL(res.headers.get('location') ?? '', to));
    const html = await res.text();
    expect(html).toContain('value="bsn:999993653"');
    expect(html).toContain('value="kvk:12345678"');

    const anne = await loggedIn({ account: 'bsn:999993653' });
    expect((await anne.get('/api/v1/mijn/me')).body).toMatchObject({
      loggedIn: true,
      name: 'Test Appel',
      kind: 'bsn',
    });
  });

  it('gives a resident no access to the employee API, and an employee none to the portal', async () => {
    const anne = await loggedIn({ bsn: '999993653' });
    for (const path of [
      '/api/v1/auth/me',
      '/api/v1/contacts',
      `/api/v1/parties/${data.anne.party}`,
      '/api/v1/tasks',
    ])
      expect((await anne.get(path)).status).toBe(401);
    const kcc = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kcc', password: 'kcc-demo' },
    });
    const cookie = String(kcc.headers['set-cookie']).split(';')[0] ?? '';
    const mine = await app.inject({ method: 'GET', url: '/api/v1/mijn/overview', headers: { cookie } });
    expect(mine.statusCode).toBe(401);
  });

  it('ends the session after 15 minutes without a request, and at logout', async () => {
    const anne = await loggedIn({ bsn: '999993653' });
    clock.set(new Date(clock.now().getTime() + 14 * 60_000));
    expect((await anne.get('/api/v1/mijn/overview')).status).toBe(200);
    clock.set(new Date(clock.now().getTime() + 14 * 60_000));
    expect((await anne.get('/api/v1/mijn/overview')).status).toBe(200);
    clock.set(new Date(clock.now().getTime() + 16 * 60_000));
    expect((await anne.get('/api/v1/mijn/overview')).status).toBe(401);
    expect((await anne.get('/api/v1/mijn/me')).body).toEqual({ loggedIn: false });

    const again = await loggedIn({ bsn: '999993653' });
    expect((await again.request('/api/v1/mijn/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await again.get('/api/v1/mijn/overview')).status).toBe(401);
  });

  it('refuses a callback that does not belong to this browser', async () => {
    const b = browser();
    await b.request('/api/v1/mijn/auth/login');
    expect((await b.request('/api/v1/mijn/auth/callback?code=x&state=verkeerd')).status).toBe(400);
  });

  it('answers an aborted login with a Dutch 401', async () => {
    const b = browser();
    const { res } = await b.logIn({ abort: '1' });
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toContain('afgebroken');
  });
});

describe('what a resident sees', () => {
  it('shows their own contacts, callbacks, cases and notifications, without notes or confidential ones', async () => {
    const anne = await loggedIn({ bsn: '999993653' });
    const { status, body } = await anne.get('/api/v1/mijn/overview');
    expect(status).toBe(200);
    expect(body.contacts).toEqual([
      expect.objectContaining({ id: data.anne.contact, channel: 'phone', answer: 'Antwoord aan anne' }),
    ]);
    expect(JSON.stringify(body)).not.toContain(data.anne.note);
    expect(JSON.stringify(body)).not.toContain(data.anne.secret);
    expect(body.notifications).toEqual([
      expect.objectContaining({
        id: data.anne.out,
        channel: 'email',
        message: expect.stringContaining('ontvangen'),
      }),
    ]);
    expect(body.callbacks).toEqual([
      expect.objectContaining({
        id: data.anne.task,
        status: 'open',
        channel: 'phone',
        expectedAt: expect.any(String),
      }),
    ]);
    expect(body.cases).toEqual([
      expect.objectContaining({ identification: data.anne.case, subject: 'Parkeervergunning anne' }),
    ]);

    const detail = await anne.get(`/api/v1/mijn/cases/${data.anne.case}`);
    expect(detail.status).toBe(200);
    expect(detail.body.history.length).toBeGreaterThan(0);
    expect(detail.body.statuses.length).toBeGreaterThan(1);
    expect(detail.body).toHaveProperty('expectedEndDate');
    expect(detail.body).toHaveProperty('documents');
  });

  it('never shows one resident anything of another (every endpoint, guessed ids → 404)', async () => {
    const anne = await loggedIn({ bsn: '999993653' });
    const bram = await loggedIn({ bsn: '111222333' });
    for (const [who, other] of [
      [anne, 'bram'],
      [bram, 'anne'],
    ] as const) {
      const o = data[other];
      const all = JSON.stringify(
        await Promise.all(
          ['overview', 'contacts', 'notifications', 'callbacks', 'cases'].map((p) =>
            who.get(`/api/v1/mijn/${p}`),
          ),
        ),
      );
      for (const id of [o.contact, o.out, o.task, o.case, o.party]) expect(all).not.toContain(id);
      expect(all).not.toContain(`van ${other}`);
      expect((await who.get(`/api/v1/mijn/contacts/${o.contact}`)).status).toBe(404);
      expect((await who.get(`/api/v1/mijn/contacts/${o.out}`)).status).toBe(404);
      expect((await who.get(`/api/v1/mijn/cases/${o.case}`)).status).toBe(404);
      expect((await who.get('/api/v1/mijn/contacts/niet-een-id')).status).toBe(404);
    }
    // Its own confidential contact is 404 too; its own contact is there.
    expect((await anne.get(`/api/v1/mijn/contacts/${data.anne.secret}`)).status).toBe(404);
    expect((await anne.get(`/api/v1/mijn/contacts/${data.anne.contact}`)).body).toMatchObject({
      answer: 'Antwoord aan anne',
    });
  });

  it('shows a business (KvK) the same for its organisation', async () => {
    const shop = await loggedIn({ kvk: '12345678' });
    const { body } = await shop.get('/api/v1/mijn/overview');
    expect(body).toMatchObject({ name: 'Bakkerij De Korst', kind: 'kvk' });
    expect(body.cases.map((c: { identification: string }) => c.identification)).toEqual([data.bedrijf.case]);
    expect(body.contacts.map((c: { id: string }) => c.id)).toEqual([data.bedrijf.contact]);
  });

  it('writes the processing log with actor kind resident', async () => {
    await (await loggedIn({ bsn: '111222333' })).get('/api/v1/mijn/cases');
    const rows = await handle.db
      .selectFrom('processing_log')
      .selectAll()
      .where('actor_kind', '=', 'resident')
      .where('party_id', '=', data.bram.party)
      .execute();
    expect(rows.map((r) => r.endpoint)).toContain('GET /mijn/cases');
    expect(rows.every((r) => r.actor_id === data.bram.party)).toBe(true);
  });
});

describe('asking a question', () => {
  it('creates a web-form contact and a callback request, visible at once', async () => {
    const bram = await loggedIn({ bsn: '111222333' });
    const res = await bram.request('/api/v1/mijn/questions', {
      json: {
        subject: 'Wanneer wordt het grofvuil opgehaald?',
        question: 'Ik heb een bank.',
        callback: { channel: 'phone', address: '0612345678' },
      },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.contact).toMatchObject({ channel: 'webform', direction: 'in' });
    expect(created.callback).toMatchObject({ status: 'open', channel: 'phone' });
    const { body } = await bram.get('/api/v1/mijn/overview');
    expect(body.contacts.map((c: { id: string }) => c.id)).toContain(created.contact.id);
    expect(body.callbacks.map((c: { id: string }) => c.id)).toContain(created.callback.id);
    // Anne does not see it.
    const anne = await loggedIn({ bsn: '999993653' });
    expect((await anne.get(`/api/v1/mijn/contacts/${created.contact.id}`)).status).toBe(404);
  });

  it('answers bad input with 400 and no login with 401', async () => {
    const bram = await loggedIn({ bsn: '111222333' });
    const bad = await bram.request('/api/v1/mijn/questions', { json: { subject: '', question: 'x' } });
    expect(bad.status).toBe(400);
    const anon = await browser().request('/api/v1/mijn/questions', { json: { subject: 'a', question: 'b' } });
    expect(anon.status).toBe(401);
  });
});
