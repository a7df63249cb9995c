import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { loadCalendar } from './calendar.service.ts';
import type { HolidayOptions } from './holidays.ts';
import { dutchHolidays, easterSunday } from './holidays.ts';
import { createCalendar, endOfLocalDay, localDate, nextReminderAt, termDeadline } from './working-days.ts';

const dates = (year: number, opts: HolidayOptions = { goodFriday: false, liberationDay: 'yearly' }) =>
  Object.fromEntries(dutchHolidays(year, opts).map((h) => [h.name, h.date]));

describe('Dutch public holidays', () => {
  it('computes Easter for several years', () => {
    expect(['2024', '2025', '2026', '2027', '2030', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2030-04-21',
      '2038-04-25',
    ]);
  });

  it('lists 2024 with King’s Day on a Saturday kept on the 27th', () => {
    expect(dates(2024)).toEqual({
      Nieuwjaarsdag: '2024-01-01',
      'Eerste Paasdag': '2024-03-31',
      'Tweede Paasdag': '2024-04-01',
      Koningsdag: '2024-04-27',
      Bevrijdingsdag: '2024-05-05',
      Hemelvaartsdag: '2024-05-09',
      'Eerste Pinksterdag': '2024-05-19',
      'Tweede Pinksterdag': '2024-05-20',
      'Eerste Kerstdag': '2024-12-25',
      'Tweede Kerstdag': '2024-12-26',
    });
  });

  it('moves King’s Day to 26 April when the 27th is a Sunday (2025, 2031)', () => {
    expect(dates(2025).Koningsdag).toBe('2025-04-26');
    expect(dates(2031).Koningsdag).toBe('2031-04-26');
    expect(dates(2026).Koningsdag).toBe('2026-04-27');
    expect(dates(2013).Koninginnedag).toBe('2013-04-30');
  });

  it('computes the moveable feasts of 2025, 2026, 2027 and 2030', () => {
    expect(dates(2025)).toMatchObject({
      'Tweede Paasdag': '2025-04-21',
      Hemelvaartsdag: '2025-05-29',
      'Tweede Pinksterdag': '2025-06-09',
    });
    expect(dates(2026)).toMatchObject({
      'Tweede Paasdag': '2026-04-06',
      Hemelvaartsdag: '2026-05-14',
      'Tweede Pinksterdag': '2026-05-25',
    });
    expect(dates(2027)).toMatchObject({
      'Tweede Paasdag': '2027-03-29',
      Hemelvaartsdag: '2027-05-06',
      'Tweede Pinksterdag': '2027-05-17',
    });
    expect(dates(2030)).toMatchObject({
      'Tweede Paasdag': '2030-04-22',
      Hemelvaartsdag: '2030-05-30',
      'Tweede Pinksterdag': '2030-06-10',
    });
  });

  it('includes Good Friday only when configured', () => {
    expect(dates(2026)['Goede Vrijdag']).toBeUndefined();
    expect(dates(2026, { goodFriday: true, liberationDay: 'yearly' })['Goede Vrijdag']).toBe('2026-04-03');
  });

  it('has Liberation Day every year or only in lustrum years', () => {
    const lustrum = { goodFriday: false, liberationDay: 'lustrum' as const };
    expect(dates(2026, lustrum).Bevrijdingsdag).toBeUndefined();
    expect(dates(2025, lustrum).Bevrijdingsdag).toBe('2025-05-05');
    expect(dates(2030, lustrum).Bevrijdingsdag).toBe('2030-05-05');
    expect(dates(2026).Bevrijdingsdag).toBe('2026-05-05');
  });
});

