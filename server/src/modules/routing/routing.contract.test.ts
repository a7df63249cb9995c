// The contract the channel adapters build on: route, register, enqueue (idempotent), announce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { announceQueued, enqueueContact, routeInbound } from './routing.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('adapter contract', () => {
  it('sends an unmatched message to the KCC team and enqueues its contact once', async () => {
    const decision = await routeInbound(t.db, { channel: 'email', subject: 'Vraag', body: 'Hallo' });
    expect(decision.teamCode).toBe('kcc');
    expect(decision.ruleId).toBeNull();
    const contactId = await t.db.transaction().execute(async (trx) => {
      const contact = await registerContact(
        trx,
        { channel: 'email', direction: 'in', subject: 'Vraag', content: 'Hallo', teamId: decision.teamId },
        undefined,
        t.clock,
      );
      await enqueueContact(trx, contact.id, decision, t.clock.now());
      await enqueueContact(trx, contact.id, decision, t.clock.now());
      return contact.id;
    });
    const rows = await t.db
      .selectFrom('queue_items')
      .selectAll()
      .where('contact_id', '=', contactId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ team_id: decision.teamId, status: 'open', rule_id: null });
    const seen: unknown[] = [];
    const off = t.app.loket.realtime.subscribe(`team:${decision.teamId}`, (_topic, e) => seen.push(e));
    announceQueued(t.app.loket.realtime, decision, contactId);
    off();
    expect(seen).toEqual([
      { type: 'queue.added', data: { teamId: decision.teamId, teamCode: 'kcc', contactId } },
    ]);
  });
});
