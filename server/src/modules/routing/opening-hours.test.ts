// Opening status at the edges: closing time exactly, holidays, closing days, exceptions, the DST
// weekends, auto-reply text, the admin API and the public read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { instantOf, localTime } from './amsterdam-time.ts';
import { openingStatus } from './opening-hours.service.ts';

let t: TestApp;
let admin: Who;
beforeAll(async () => {
  t = await testApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

/** An Amsterdam wall-clock moment, e.g. at('2026-11-23 17:00'). */
const at = (local: string) => {
  const [date, time] = local.split(' ') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  return instantOf(date, h * 60 + m);
};
const status = (channel: string, local: string, teamId?: string) =>
  openingStatus(t.db, { channel, teamId: teamId ?? null }, at(local));

describe('Amsterdam time', () => {
  it('converts wall-clock times both ways in winter, summer and across the clock changes', () => {
    expect(at('2026-11-23 08:30').toISOString()).toBe('2026-11-23T07:30:00.000Z');
    expect(at('2026-07-01 08:30').toISOString()).toBe('2026-07-01T06:30:00.000Z');
    // 29 March 2026: 02:00 → 03:00. 02:30 does not exist: moved forward by the gap, to 03:30.
    expect(at('2026-03-29 02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 02:30 happens twice; the first (summer time) is meant.
    expect(at('2026-10-25 02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-03-29 08:30').toISOString()).toBe('2026-03-29T06:30:00.000Z');
    // 25 October 2026: 03:00 → 02:00.
    expect(at('2026-10-25 08:30').toISOString()).toBe('2026-10-25T07:30:00.000Z');
    expect(localTime(new Date('2026-10-24T22:30:00Z'))).toEqual({ date: '2026-10-25', minute: 30 });
  });
});

describe('opening status', () => {
  it('is open from 08:30 and closed at 17:00 exactly on a weekday', async () => {
    expect((await status('phone', '2026-11-23 08:29')).open).toBe(false);
    expect((await status('phone', '2026-11-23 08:30')).open).toBe(true);
    expect((await status('phone', '2026-11-23 16:59')).open).toBe(true);
    const closing = await status('phone', '2026-11-23 17:00');
    expect(closing.open).toBe(false);
    expect(closing.nextOpening?.toISOString()).toBe(at('2026-11-24 08:30').toISOString());
    expect(closing.autoReply).toBe(
      'Wij zijn nu gesloten. Wij zijn weer bereikbaar op dinsdag 24 november om 08:30. U kunt ook een e-mail sturen of een e-formulier invullen op de website; dan krijgt u zo snel mogelijk antwoord.',
    );
    expect((await status('phone', '2026-11-23 10:00')).autoReply).toBeNull();
  });

  it('keeps the counter open until 20:00 on Thursday and points from Friday evening to Monday', async () => {
    expect((await status('counter', '2026-11-26 19:59')).open).toBe(true);
    expect((await status('counter', '2026-11-26 20:00')).open).toBe(false);
    expect((await status('counter', '2026-11-27 16:00')).nextOpening?.toISOString()).toBe(
      at('2026-11-30 09:00').toISOString(),
    );
  });

  it('accepts mail at night and says when it will be answered', async () => {
    const night = await status('email', '2026-11-28 23:00'); // Saturday
    expect(night).toMatchObject({ open: false, acceptsMessages: true });
    expect(night.autoReply).toContain('wij behandelen uw bericht vanaf maandag 30 november om 08:30');
    expect((await status('phone', '2026-11-28 23:00')).acceptsMessages).toBe(false);
  });

  it('is closed on public holidays and closing days, and finds the next working day', async () => {
    const christmas = await status('phone', '2026-12-25 10:00');
    expect(christmas).toMatchObject({ open: false, closedBecause: 'Eerste Kerstdag' });
    expect(christmas.nextOpening?.toISOString()).toBe(at('2026-12-28 08:30').toISOString());
    const closing = await t.request('PUT', '/api/v1/calendar/closing-days/2026-12-28', admin, {
      reason: 'Sluitingsdag tussen kerst en oud en nieuw',
    });
    expect(closing.statusCode).toBe(200);
    expect((await status('phone', '2026-12-25 10:00')).nextOpening?.toISOString()).toBe(
      at('2026-12-29 08:30').toISOString(),
    );
    expect((await status('phone', '2026-12-28 10:00')).closedBecause).toBe(
      'Sluitingsdag tussen kerst en oud en nieuw',
    );
  });

  it('follows an exception: Christmas Eve until 15:00 for every channel, one channel closed all day', async () => {
    const eve = await t.request('POST', '/api/v1/opening-hours/exceptions', admin, {
      day: '2026-12-24',
      periods: [{ opens: '08:30', closes: '15:00' }],
      reason: 'Kerstavond',
    });
    expect(eve.statusCode, eve.body).toBe(201);
    expect((await status('phone', '2026-12-24 14:59')).open).toBe(true);
    const after = await status('phone', '2026-12-24 15:00');
    expect(after).toMatchObject({ open: false, closedBecause: 'Kerstavond' });
    expect(after.nextOpening?.toISOString()).toBe(at('2026-12-29 08:30').toISOString());
    const chat = await t.request('POST', '/api/v1/opening-hours/exceptions', admin, {
      day: '2026-12-24',
      channel: 'webchat',
      periods: [],
      reason: 'Geen chat op kerstavond',
    });
    expect(chat.statusCode).toBe(201);
    expect(await status('webchat', '2026-12-24 10:00')).toMatchObject({
      open: false,
      closedBecause: 'Geen chat op kerstavond',
    });
    expect((await status('phone', '2026-12-24 10:00')).open).toBe(true);
    // An exception can open a holiday too.
    await t.request('POST', '/api/v1/opening-hours/exceptions', admin, {
      day: '2027-01-01',
      channel: 'counter',
      periods: [{ opens: '12:00', closes: '14:00' }],
      reason: 'Nieuwjaarsreceptie',
    });
    expect((await status('counter', '2027-01-01 12:30')).open).toBe(true);
    expect((await status('phone', '2027-01-01 12:30')).open).toBe(false);
  });

  it('gives the right instant on the DST weekends', async () => {
    // Friday before the spring change → Monday 08:30 summer time (06:30 UTC).
    expect((await status('phone', '2026-03-27 18:00')).nextOpening?.toISOString()).toBe(
      '2026-03-30T06:30:00.000Z',
    );
    // Friday before the autumn change → Monday 08:30 winter time (07:30 UTC).
    expect((await status('phone', '2026-10-23 18:00')).nextOpening?.toISOString()).toBe(
      '2026-10-26T07:30:00.000Z',
    );
    // A channel open on Sunday 01:00–04:00 during the autumn change: 02:30 happens twice, open both times.
    await t.request('PUT', '/api/v1/opening-hours', admin, {
      channel: 'social',
      weekly: { '7': [{ opens: '01:00', closes: '04:00' }] },
    });
    expect((await openingStatus(t.db, { channel: 'social' }, new Date('2026-10-25T00:30:00Z'))).open).toBe(
      true,
    );
    expect((await openingStatus(t.db, { channel: 'social' }, new Date('2026-10-25T01:30:00Z'))).open).toBe(
      true,
    );
    expect((await openingStatus(t.db, { channel: 'social' }, new Date('2026-10-25T03:00:00Z'))).open).toBe(
      false,
    );
  });

  it('uses a team schedule before the channel one, and is always open for a channel without hours', async () => {
    const team = await t.db
      .selectFrom('teams')
      .select('id')
      .where('code', '=', 'burgerzaken')
      .executeTakeFirstOrThrow();
    const saved = await t.request('PUT', '/api/v1/opening-hours', admin, {
      channel: 'phone',
      teamId: team.id,
      weekly: {
        '1': [
          { opens: '09:00', closes: '12:00' },
          { opens: '13:00', closes: '16:00' },
        ],
      },
      autoReply: 'Burgerzaken is weer bereikbaar op {volgende_opening}.',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await status('phone', '2026-11-23 12:30', team.id)).nextOpening?.toISOString()).toBe(
      at('2026-11-23 13:00').toISOString(),
    );
    expect((await status('phone', '2026-11-23 12:30', team.id)).autoReply).toBe(
      'Burgerzaken is weer bereikbaar op maandag 23 november om 13:00.',
    );
    expect((await status('phone', '2026-11-23 12:30')).open).toBe(true); // other teams: the channel's hours
    expect((await status('post', '2026-11-28 03:00')).open).toBe(true);
  });
});

describe('opening hours API', () => {
  it('refuses bad schedules and exceptions with Dutch reasons', async () => {
    const put = (body: Record<string, unknown>) => t.request('PUT', '/api/v1/opening-hours', admin, body);
    const overlap = await put({
      channel: 'phone',
      weekly: {
        '1': [
          { opens: '08:00', closes: '12:00' },
          { opens: '11:00', closes: '13:00' },
        ],
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().detail).toBe('Deze tijden overlappen met een andere periode op dezelfde dag.');
    const backwards = await put({ channel: 'phone', weekly: { '2': [{ opens: '17:00', closes: '08:30' }] } });
    expect(backwards.json().invalidParams[0]).toMatchObject({ name: 'weekly.2.0.closes' });
    expect((await put({ channel: 'phone', weekly: { '8': [] } })).statusCode).toBe(400);
    expect(
      (await put({ channel: 'phone', weekly: { '1': [{ opens: '8.30', closes: '17:00' }] } })).statusCode,
    ).toBe(400);
    expect((await put({ channel: 'fax', weekly: {} })).json().detail).toBe("Onbekend kanaal 'fax'.");
    const exc = (body: Record<string, unknown>) =>
      t.request('POST', '/api/v1/opening-hours/exceptions', admin, { periods: [], reason: 'x', ...body });
    expect((await exc({ day: '2026-02-30' })).statusCode).toBe(400);
    expect((await exc({ day: '2026-12-31', reason: ' ' })).statusCode).toBe(400);
    expect(
      (await exc({ day: '2026-12-31', teamId: '00000000-0000-4000-8000-000000000000' })).json().detail,
    ).toBe('Dit team bestaat niet.');
    expect((await exc({ day: '2026-12-31' })).statusCode).toBe(201);
    expect((await exc({ day: '2026-12-31' })).statusCode).toBe(409);
    const kcc = await t.login('kcc');
    expect((await t.request('GET', '/api/v1/opening-hours', kcc)).statusCode).toBe(403);
  });

  it('serves the hours publicly, without login', async () => {
    t.clock.set(at('2026-12-23 18:00'));
    const res = await t.request('GET', '/api/v1/public/opening-hours?channel=phone');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ channel: 'phone', label: 'Telefoon', open: false });
    expect(body.week[0]).toEqual({ weekday: 'maandag', periods: [{ opens: '08:30', closes: '17:00' }] });
    expect(body.week[6]).toEqual({ weekday: 'zondag', periods: [] });
    expect(body.deviations).toContainEqual({
      date: '2026-12-24',
      reason: 'Kerstavond',
      periods: [{ opens: '08:30', closes: '15:00' }],
    });
    expect(body.deviations).toContainEqual({ date: '2026-12-25', reason: 'Eerste Kerstdag', periods: [] });
    expect(body.message).toContain('donderdag 24 december om 08:30');
    expect((await t.request('GET', '/api/v1/public/opening-hours?channel=fax')).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/public/opening-hours')).statusCode).toBe(400);
  });
});
