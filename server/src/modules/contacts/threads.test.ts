import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { inTransaction } from './contacts.service.ts';
import { findThreadByReference, referenceIn, threadOfContact } from './threads.service.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  backoffice = await t.login('backoffice');
});
afterAll(() => t.close());

type Contact = { id: string; number: string; thread: { id: string; reference: string } | null };

async function register(body: Record<string, unknown>, who: Who = kcc): Promise<Contact> {
  const res = await t.request('POST', '/api/v1/contacts', who, { direction: 'in', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('conversation threads across channels', () => {
  it('continues a web chat as a callback and a phone call in one thread, in order', async () => {
    const chat = await register({ channel: 'webchat', subject: 'Vraag over afvalpas' });
    expect(chat.thread).toBeNull();

    const thread = await inTransaction(t.db, (trx) => threadOfContact(trx, chat.id, t.clock.now()));
    expect(thread.reference).toBe(`LK-${chat.number}`);
    t.clock.advance(60_000);
    const call = await register({
      channel: 'phone',
      direction: 'out',
      subject: 'Teruggebeld over afvalpas',
      threadId: thread.id,
    });
    expect(call.thread).toEqual(thread);

    const res = await t.request('GET', `/api/v1/threads/${thread.id}`, kcc);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { reference: string; contacts: { id: string; channel: string }[] };
    expect(body.reference).toBe(thread.reference);
    expect(body.contacts.map((c) => [c.id, c.channel])).toEqual([
      [chat.id, 'webchat'],
      [call.id, 'phone'],
    ]);
    const detail = (await t.request('GET', `/api/v1/contacts/${chat.id}`, kcc)).json() as Contact;
    expect(detail.thread).toEqual(thread);
  });

  it('gives the same thread to a second reply, and finds it by the reference in a subject', async () => {
    const mail = await register({ channel: 'email', subject: 'Bezwaar aanslag' });
    const first = await inTransaction(t.db, (trx) => threadOfContact(trx, mail.id, t.clock.now()));
    const again = await inTransaction(t.db, (trx) => threadOfContact(trx, mail.id, t.clock.now()));
    expect(again).toEqual(first);
    const ref = referenceIn(`Re: Bezwaar aanslag [${first.reference}]`);
    expect(ref).toBe(first.reference);
    expect(await findThreadByReference(t.db, ref ?? '')).toEqual(first);
    expect(await findThreadByReference(t.db, 'LK-999999999')).toBeNull();
    expect(referenceIn('Geen kenmerk hier, LK- of XLK-12')).toBeNull();
  });

  it('refuses an unknown thread and stores nothing', async () => {
    const before = (await t.request('GET', '/api/v1/contacts?limit=100', kcc)).json().items.length;
    const res = await t.request('POST', '/api/v1/contacts', kcc, {
      channel: 'phone',
      direction: 'in',
      subject: 'Verdwaalde vervolgvraag',
      threadId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams[0].name).toBe('threadId');
    expect((await t.request('GET', '/api/v1/contacts?limit=100', kcc)).json().items.length).toBe(before);
    expect(
      (await t.request('GET', '/api/v1/threads/00000000-0000-4000-8000-000000000000', kcc)).statusCode,
    ).toBe(404);
  });

  it('leaves confidential messages out of the thread for employees who may not see them', async () => {
    const open = await register({ channel: 'email', subject: 'Melding' });
    const thread = await inTransaction(t.db, (trx) => threadOfContact(trx, open.id, t.clock.now()));
    const secret = await register(
      { channel: 'email', subject: 'Vertrouwelijk vervolg', confidential: true, threadId: thread.id },
      backoffice,
    );
    const forKcc = (await t.request('GET', `/api/v1/threads/${thread.id}`, kcc)).json();
    expect(forKcc.contacts.map((c: { id: string }) => c.id)).toEqual([open.id]);
    const forBackoffice = (await t.request('GET', `/api/v1/threads/${thread.id}`, backoffice)).json();
    expect(forBackoffice.contacts.map((c: { id: string }) => c.id)).toEqual([open.id, secret.id]);
  });
});
