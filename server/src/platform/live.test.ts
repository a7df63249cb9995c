import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../test/app.ts';
import { openLive } from '../test/live.ts';
import { registerTopicGuard } from './realtime.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('live events over WebSocket', () => {
  it('delivers events on the employee’s own topic and nobody else’s', async () => {
    const kcc = await t.login('kcc');
    const me = (await t.request('GET', '/api/v1/auth/me', kcc)).json() as { id: string };
    const live = await openLive(t, kcc);
    const ready = await live.next((f) => f.type === 'ready');
    expect((ready.data as { topics: string[] }).topics).toContain(`employee:${me.id}`);

    t.app.loket.realtime.publish('employee:someone-else', { type: 'call.ringing', data: { n: 1 } });
    t.app.loket.realtime.publish(`employee:${me.id}`, { type: 'call.ringing', data: { n: 2 } });
    const frame = await live.next((f) => f.type === 'call.ringing');
    expect(frame).toEqual({ topic: `employee:${me.id}`, type: 'call.ringing', data: { n: 2 } });
    live.socket.close();
  });

  it('subscribes to a module topic only when its guard allows it', async () => {
    registerTopicGuard('test-board', (actor) => actor.permissions.has('reports:read'));
    const kcc = await openLive(t, await t.login('kcc'));
    kcc.send({ type: 'subscribe', topic: 'test-board' });
    const refused = await kcc.next((f) => f.type === 'error');
    expect(refused.data).toMatchObject({ topic: 'test-board' });

    const manager = await openLive(t, await t.login('manager'));
    manager.send({ type: 'subscribe', topic: 'test-board' });
    await manager.next((f) => f.type === 'subscribed');
    t.app.loket.realtime.publish('test-board', { type: 'figures', data: { contacts: 3 } });
    expect((await manager.next((f) => f.type === 'figures')).data).toEqual({ contacts: 3 });
    expect(kcc.frames.some((f) => f.type === 'figures')).toBe(false);

    manager.send({ type: 'nonsense' });
    expect((await manager.next((f) => f.type === 'error')).data).toMatchObject({
      title: 'Onbekend bericht.',
    });
    kcc.socket.close();
    manager.socket.close();
  });

  it('closes a connection without a login', async () => {
    const anonymous = await openLive(t, {});
    expect((await anonymous.closed).code).toBe(4401);
  });
});
