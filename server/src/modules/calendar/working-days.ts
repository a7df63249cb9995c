// Working days: Monday–Friday minus Dutch public holidays and the municipality's own closing days.
// Days are calendar days in Europe/Amsterdam, whatever the server's time zone.
//
// The term rule (servicenorm): a task created on day D with a norm of N working days is due at the
// END of the N-th working day AFTER D (23:59:59.999 Amsterdam time). Creation day itself never
// counts, also when it is a working day, so a callback asked for on Monday at 16:55 with a norm of
// 2 is due at the end of Wednesday. A reminder fires each time a further working day ends unhandled.
import { addDays, dutchHolidays, type HolidayOptions, weekday } from './holidays.ts';

export const timeZone = 'Europe/Amsterdam';

export type WorkingDayCalendar = {
  /** Why a date is not a working day ('weekend', a holiday name, a closing-day reason), or null. */
  closedBecause: (date: string) => string | null;
  isWorkingDay: (date: string) => boolean;
};

export function createCalendar(
  options: HolidayOptions,
  closingDays: Map<string, string> = new Map(),
): WorkingDayCalendar {
  const byYear = new Map<number, Map<string, string>>();
  const holidaysOf = (year: number) => {
    let m = byYear.get(year);
    if (!m) {
      m = new Map(dutchHolidays(year, options).map((h) => [h.date, h.name]));
      byYear.set(year, m);
    }
    return m;
  };
  const closedBecause = (date: string): string | null => {
    const wd = weekday(date);
    if (wd === 0 || wd === 6) return 'weekend';
    return holidaysOf(Number(date.slice(0, 4))).get(date) ?? closingDays.get(date) ?? null;
  };
  return { closedBecause, isWorkingDay: (date) => closedBecause(date) === null };
}

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Milliseconds Amsterdam is ahead of UTC at this instant (3600000 in winter, 7200000 in summer). */
function offsetAt(instant: Date): number {
  const p: Record<string, number> = {};
  for (const x of formatter.formatToParts(instant)) p[x.type] = Number(x.value);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The Amsterdam calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + offsetAt(instant)).toISOString().slice(0, 10);
}

/** The last millisecond of a calendar date in Amsterdam. */
export function endOfLocalDay(date: string): Date {
  const nextMidnightUtc = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  // Midnight is never inside a DST jump in this zone, so one correction suffices.
  const guess = new Date(nextMidnightUtc - 3_600_000);
  return new Date(nextMidnightUtc - offsetAt(guess) - 1);
}

/** The n-th working day strictly after `date` (n ≥ 1). */
export function nthWorkingDayAfter(cal: WorkingDayCalendar, date: string, n: number): string {
  let d = date;
  let left = n;
  // A year of closures in a row would be a configuration error; stop instead of looping forever.
  for (let guard = 0; guard < 3700; guard++) {
    d = addDays(d, 1);
    if (cal.isWorkingDay(d) && --left === 0) return d;
  }
  throw new Error('Geen werkdag gevonden binnen tien jaar: controleer de sluitingsdagen.');
}

/** The deadline of a term of `days` working days for something created at `createdAt` (see the rule above). */
export function termDeadline(cal: WorkingDayCalendar, createdAt: Date, days: number): Date {
  return endOfLocalDay(nthWorkingDayAfter(cal, localDate(createdAt), days));
}

/**
 * When the next reminder falls due after one sent at `now`: the end of the `interval`-th working day,
 * counting today when today is a working day. Measured from now, not from the missed schedule, so a
 * worker that was down sends one reminder on catch-up instead of one per missed day.
 */
export function nextReminderAt(cal: WorkingDayCalendar, now: Date, interval: number): Date {
  const today = localDate(now);
  const start = cal.isWorkingDay(today) ? addDays(today, -1) : today;
  return endOfLocalDay(nthWorkingDayAfter(cal, start, interval));
}
