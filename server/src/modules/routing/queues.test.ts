// Team queues: who sees which queue, the order, claim/release/done, live events and the processing log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { openLive } from '../../test/live.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { createParty } from '../parties/parties.service.ts';
import { markContactHandled } from './queues.service.ts';
import { announceQueued, enqueueContact, routeInbound } from './routing.service.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
let manager: Who;
let admin: Who;
let teams: Record<string, string>;
let partyId: string;

/** What an adapter does: route, register, enqueue in one transaction, announce after commit. */
async function inbound(
  subject: string,
  extra: { reasonCode?: string; partyId?: string; confidential?: boolean } = {},
) {
  const decision = await routeInbound(t.db, { channel: 'email', subject, ...extra });
  const contact = await t.db.transaction().execute(async (trx) => {
    const c = await registerContact(
      trx,
      {
        channel: 'email',
        direction: 'in',
        subject,
        content: 'Bericht',
        teamId: decision.teamId,
        ...(extra.reasonCode ? { reasonCode: extra.reasonCode } : {}),
        ...(extra.confidential ? { confidential: true } : {}),
        ...(extra.partyId ? { parties: [{ partyId: extra.partyId }] } : {}),
      },
      undefined,
      t.clock,
    );
    await enqueueContact(trx, c.id, decision, t.clock.now());
    return c;
  });
  announceQueued(t.app.loket.realtime, decision, contact.id);
  t.clock.advance(60_000);
  return contact;
}

