import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';

let t: TestApp;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const teamByCode = async (code: string) => {
  const res = await t.request('GET', '/api/v1/teams', admin);
  return (res.json().results as { id: string; code: string; name: string }[]).find((x) => x.code === code);
};

describe('Beheer: employees and roles', () => {
  it('is refused to employees without the admin role', async () => {
    const kcc = await t.login('kcc');
    expect((await t.request('GET', '/api/v1/employees', kcc)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/api-tokens', kcc)).statusCode).toBe(403);
    const res = await t.request('POST', '/api/v1/teams', kcc, { code: 'x1', name: 'X' });
    expect(res.statusCode).toBe(403);
  });

  it('creates a local account that can log in with the roles and teams given', async () => {
    const kccTeam = await teamByCode('kcc');
    const res = await t.request('POST', '/api/v1/employees', admin, {
      username: 'JJansen',
      displayName: 'Jan Jansen',
      email: 'j.jansen@voorbeeld.nl',
      password: 'een-lang-wachtwoord',
      roles: ['kcc'],
      teamIds: [kccTeam?.id],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'jjansen', roles: ['kcc'], active: true, localLogin: true });
    const who = await t.login('jjansen', 'een-lang-wachtwoord');
    const me = await t.request('GET', '/api/v1/auth/me', who);
    expect(me.json()).toMatchObject({ displayName: 'Jan Jansen', teams: [{ code: 'kcc' }] });
  });

  it('refuses a taken username (409) and a short password (400) in Dutch', async () => {
    const taken = await t.request('POST', '/api/v1/employees', admin, {
      username: 'kcc',
      displayName: 'Dubbel',
      password: 'een-lang-wachtwoord',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toContain('al in gebruik');
    const short = await t.request('POST', '/api/v1/employees', admin, {
      username: 'kort',
      displayName: 'Kort',
      password: 'kort',
    });
    expect(short.statusCode).toBe(400);
    expect(JSON.stringify(short.json().invalidParams)).toContain('minstens 10 tekens');
  });

  it('sets roles and teams, and a deactivated employee can no longer log in', async () => {
    const list = (await t.request('GET', '/api/v1/employees', admin)).json().results as {
      id: string;
      username: string;
    }[];
    const jan = list.find((e) => e.username === 'jjansen');
    const backoffice = await teamByCode('burgerzaken');
    const who = await t.login('jjansen', 'een-lang-wachtwoord');
    const patched = await t.request('PATCH', `/api/v1/employees/${jan?.id}`, admin, {
      roles: ['backoffice', 'manager'],
      teamIds: backoffice ? [backoffice.id] : [],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      roles: ['backoffice', 'manager'],
      teams: [{ code: 'burgerzaken' }],
    });
    const me = await t.request('GET', '/api/v1/auth/me', who);
    expect(me.json().permissions).toContain('reports:read');

    await t.request('PATCH', `/api/v1/employees/${jan?.id}`, admin, { active: false });
    expect((await t.request('GET', '/api/v1/auth/me', who)).statusCode).toBe(401);
    const again = await t.request('POST', '/api/v1/auth/login', undefined, {
      username: 'jjansen',
      password: 'een-lang-wachtwoord',
    });
    expect(again.statusCode).toBe(401);
  });

  it('keeps at least one active admin', async () => {
    const list = (await t.request('GET', '/api/v1/employees', admin)).json().results as {
      id: string;
      username: string;
      roles: string[];
    }[];
    const self = list.find((e) => e.username === 'admin');
    const others = list.filter((e) => e.roles.includes('admin') && e.username !== 'admin');
    for (const o of others) await t.request('PATCH', `/api/v1/employees/${o.id}`, admin, { active: false });
    const res = await t.request('PATCH', `/api/v1/employees/${self?.id}`, admin, { roles: ['kcc'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Er moet minstens één actieve beheerder blijven.');
    expect((await t.request('GET', '/api/v1/employees', admin)).statusCode).toBe(200);
  });
});

describe('Beheer: teams', () => {
  it('creates and renames a team and sets its members', async () => {
    const created = await t.request('POST', '/api/v1/teams', admin, { code: 'sport', name: 'Sport' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const dup = await t.request('POST', '/api/v1/teams', admin, { code: 'sport', name: 'Nog een' });
    expect(dup.statusCode).toBe(409);
    const renamed = await t.request('PATCH', `/api/v1/teams/${id}`, admin, { name: 'Team Sport' });
    expect(renamed.json()).toMatchObject({ code: 'sport', name: 'Team Sport' });

    const list = (await t.request('GET', '/api/v1/employees', admin)).json().results as {
      id: string;
      username: string;
    }[];
    const kcc = list.find((e) => e.username === 'kcc');
    const put = await t.request('PUT', `/api/v1/teams/${id}/members`, admin, { employeeIds: [kcc?.id] });
    expect(put.statusCode).toBe(200);
    const me = await t.request('GET', '/api/v1/auth/me', await t.login('kcc'));
    expect(me.json().teams.map((x: { code: string }) => x.code)).toContain('sport');
    // Unknown employee: nothing changes.
    const bad = await t.request('PUT', `/api/v1/teams/${id}/members`, admin, {
      employeeIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(422);
    const missing = await t.request('PATCH', '/api/v1/teams/00000000-0000-4000-8000-000000000000', admin, {
      name: 'X',
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('Beheer: API tokens', () => {
  it('shows a new token once, lists it without the secret, and a revoked token stops working', async () => {
    const created = await t.request('POST', '/api/v1/api-tokens', admin, {
      name: 'zaaksysteem',
      permissions: ['contacts:read'],
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^lkt_/);
    const app = { token };
    expect((await t.request('GET', '/api/v1/contacts?limit=1', app)).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/tasks', app)).statusCode).toBe(403);

    const list = await t.request('GET', '/api/v1/api-tokens', admin);
    expect(list.body).not.toContain(token);
    expect(list.json().results).toContainEqual(
      expect.objectContaining({ id, name: 'zaaksysteem', permissions: ['contacts:read'], revokedAt: null }),
    );

    expect((await t.request('DELETE', `/api/v1/api-tokens/${id}`, admin)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/contacts?limit=1', app)).statusCode).toBe(401);
    expect((await t.request('DELETE', `/api/v1/api-tokens/${id}`, admin)).statusCode).toBe(404);
    const bad = await t.request('POST', '/api/v1/api-tokens', admin, { name: 'x', permissions: ['alles'] });
    expect(bad.statusCode).toBe(400);
  });
});
