import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { listMails } from '../outbox/outbox.service.ts';

let t: TestApp;
let kcc: Who;
beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
});
afterAll(() => t.close());

async function surveyLinkFor(subject: string, channel = 'phone') {
  const contact = (
    await t.request('POST', '/api/v1/contacts', kcc, { channel, direction: 'in', subject })
  ).json();
  const sent = await t.request('POST', `/api/v1/contacts/${contact.id}/satisfaction-request`, kcc, {
    address: 'j.devries@example.org',
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const mail = (await listMails(t.db, { recipient: 'j.devries@example.org' })).at(-1);
  const link = mail?.body.match(/\/kto\/([A-Za-z0-9_-]+)/);
  expect(link, 'link in the mail').not.toBeNull();
  return { contactId: contact.id as string, path: `/kto/${link?.[1]}` };
}

const post = (path: string, body: string) =>
  t.app.inject({
    method: 'POST',
    url: path,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('satisfaction survey (KTO) after a phone contact', () => {
  it('mails a one-time link; the resident scores on a plain page, once', async () => {
    const { contactId, path } = await surveyLinkFor('Vraag over de aanslag afvalstoffenheffing');
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Vraag over de aanslag afvalstoffenheffing');
    expect(page.body).toContain('<legend>');

    const thanks = await post(path, 'score=4&comment=Snel+en+duidelijk');
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Dank u wel!');
    const scores = (await t.request('GET', `/api/v1/contacts/${contactId}/satisfaction`, kcc)).json();
    expect(scores.results).toMatchObject([{ score: 4, comment: 'Snel en duidelijk', channel: 'phone' }]);

    const again = await post(path, 'score=1');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('al ingevuld');
    expect(
      (await t.request('GET', `/api/v1/contacts/${contactId}/satisfaction`, kcc)).json().results,
    ).toHaveLength(1);
  });

  it('asks again for a missing score, refuses unknown and expired links', async () => {
    const { path } = await surveyLinkFor('Balievraag over parkeren', 'counter');
    const missing = await post(path, 'comment=<script>x</script>');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Kies een cijfer van 1 tot en met 5.');
    expect(missing.body).not.toContain('<script>x');
    expect(
      (await t.app.inject({ method: 'GET', url: '/kto/onbekend-maar-lang-genoeg-123' })).statusCode,
    ).toBe(404);
    t.clock.advance(15 * 24 * 60 * 60_000);
    const expired = await t.app.inject({ method: 'GET', url: path });
    expect(expired.statusCode).toBe(409);
    expect(expired.body).toContain('verlopen');
  });

  it('needs an address when the party has none, and a valid one', async () => {
    const contact = (
      await t.request('POST', '/api/v1/contacts', kcc, {
        channel: 'phone',
        direction: 'in',
        subject: 'Anoniem',
      })
    ).json();
    const none = await t.request('POST', `/api/v1/contacts/${contact.id}/satisfaction-request`, kcc, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().invalidParams[0].reason).toContain('geen e-mailadres bekend');
    const bad = await t.request('POST', `/api/v1/contacts/${contact.id}/satisfaction-request`, kcc, {
      address: 'geen-adres',
    });
    expect(bad.statusCode).toBe(400);
  });
});