type Item = {
  id: string;
  status: string;
  contact: { id: string; subject: string; parties: { displayName: string }[] };
};
const items = async (who: Who, team: string) => {
  const res = await t.request('GET', `/api/v1/queues/${teams[team]}/items`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Item[];
};

beforeAll(async () => {
  t = await testApp();
  kcc = await t.login('kcc');
  backoffice = await t.login('backoffice');
  manager = await t.login('manager');
  admin = await t.login('admin');
  teams = Object.fromEntries(
    (await t.db.selectFrom('teams').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
  );
  partyId = (await createParty(t.db, { kind: 'person', surname: 'Jansen', initials: 'P' })).id;
  await t.request('POST', '/api/v1/routing/rules', admin, {
    name: 'Paspoort',
    teamId: teams.burgerzaken,
    conditions: { reasonCodes: ['paspoort'] },
  });
});
afterAll(() => t.close());

describe('team queues', () => {
  it('shows each employee the queues of their own teams, oldest first, with the contact', async () => {
    const first = await inbound('Vraag over mijn aanslag', { partyId });
    const second = await inbound('Nog een vraag');
    await inbound('Paspoort verlopen', { reasonCode: 'paspoort' });

    const mine = (await t.request('GET', '/api/v1/queues', kcc)).json().results;
    expect(mine).toEqual([
      expect.objectContaining({
        team: expect.objectContaining({ code: 'kcc' }),
        open: 2,
        claimed: 0,
        member: true,
      }),
    ]);
    const theirs = (await t.request('GET', '/api/v1/queues', backoffice)).json().results;
    expect(theirs).toEqual([
      expect.objectContaining({ team: expect.objectContaining({ code: 'burgerzaken' }), open: 1 }),
    ]);
    const all = (await t.request('GET', '/api/v1/queues?all=true', manager)).json().results;
    expect(all.length).toBe(6);
    expect(all.find((q: { team: { code: string } }) => q.team.code === 'burgerzaken')).toMatchObject({
      open: 1,
      member: false,
    });
    // all=true means nothing for an employee who is not a manager.
    expect((await t.request('GET', '/api/v1/queues?all=true', kcc)).json().results).toHaveLength(1);

    const list = await items(kcc, 'kcc');
    expect(list.map((i) => i.contact.id)).toEqual([first.id, second.id]);
    expect(list[0]?.contact).toMatchObject({
      subject: 'Vraag over mijn aanslag',
      channel: 'email',
      parties: [{ displayName: 'P. Jansen' }],
    });
    const logged = await t.db
      .selectFrom('processing_log')
      .selectAll()
      .where('party_id', '=', partyId)
      .execute();
    expect(logged).toEqual([
      expect.objectContaining({
        actor_name: expect.any(String),
        endpoint: 'GET /api/v1/queues/:teamId/items',
      }),
    ]);
  });

  it('lets only team members, managers and admins see a team queue', async () => {
    expect((await t.request('GET', `/api/v1/queues/${teams.kcc}/items`, backoffice)).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/queues/${teams.burgerzaken}/items`, manager)).statusCode).toBe(
      200,
    );
    expect((await t.request('GET', '/api/v1/queues/burgerzaken/items', backoffice)).statusCode).toBe(200); // by code
    expect((await t.request('GET', '/api/v1/queues/bestaat-niet/items', admin)).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/queues')).statusCode).toBe(401);
    const app = await t.application();
    expect((await t.request('GET', '/api/v1/queues', app)).statusCode).toBe(403);
  });

  it('claims, refuses a colleague the same item, releases and finishes, announcing each on the team topic', async () => {
    const live = await openLive(t, kcc);
    const contact = await inbound('Live vraag');
    const added = await live.next(
      (f) => f.type === 'queue.added' && (f.data as { contactId: string }).contactId === contact.id,
    );
    expect(added.topic).toBe(`team:${teams.kcc}`);
    const item = (await items(kcc, 'kcc')).find((i) => i.contact.id === contact.id) as Item;

    const claimed = await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, kcc);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimedBy: { name: expect.any(String) } });
    await live.next((f) => f.type === 'queue.claimed' && (f.data as { id: string }).id === item.id);
    expect((await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, kcc)).statusCode).toBe(200); // again: no-op
    const taken = await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, admin);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toMatch(/^Dit bericht is al opgepakt door /);
    expect((await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, backoffice)).statusCode).toBe(
      403,
    );

    // Open items before claimed ones.
    const order = await items(kcc, 'kcc');
    expect(order.at(-1)?.id).toBe(item.id);
    expect(order.slice(0, -1).every((i) => i.status === 'open')).toBe(true);

    expect((await t.request('POST', `/api/v1/queues/items/${item.id}/release`, kcc)).json().status).toBe(
      'open',
    );
    await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, kcc);
    const done = await t.request('POST', `/api/v1/queues/items/${item.id}/done`, kcc);
    expect(done.json()).toMatchObject({ status: 'done', doneAt: expect.any(String) });
    await live.next((f) => f.type === 'queue.done');
    expect((await items(kcc, 'kcc')).some((i) => i.id === item.id)).toBe(false);
    expect((await t.request('POST', `/api/v1/queues/items/${item.id}/claim`, kcc)).statusCode).toBe(409);
    live.socket.close();
  });

  it('closes the item when an adapter reports the contact answered; hides confidential contents', async () => {
    const contact = await inbound('Beantwoord per mail');
    expect(await markContactHandled(t.db, contact.id, null, t.clock.now())).toMatchObject({ status: 'done' });
    expect(await markContactHandled(t.db, contact.id, null, t.clock.now())).toBeNull();
    expect((await items(kcc, 'kcc')).some((i) => i.contact.id === contact.id)).toBe(false);

    const secret = await inbound('Melding huiselijk geweld', { partyId, confidential: true });
    const seen = (await items(kcc, 'kcc')).find((i) => i.contact.id === secret.id);
    expect(seen?.contact).toMatchObject({ subject: 'Vertrouwelijk contact', parties: [] });
    const byManager = (await items(manager, 'kcc')).find((i) => i.contact.id === secret.id);
    expect(byManager?.contact.subject).toBe('Melding huiselijk geweld');
  });

  it('answers bad item ids with 400 and unknown ones with 404', async () => {
    expect((await t.request('POST', '/api/v1/queues/items/abc/claim', kcc)).statusCode).toBe(400);
    expect(
      (await t.request('POST', '/api/v1/queues/items/00000000-0000-4000-8000-000000000000/done', kcc))
        .statusCode,
    ).toBe(404);
  });
});
