// The manager dashboard against a hand-computed fixture, its drill-down, CSV, bad input and live events.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { openLive } from '../../test/live.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { createParty } from '../parties/parties.service.ts';
import { rollupDifferences } from './insights.service.ts';

/** rollupDifferences when every rollup equals its recount. */
const exact = { contacts: 0, hours: 0, hoursAll: 0, days: 0, tasks: 0, handling: 0 };

let t: TestApp;
let manager: Who;
let kcc: Who;
const ids: Record<string, string> = {};
let partyId: string;

type Input = Parameters<typeof registerContact>[1];
const contact = async (at: string, extra: Partial<Input>) =>
  (
    await registerContact(
      t.db,
      { direction: 'in', subject: 'Vraag', occurredAt: at, ...extra } as Input,
      undefined,
      t.clock,
    )
  ).id;

const team = async (code: string) =>
  (await t.db.selectFrom('teams').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await testApp(); // clock: Monday 2026-11-23 09:00 UTC
  [manager, kcc] = await Promise.all([t.login('manager'), t.login('kcc')]);
  partyId = (await createParty(t.db, { kind: 'person', surname: 'Dashboard' })).id;
  const b = await team('burgerzaken');
  const tx = await team('belastingen');
  const p = [{ partyId }];
  // November (CET = UTC+1). Local times in the comments.
  ids.c1 = await contact('2026-11-02T08:30:00Z', {
    channel: 'phone',
    reasonCode: 'paspoort',
    teamId: b,
    parties: p,
  }); // Mon 09:30
  ids.c2 = await contact('2026-11-04T10:00:00Z', {
    channel: 'email',
    reasonCode: 'paspoort',
    teamId: b,
    parties: p,
  }); // Wed 11:00, repeat of c1
  ids.c3 = await contact('2026-11-07T10:00:00Z', {
    channel: 'phone',
    reasonCode: 'aanslag',
    teamId: tx,
    resolvedFirstContact: true,
    parties: [{ details: { phone: '0612345678' } }],
  }); // Sat 11:00: outside opening hours
  ids.c4 = await contact('2026-11-05T19:30:00Z', {
    channel: 'webchat',
    reasonCode: 'aanslag',
    teamId: tx,
    resolvedFirstContact: true,
  }); // Thu 20:30: outside opening hours
  ids.c5 = await contact('2026-11-06T09:00:00Z', {
    channel: 'phone',
    direction: 'out',
    reasonCode: 'paspoort',
    teamId: b,
    parties: p,
  }); // Fri 10:00, outbound
  ids.c6 = await contact('2026-10-20T08:00:00Z', { channel: 'phone', reasonCode: 'paspoort', teamId: b }); // previous period
});
afterAll(() => t.close());

