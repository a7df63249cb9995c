import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';

let t: TestApp;
let admin: Who;
beforeAll(async () => {
  t = await testApp(); // Monday 10:00 in Amsterdam: the web chat is staffed
  admin = await t.login('admin');
});
afterAll(() => t.close());

const signal = (visitorId: string, body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/public/chat/signals', undefined, { visitorId, page: '/paspoort', ...body });

describe('proactive chat', () => {
  it('offers help once a rule’s threshold is reached, then not again for half an hour', async () => {
    expect((await signal('visitor-0001', { signal: 'time_on_page', value: 30 })).json()).toEqual({
      offer: null,
    });
    const offered = (await signal('visitor-0001', { signal: 'time_on_page', value: 95 })).json();
    expect(offered.offer.message).toContain('Komt u er niet uit?');
    expect((await signal('visitor-0001', { signal: 'form_error', value: 3 })).json()).toEqual({
      offer: null,
    });
    expect((await signal('visitor-0002', { signal: 'form_error', value: 3 })).json().offer).not.toBeNull();
    t.clock.advance(31 * 60_000);
    expect((await signal('visitor-0001', { signal: 'form_error', value: 3 })).json().offer).not.toBeNull();
  });

  it('never offers outside the web chat’s opening hours', async () => {
    const night = await testApp({ now: new Date('2026-11-23T22:00:00Z') });
    const res = await night.request('POST', '/api/v1/public/chat/signals', undefined, {
      visitorId: 'visitor-night',
      page: '/',
      signal: 'time_on_page',
      value: 600,
    });
    expect(res.json()).toEqual({ offer: null });
    await night.close();
  });

  it('lets an admin maintain the rules, with clear errors, and nobody else', async () => {
    const created = await t.request('POST', '/api/v1/chat/proactive-rules', admin, {
      name: 'Parkeren: lang zoeken',
      signal: 'repeated_search',
      page: '/parkeren',
      threshold: 1,
      message: 'Vragen over parkeren? Chat met ons.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const offer = (
      await signal('visitor-park', { page: '/parkeren/vergunning', signal: 'repeated_search', value: 1 })
    ).json();
    expect(offer.offer.message).toBe('Vragen over parkeren? Chat met ons.');
    const bad = await t.request('POST', '/api/v1/chat/proactive-rules', admin, {
      name: 'x',
      signal: 'mouse_wiggle',
      threshold: 0,
      message: '',
    });
    expect(bad.statusCode).toBe(400);
    const kcc = await t.login('kcc');
    expect((await t.request('GET', '/api/v1/chat/proactive-rules', kcc)).statusCode).toBe(403);
    const id = created.json().id;
    expect((await t.request('DELETE', `/api/v1/chat/proactive-rules/${id}`, admin)).statusCode).toBe(204);
    expect((await t.request('DELETE', `/api/v1/chat/proactive-rules/${id}`, admin)).statusCode).toBe(404);
    expect((await signal('bad', { signal: 'time_on_page', value: 1 })).statusCode).toBe(400);
  });
});