describe('working-day terms', () => {
  const cal = createCalendar(
    { goodFriday: false, liberationDay: 'yearly' },
    new Map([['2026-05-15', 'Brugdag']]),
  );

  it('counts the end of the N-th working day after creation, Amsterdam time', () => {
    // Monday 23 November 2026, 10:00 Amsterdam → end of Wednesday 25 November (CET, UTC+1).
    expect(termDeadline(cal, new Date('2026-11-23T09:00:00Z'), 2).toISOString()).toBe(
      '2026-11-25T22:59:59.999Z',
    );
    // Friday afternoon → skips the weekend: end of Tuesday.
    expect(termDeadline(cal, new Date('2026-11-27T15:00:00Z'), 2).toISOString()).toBe(
      '2026-12-01T22:59:59.999Z',
    );
    // Summer time (UTC+2): end of a day is 21:59:59.999Z.
    expect(endOfLocalDay('2026-07-01').toISOString()).toBe('2026-07-01T21:59:59.999Z');
  });

  it('skips holidays and the municipality’s closing days', () => {
    // Wednesday 13 May 2026: Thursday is Ascension, Friday a closing day → Monday 18 and Tuesday 19.
    expect(localDate(termDeadline(cal, new Date('2026-05-13T08:00:00Z'), 2))).toBe('2026-05-19');
    // Christmas week 2026: Thursday 24 Dec → Monday 28 (25, 26 holidays, weekend) and Tuesday 29.
    expect(localDate(termDeadline(cal, new Date('2026-12-24T08:00:00Z'), 2))).toBe('2026-12-29');
    // King's Day 2025 on Saturday 26th: Friday 25 April → Monday 28, Tuesday 29.
    expect(localDate(termDeadline(cal, new Date('2025-04-25T08:00:00Z'), 2))).toBe('2025-04-29');
  });

  it('schedules the next reminder at the end of the next working day, counting today', () => {
    expect(nextReminderAt(cal, new Date('2026-11-26T09:00:00Z'), 1).toISOString()).toBe(
      '2026-11-26T22:59:59.999Z',
    );
    // Saturday: the next working day is Monday.
    expect(localDate(nextReminderAt(cal, new Date('2026-11-28T09:00:00Z'), 1))).toBe('2026-11-30');
    expect(localDate(nextReminderAt(cal, new Date('2026-11-26T09:00:00Z'), 2))).toBe('2026-11-27');
  });
});

describe('closing days through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('lets an admin add a closing day that terms then skip', async () => {
    const admin = await t.login('admin');
    const put = await t.request('PUT', '/api/v1/calendar/closing-days/2026-11-24', admin, {
      reason: 'Personeelsdag',
    });
    expect(put.statusCode).toBe(200);
    const cal = await loadCalendar(t.db, t.config.tasks);
    expect(cal.closedBecause('2026-11-24')).toBe('Personeelsdag');
    expect(localDate(termDeadline(cal, new Date('2026-11-23T09:00:00Z'), 2))).toBe('2026-11-26');

    const view = await t.request('GET', '/api/v1/calendar?year=2026', admin);
    expect(view.json().closingDays).toEqual([{ day: '2026-11-24', reason: 'Personeelsdag' }]);
    expect(view.json().holidays).toContainEqual({ date: '2026-12-25', name: 'Eerste Kerstdag' });

    expect((await t.request('DELETE', '/api/v1/calendar/closing-days/2026-11-24', admin)).statusCode).toBe(
      204,
    );
    expect((await loadCalendar(t.db, t.config.tasks)).isWorkingDay('2026-11-24')).toBe(true);
  });

  it('refuses a closing day from a non-admin, on a weekend, or with a bad date', async () => {
    const kcc = await t.login('kcc');
    expect(
      (await t.request('PUT', '/api/v1/calendar/closing-days/2026-11-24', kcc, { reason: 'x' })).statusCode,
    ).toBe(403);
    const admin = await t.login('admin');
    const weekend = await t.request('PUT', '/api/v1/calendar/closing-days/2026-11-28', admin, {
      reason: 'x',
    });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json().invalidParams[0].name).toBe('day');
    expect(
      (await t.request('PUT', '/api/v1/calendar/closing-days/2026-13-45', admin, { reason: 'x' })).statusCode,
    ).toBe(400);
    expect((await t.request('DELETE', '/api/v1/calendar/closing-days/2026-11-25', admin)).statusCode).toBe(
      404,
    );
  });
});