const period = 'from=2026-11-01&to=2026-11-22';
const dashboard = async (query: string, who: Who = manager) => {
  const res = await t.request('GET', `/api/v1/insights/dashboard?${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('dashboard figures', () => {
  it('totals, first-contact resolution, repeat rate and outside opening hours', async () => {
    const d = await dashboard(period);
    expect(d.period).toEqual({
      from: '2026-11-01',
      to: '2026-11-22',
      days: 22,
      previousFrom: '2026-10-10',
      previousTo: '2026-10-31',
    });
    expect(d.totals).toEqual({
      contacts: 5,
      previousContacts: 1,
      inbound: 4,
      outbound: 1,
      resolvedFirst: 2,
      firstContactResolutionRate: 0.4,
      repeats: 1,
      repeatRate: 0.25,
    });
    expect(d.outsideHours).toMatchObject({ contacts: 2, rate: 0.4 });
    expect(d.handlingTimes.status).toBe('niet_gemeten');
    expect(d.satisfaction.message).toMatch(/Nog geen metingen/);
  });

  it('channel mix with the change against the previous period', async () => {
    const d = await dashboard(period);
    expect(d.channels).toEqual([
      { channel: 'phone', label: 'Telefoon', contacts: 3, share: 0.6, previous: 1, change: 2 },
      { channel: 'email', label: 'E-mail', contacts: 1, share: 0.2, previous: 0, change: null },
      { channel: 'webchat', label: 'Webchat', contacts: 1, share: 0.2, previous: 0, change: null },
    ]);
  });

  it('top reasons, repeats by reason and by team', async () => {
    const d = await dashboard(period);
    expect(d.reasons.map((r: { code: string; contacts: number }) => [r.code, r.contacts])).toEqual([
      ['paspoort', 3],
      ['aanslag', 2],
    ]);
    expect(d.reasons[0]).toMatchObject({
      previous: 1,
      change: 2,
      resolvedFirst: 0,
      firstContactResolutionRate: 0,
      inbound: 2,
      repeats: 1,
      repeatRate: 0.5,
    });
    expect(d.reasons[1]).toMatchObject({ firstContactResolutionRate: 1, repeats: 0 });
    expect(d.repeatsByReason).toEqual([
      {
        id: expect.any(String),
        code: 'paspoort',
        label: 'Paspoort of ID-kaart aanvragen',
        inbound: 2,
        repeats: 1,
        repeatRate: 0.5,
      },
    ]);
    expect(
      d.repeatsByTeam.map((r: { code: string; inbound: number; repeats: number }) => [
        r.code,
        r.inbound,
        r.repeats,
      ]),
    ).toEqual([
      ['burgerzaken', 2, 1],
      ['belastingen', 2, 0],
    ]);
  });

  it('contacts per hour and per day, per channel, in Amsterdam time', async () => {
    const d = await dashboard(period);
    expect(d.hours).toEqual([
      { hour: 9, channel: 'phone', contacts: 1 },
      { hour: 10, channel: 'phone', contacts: 1 },
      { hour: 11, channel: 'email', contacts: 1 },
      { hour: 11, channel: 'phone', contacts: 1 },
      { hour: 20, channel: 'webchat', contacts: 1 },
    ]);
    expect(d.series.bucket).toBe('day');
    expect(d.series.points).toEqual([
      { start: '2026-11-02', channel: 'phone', contacts: 1 },
      { start: '2026-11-04', channel: 'email', contacts: 1 },
      { start: '2026-11-05', channel: 'webchat', contacts: 1 },
      { start: '2026-11-06', channel: 'phone', contacts: 1 },
      { start: '2026-11-07', channel: 'phone', contacts: 1 },
    ]);
  });

  it('filters by team and channel, and reads whole months and edge days exactly once', async () => {
    expect((await dashboard(`${period}&team=burgerzaken`)).totals.contacts).toBe(3);
    expect((await dashboard(`${period}&channel=phone`)).totals).toMatchObject({ contacts: 3, repeats: 0 });
    // 15 Sep – 22 Nov: October from the month rollup, the rest from days.
    const long = await dashboard('from=2026-09-15&to=2026-11-22');
    expect(long.totals.contacts).toBe(6);
    expect(long.series.bucket).toBe('week');
    const octoberOnly = await dashboard('from=2026-10-01&to=2026-10-31');
    expect(octoberOnly.totals.contacts).toBe(1);
  });

  it('callback requests by team: opened, done within term, overdue, escalated; answer times per channel', async () => {
    const admin = await t.login('admin');
    const create = async (owner: string, channel: 'phone' | 'email') => {
      const res = await t.request('POST', '/api/v1/tasks', kcc, {
        subject: 'Terugbellen',
        callback: { channel, address: channel === 'phone' ? '0612345678' : 'a@example.nl' },
        owner: { kind: 'team', id: owner },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const done = await create('burgerzaken', 'phone');
    const late = await create('burgerzaken', 'email');
    const cancelled = await create('belastingen', 'phone');
    t.clock.set(new Date('2026-11-23T12:00:00Z'));
    const c = await t.request('POST', `/api/v1/tasks/${done}/complete`, admin, {
      result: 'reached_answered',
    });
    expect(c.statusCode, c.body).toBe(200);
    const x = await t.request('POST', `/api/v1/tasks/${cancelled}/cancel`, admin, { reason: 'Dubbel' });
    expect(x.statusCode, x.body).toBe(200);
    await sql`UPDATE tasks SET escalated_at = ${new Date('2026-11-27T08:00:00Z')} WHERE id = ${late}`.execute(
      t.db,
    );
    t.clock.set(new Date('2026-12-03T09:00:00Z'));
    const d = await dashboard('from=2026-11-23&to=2026-12-03');
    const row = (code: string) => d.callbacks.teams.find((r: { code: string }) => r.code === code);
    expect(row('burgerzaken')).toMatchObject({
      opened: 2,
      done: 1,
      doneWithinTerm: 1,
      open: 1,
      overdue: 1,
      escalated: 1,
      cancelled: 0,
    });
    expect(row('belastingen')).toMatchObject({ opened: 1, done: 0, cancelled: 1, overdue: 0 });
    expect(d.answerTimes).toEqual([
      { channel: 'phone', label: 'Telefoon', done: 1, withinTerm: 1, withinTermRate: 1, averageHours: 3 },
    ]);
    const list = await t.request(
      'GET',
      '/api/v1/insights/tasks?from=2026-11-23&to=2026-12-03&state=overdue',
      manager,
    );
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([late]);
    t.clock.set(new Date('2026-11-23T09:00:00Z'));
  });

  it('satisfaction (KTO) scores of the period: average, share 4 or 5, per channel, team filter', async () => {
    expect((await dashboard(period)).satisfaction.status).toBe('niet_gemeten');
    for (const score of [5, 2]) {
      await sql`INSERT INTO satisfaction_scores (id, contact_id, channel, score, created_at)
                VALUES (${randomUUID()}, ${ids.c4}, 'webchat', ${score}, ${new Date('2026-11-05T20:00:00Z')})`.execute(
        t.db,
      );
    }
    expect((await dashboard(period)).satisfaction).toMatchObject({
      status: 'gemeten',
      responses: 2,
      average: 3.5,
      positiveRate: 0.5,
      channels: [{ channel: 'webchat', label: 'Webchat', responses: 2, average: 3.5 }],
    });
    expect((await dashboard(`${period}&team=belastingen`)).satisfaction.responses).toBe(2);
    expect((await dashboard(`${period}&team=burgerzaken`)).satisfaction.status).toBe('niet_gemeten');
    expect((await dashboard('from=2026-10-01&to=2026-10-31')).satisfaction.status).toBe('niet_gemeten');
  });

  it('keeps every rollup equal to a full recount after updates and deletes', async () => {
    await sql`UPDATE contacts SET channel = 'counter', team_id = NULL WHERE id = ${ids.c4}`.execute(t.db);
    await sql`UPDATE contacts SET resolved_first_contact = true WHERE id = ${ids.c1}`.execute(t.db);
    await sql`UPDATE tasks SET status = 'done', closed_at = now() WHERE status = 'open'`.execute(t.db);
    expect(await rollupDifferences(t.db)).toEqual(exact);
    const extra = await contact('2026-11-03T09:00:00Z', {
      channel: 'phone',
      reasonCode: 'paspoort',
      parties: [{ partyId }],
    });
    await sql`DELETE FROM contacts WHERE id = ${extra}`.execute(t.db);
    await sql`DELETE FROM tasks WHERE kind = 'callback' AND status = 'cancelled'`.execute(t.db);
    expect(await rollupDifferences(t.db)).toEqual(exact);
    // The arrival profile follows, from the month rows (whole November) without and with a team:
    // c4 moved from webchat to the counter and lost its team, the extra contact is gone.
    expect((await dashboard('from=2026-11-01&to=2026-11-30')).hours).toEqual([
      { hour: 9, channel: 'phone', contacts: 1 },
      { hour: 10, channel: 'phone', contacts: 1 },
      { hour: 11, channel: 'email', contacts: 1 },
      { hour: 11, channel: 'phone', contacts: 1 },
      { hour: 20, channel: 'counter', contacts: 1 },
    ]);
    expect((await dashboard('from=2026-11-01&to=2026-11-30&team=belastingen')).hours).toEqual([
      { hour: 11, channel: 'phone', contacts: 1 },
    ]);
    expect((await dashboard('from=2026-11-01&to=2026-11-30&team=geen')).hours).toEqual([
      { hour: 20, channel: 'counter', contacts: 1 },
    ]);
    // put the fixture back for the other tests
    await sql`UPDATE contacts SET channel = 'webchat', team_id = ${await team('belastingen')} WHERE id = ${ids.c4}`.execute(
      t.db,
    );
    await sql`UPDATE contacts SET resolved_first_contact = false WHERE id = ${ids.c1}`.execute(t.db);
    expect((await dashboard(period)).totals).toMatchObject({ contacts: 5, resolvedFirst: 2, repeats: 1 });
  });
});

describe('drill-down', () => {
  it('lists the repeat contacts behind the figure and logs the parties shown', async () => {
    const res = await t.request('GET', `/api/v1/insights/contacts?${period}&repeat=true`, manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, items: [{ id: ids.c2, repeatNth: 2, channel: 'email' }] });
    const log = await t.db.selectFrom('processing_log').selectAll().where('party_id', '=', partyId).execute();
    expect(log.some((l) => l.endpoint.includes('/insights/contacts') && l.actor_name)).toBe(true);
  });

  it('lists the contacts outside opening hours, by reason and hour', async () => {
    const out = await t.request('GET', `/api/v1/insights/contacts?${period}&outsideHours=true`, manager);
    expect(
      out
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([ids.c3, ids.c4].sort());
    const byReason = await t.request(
      'GET',
      `/api/v1/insights/contacts?${period}&reason=paspoort&direction=in`,
      manager,
    );
    expect(byReason.json().total).toBe(2);
    const hour = await t.request(
      'GET',
      `/api/v1/insights/contacts?${period}&hour=20&channel=webchat`,
      manager,
    );
    expect(hour.json().items.map((i: { id: string }) => i.id)).toEqual([ids.c4]);
  });

  it('leaves confidential contacts out for a reader without contacts:confidential', async () => {
    await sql`UPDATE contacts SET confidential = true WHERE id = ${ids.c2}`.execute(t.db);
    const bi = await t.application('bi', ['reports:read', 'contacts:read']);
    const res = await t.request('GET', `/api/v1/insights/contacts?${period}&repeat=true`, bi);
    expect(res.json().total).toBe(0);
    await sql`UPDATE contacts SET confidential = false WHERE id = ${ids.c2}`.execute(t.db);
  });
});

describe('export and access', () => {
  it('CSV: semicolons, UTF-8 with BOM, decimal comma, formula cells neutralised', async () => {
    const reasonId = randomUUID();
    await sql`INSERT INTO contact_reasons (id, code, label) VALUES (${reasonId}, 'formule', '=HYPERLINK("x";"y")')`.execute(
      t.db,
    );
    await contact('2026-11-10T09:00:00Z', { channel: 'phone', reasonCode: 'formule' });
    const res = await t.request('GET', `/api/v1/insights/dashboard.csv?${period}`, manager);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('van;tot;team;kanaal;onderdeel;omschrijving;code;maat;waarde');
    expect(lines).toContain('2026-11-01;2026-11-22;alle;alle;totaal;Eerstelijnsafhandeling;;fractie;0,3333');
    expect(res.body).toContain(`;"'=HYPERLINK(""x"";""y"")";formule;aantal;1`);
    expect(res.body).not.toMatch(/;=HYPERLINK/);
    await sql`DELETE FROM contacts WHERE reason_id = ${reasonId}`.execute(t.db);
  });

  it('contains no names, phone numbers or message text', async () => {
    const res = await t.request('GET', `/api/v1/insights/dashboard?${period}`, manager);
    expect(res.body).not.toMatch(/Dashboard|0612345678|Vraag/);
  });

  it('refuses employees without reports:read', async () => {
    expect((await t.request('GET', `/api/v1/insights/dashboard?${period}`, kcc)).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/insights/contacts?${period}`, kcc)).statusCode).toBe(403);
  });

  it.each([
    ['from=2026-11-22&to=2026-11-01', 'from', /begint na het einde/],
    ['from=2020-01-01&to=2026-11-22', 'to', /te lang/],
    ['from=2026-02-30', 'from', /geen bestaande datum/],
    ['team=onbekend', 'team', /Onbekend team/],
    ['channel=fax', 'channel', /Onbekend kanaal/],
  ])('answers 400 with a Dutch message for %s', async (query, name, message) => {
    const res = await t.request('GET', `/api/v1/insights/dashboard?${query}`, manager);
    expect(res.statusCode).toBe(400);
    const param = res.json().invalidParams.find((p: { name: string }) => p.name === name);
    expect(param.reason).toMatch(message);
  });
});

describe('live', () => {
  it('tells an open dashboard that a new contact arrived; refuses the topic to the KCC', async () => {
    const live = await openLive(t, manager);
    live.send({ type: 'subscribe', topic: 'dashboard' });
    await live.next((f) => f.type === 'subscribed');
    await contact('2026-11-23T08:00:00Z', { channel: 'phone', reasonCode: 'afval' });
    // Polled once a second; a loaded CI machine can take several ticks.
    const frame = await live.next((f) => f.topic === 'dashboard' && f.type === 'changed', 20_000);
    expect(frame.type).toBe('changed');
    live.socket.close();

    const other = await openLive(t, kcc);
    other.send({ type: 'subscribe', topic: 'dashboard' });
    const refused = await other.next((f) => f.type === 'error');
    expect(refused.data).toMatchObject({ topic: 'dashboard' });
    other.socket.close();
  });
});
