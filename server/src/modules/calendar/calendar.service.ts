// The municipality's working-day calendar: computed public holidays plus closing days from the database.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import * as repo from './calendar.repo.ts';
import { dutchHolidays, type HolidayOptions, weekday } from './holidays.ts';
import { createCalendar, type WorkingDayCalendar } from './working-days.ts';

export type CalendarConfig = Pick<Config['tasks'], 'goodFriday' | 'liberationDay'>;

const holidayOptions = (c: CalendarConfig): HolidayOptions => ({
  goodFriday: c.goodFriday,
  liberationDay: c.liberationDay,
});

/** A calendar with the current closing days. Cheap: the closing-day table holds a few rows a year. */
export async function loadCalendar(db: Db, config: CalendarConfig): Promise<WorkingDayCalendar> {
  const rows = await repo.listClosingDays(db);
  return createCalendar(holidayOptions(config), new Map(rows.map((r) => [r.day, r.reason])));
}

export function holidaysOf(year: number, config: CalendarConfig) {
  if (!Number.isInteger(year) || year < 1900 || year > 2999)
    throw invalid('year', 'Jaar moet tussen 1900 en 2999 liggen.');
  return dutchHolidays(year, holidayOptions(config));
}

export const listClosingDays = (db: Db, year?: number) =>
  year ? repo.listClosingDays(db, `${year}-01-01`, `${year}-12-31`) : repo.listClosingDays(db);

export async function setClosingDay(db: Db, day: string, reason: string) {
  if (!reason.trim()) throw invalid('reason', 'Geef een reden voor de sluitingsdag.');
  const wd = weekday(day);
  if (wd === 0 || wd === 6)
    throw invalid('day', 'Een sluitingsdag valt op een werkdag (maandag tot en met vrijdag).');
  await repo.upsertClosingDay(db, day, reason.trim());
  return { day, reason: reason.trim() };
}

export async function removeClosingDay(db: Db, day: string) {
  if ((await repo.deleteClosingDay(db, day)) === 0) throw notFound('Sluitingsdag');
}
