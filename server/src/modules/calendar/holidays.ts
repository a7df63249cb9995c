// Dutch public holidays for any year, computed (no table to keep up to date).
// Which days a municipality is closed is policy, so Good Friday and the Liberation Day rule are options.
export type HolidayOptions = {
  /** Goede Vrijdag: not a general day off, many municipalities close anyway. */
  goodFriday: boolean;
  /** Bevrijdingsdag: a day off every year (Cao Gemeenten) or only every fifth year (lustrum). */
  liberationDay: 'yearly' | 'lustrum';
};

export type Holiday = { date: string; name: string };

/** 'YYYY-MM-DD' of a calendar date; month is 1-based. */
export function isoDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

/** Adds calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Easter Sunday (Gregorian calendar), by the anonymous Gregorian ("Meeus/Jones/Butcher") algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** King's Day (27 April; 26 April when the 27th is a Sunday); Queen's Day (30 April, or 29th) before 2014. */
function monarchsDay(year: number): Holiday {
  if (year >= 2014) {
    const day = weekday(isoDate(year, 4, 27)) === 0 ? 26 : 27;
    return { date: isoDate(year, 4, day), name: 'Koningsdag' };
  }
  const day = weekday(isoDate(year, 4, 30)) === 0 ? 29 : 30;
  return { date: isoDate(year, 4, day), name: 'Koninginnedag' };
}

export function dutchHolidays(year: number, options: HolidayOptions): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: isoDate(year, 1, 1), name: 'Nieuwjaarsdag' },
    ...(options.goodFriday ? [{ date: addDays(easter, -2), name: 'Goede Vrijdag' }] : []),
    { date: easter, name: 'Eerste Paasdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    monarchsDay(year),
    ...(options.liberationDay === 'yearly' || year % 5 === 0
      ? [{ date: isoDate(year, 5, 5), name: 'Bevrijdingsdag' }]
      : []),
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 49), name: 'Eerste Pinksterdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: isoDate(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: isoDate(year, 12, 26), name: 'Tweede Kerstdag' },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}
