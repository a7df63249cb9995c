import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { uuidFrom } from '../demo/random.ts';

let t: TestApp;
let kcc: Who;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  [kcc, admin] = await Promise.all([t.login('kcc'), t.login('admin')]);
});
afterAll(() => t.close());

const newReason = (extra: Record<string, unknown> = {}) => ({
  code: 'hondenbelasting',
  label: 'Hondenbelasting',
  serviceNormDays: 5,
  teamId: uuidFrom('team:belastingen'),
  ...extra,
});

describe('contact reasons', () => {
  it('are listed for any logged-in employee, not for anonymous callers', async () => {
    const res = await t.request('GET', '/api/v1/contact-reasons', kcc);
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toContainEqual(
      expect.objectContaining({
        code: 'paspoort',
        serviceNormDays: 2,
        teamId: uuidFrom('team:burgerzaken'),
        active: true,
      }),
    );
    expect((await t.request('GET', '/api/v1/contact-reasons')).statusCode).toBe(401);
  });

  it('are maintained by an admin only', async () => {
    expect((await t.request('POST', '/api/v1/contact-reasons', kcc, newReason())).statusCode).toBe(403);
    const created = await t.request('POST', '/api/v1/contact-reasons', admin, newReason());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'hondenbelasting',
      label: 'Hondenbelasting',
      serviceNormDays: 5,
      active: true,
    });
    const id = created.json().id;

    expect(
      (await t.request('PATCH', `/api/v1/contact-reasons/${id}`, kcc, { active: false })).statusCode,
    ).toBe(403);
    const retired = await t.request('PATCH', `/api/v1/contact-reasons/${id}`, admin, {
      active: false,
      label: 'Honden',
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ active: false, label: 'Honden', serviceNormDays: 5 });

    const active = await t.request('GET', '/api/v1/contact-reasons?active=true', kcc);
    expect(active.json().results.map((r: { code: string }) => r.code)).not.toContain('hondenbelasting');
    const use = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'phone',
      direction: 'in',
      subject: 'Hond aangemeld',
      reasonCode: 'hondenbelasting',
    });
    expect(use.statusCode).toBe(422);
    expect(use.json().invalidParams[0]).toMatchObject({
      name: 'reasonCode',
      reason: 'Deze contactreden is niet meer in gebruik.',
    });
  });

  it.each([
    ['serviceNormDays 0', newReason({ code: 'a1', serviceNormDays: 0 }), 400, 'serviceNormDays'],
    [
      'serviceNormDays not a number',
      newReason({ code: 'a2', serviceNormDays: 'twee' }),
      400,
      'serviceNormDays',
    ],
    ['code with spaces', newReason({ code: 'Honden Belasting' }), 400, 'code'],
    ['empty label', newReason({ code: 'a3', label: '' }), 400, 'label'],
    ['unknown team', newReason({ code: 'a4', teamId: randomUUID() }), 422, 'teamId'],
    ['duplicate code', newReason({ code: 'paspoort' }), 409, 'code'],
  ])('refuses %s naming the field', async (_label, body, status, field) => {
    const before = (await t.request('GET', '/api/v1/contact-reasons', admin)).json().results.length;
    const res = await t.request('POST', '/api/v1/contact-reasons', admin, body);
    expect(res.statusCode).toBe(status);
    expect(res.json().invalidParams[0].name).toBe(field);
    expect((await t.request('GET', '/api/v1/contact-reasons', admin)).json().results.length).toBe(before);
  });

  it('answers a patch of an unknown reason with 404', async () => {
    expect(
      (await t.request('PATCH', `/api/v1/contact-reasons/${randomUUID()}`, admin, { label: 'x' })).statusCode,
    ).toBe(404);
  });
});

describe('channels', () => {
  it('are listed in order and switched off by an admin only', async () => {
    const list = await t.request('GET', '/api/v1/channels', kcc);
    expect(list.json().results[0]).toEqual({ code: 'phone', label: 'Telefoon', active: true, sortOrder: 1 });
    expect(list.json().results).toHaveLength(10);

    expect((await t.request('PATCH', '/api/v1/channels/social', kcc, { active: false })).statusCode).toBe(
      403,
    );
    const off = await t.request('PATCH', '/api/v1/channels/social', admin, {
      active: false,
      label: 'Sociale media (oud)',
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ code: 'social', active: false, label: 'Sociale media (oud)' });
    const active = await t.request('GET', '/api/v1/channels?active=true', kcc);
    expect(active.json().results.map((c: { code: string }) => c.code)).not.toContain('social');

    const use = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'social',
      direction: 'in',
      subject: 'Tweet',
    });
    expect(use.statusCode).toBe(400);
    expect(use.json().invalidParams[0].name).toBe('channel');
  });

  it('answers an unknown channel with 404 and an empty patch with 400', async () => {
    expect((await t.request('PATCH', '/api/v1/channels/duif', admin, { active: false })).statusCode).toBe(
      404,
    );
    expect((await t.request('PATCH', '/api/v1/channels/phone', admin, {})).statusCode).toBe(400);
    expect((await t.request('PATCH', '/api/v1/channels/phone', admin, { label: '' })).statusCode).toBe(400);
  });
});
