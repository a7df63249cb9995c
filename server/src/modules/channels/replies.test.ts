import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unprocessable } from '../../platform/errors.ts';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { threadOfContact } from '../contacts/threads.service.ts';
import { enqueueContact, routeInbound } from '../routing/routing.service.ts';
import { registerReplySender } from './replies.ts';

let t: TestApp;
let kcc: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  // A stand-in channel adapter: answers 'post' contacts with an outbound letter in the same thread.
  registerReplySender('post', {
    async record(ctx, trx, { contact, text, actor }) {
      const thread = await threadOfContact(trx, contact.id, ctx.clock.now());
      return registerContact(
        trx,
        {
          channel: 'post',
          direction: 'out',
          subject: `Re: ${contact.subject}`,
          content: text,
          threadId: thread.id,
        },
        actor,
        ctx.clock,
      );
    },
  });
});
afterAll(() => t.close());

const register = async (channel: string) =>
  (
    await t.request('POST', '/api/v1/contacts', kcc, { channel, direction: 'in', subject: 'Brief over WOZ' })
  ).json();

describe('POST /contacts/:id/reply', () => {
  it('answers on the channel the contact came in on, in the same thread', async () => {
    const letter = await register('post');
    const res = await t.request('POST', `/api/v1/contacts/${letter.id}/reply`, kcc, {
      text: 'Wij nemen contact op.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json();
    expect(sent).toMatchObject({ channel: 'post', direction: 'out', content: 'Wij nemen contact op.' });
    const thread = (await t.request('GET', `/api/v1/threads/${sent.thread.id}`, kcc)).json();
    expect(thread.contacts.map((c: { id: string }) => c.id)).toEqual([letter.id, sent.id]);
    expect((await t.request('GET', '/api/v1/reply-channels', kcc)).json().results).toContain('post');
  });

  it('takes the answered contact out of the open team queue', async () => {
    const letter = await register('post');
    const decision = await routeInbound(t.db, { channel: 'post', subject: letter.subject });
    await enqueueContact(t.db, letter.id, decision, t.clock.now());
    const waiting = async () =>
      (
        (await t.request('GET', `/api/v1/queues/${decision.teamId}/items`, kcc)).json().items as {
          contactId: string;
        }[]
      ).some((i) => i.contactId === letter.id);
    expect(await waiting()).toBe(true);
    const res = await t.request('POST', `/api/v1/contacts/${letter.id}/reply`, kcc, { text: 'Geregeld.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await waiting()).toBe(false);
    const item = await t.db
      .selectFrom('queue_items')
      .select(['status', 'done_by'])
      .where('contact_id', '=', letter.id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe('done');
    expect(item.done_by).toBeTruthy();
  });

  it('leaves the queue as it was, and stores no answer, when the answer cannot be sent', async () => {
    // A channel whose sender fails after it wrote the outbound contact.
    registerReplySender('app', {
      async record(ctx, trx, { contact, actor }) {
        await registerContact(
          trx,
          { channel: 'app', direction: 'out', subject: `Re: ${contact.subject}` },
          actor,
          ctx.clock,
        );
        throw unprocessable('id', 'De app is niet bereikbaar.');
      },
    });
    const letter = await register('app');
    const decision = await routeInbound(t.db, { channel: 'app', subject: letter.subject });
    await enqueueContact(t.db, letter.id, decision, t.clock.now());
    const res = await t.request('POST', `/api/v1/contacts/${letter.id}/reply`, kcc, { text: 'Hallo' });
    expect(res.statusCode).toBe(422);
    const answers = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('channel', '=', 'app')
      .where('direction', '=', 'out')
      .execute();
    expect(answers).toHaveLength(0);
    const item = await t.db
      .selectFrom('queue_items')
      .select('status')
      .where('contact_id', '=', letter.id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe('open');
  });

  it('says so when the channel cannot answer, and refuses an empty text or an application', async () => {
    const call = await register('counter');
    const res = await t.request('POST', `/api/v1/contacts/${call.id}/reply`, kcc, { text: 'Hallo' });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0].reason).toContain("'counter'");
    const empty = await t.request('POST', `/api/v1/contacts/${call.id}/reply`, kcc, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    const app = await t.application('formulieren');
    const byApp = await t.request('POST', `/api/v1/contacts/${call.id}/reply`, app, { text: 'Hallo' });
    expect(byApp.statusCode).toBe(403);
  });
});
