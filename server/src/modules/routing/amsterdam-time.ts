// Wall-clock time in Amsterdam, whatever the server's zone: what opening hours are written in.
import { addDays } from '../calendar/holidays.ts';
import { localDate, timeZone } from '../calendar/working-days.ts';

const clockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Amsterdam date ('YYYY-MM-DD') and minute of the day of an instant. */
export function localTime(at: Date): { date: string; minute: number } {
  const p: Record<string, number> = {};
  for (const x of clockParts.formatToParts(at)) p[x.type] = Number(x.value);
  return { date: localDate(at), minute: (p.hour ?? 0) * 60 + (p.minute ?? 0) + (p.second ?? 0) / 60 };
}

/** Milliseconds Amsterdam is ahead of UTC at this instant. */
function offsetAt(ms: number): number {
  const local = localTime(new Date(ms));
  return (
    Date.parse(`${local.date}T00:00:00Z`) +
    Math.round(local.minute * 60) * 1000 -
    Math.floor(ms / 1000) * 1000
  );
}

/**
 * The instant of a wall-clock time on an Amsterdam date. A time that happens twice (autumn) gives the
 * first; a time inside the spring-forward gap (02:00–03:00) is moved forward by the gap, as Temporal's
 * 'compatible' disambiguation does (02:30 → 03:30 summer time).
 */
export function instantOf(date: string, minute: number): Date {
  const day = minute >= 1440 ? addDays(date, 1) : date;
  const m = minute >= 1440 ? minute - 1440 : minute;
  const asUtc = Date.parse(`${day}T00:00:00Z`) + m * 60_000;
  const before = offsetAt(asUtc - 86_400_000);
  const after = offsetAt(asUtc + 86_400_000);
  const candidates = [...new Set([before, after])]
    .map((o) => asUtc - o)
    .filter((c) => {
      const back = localTime(new Date(c));
      return back.date === day && Math.round(back.minute) === m;
    })
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? asUtc - before);
}

/** 'HH:MM' → minutes after midnight (24:00 = 1440); null when malformed. */
export function parseClock(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const spoken = new Intl.DateTimeFormat('nl-NL', { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
const clock = new Intl.DateTimeFormat('nl-NL', {
  timeZone,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "maandag 24 november om 08:30" */
export function spokenMoment(at: Date): string {
  return `${spoken.format(at)} om ${clock.format(at)}`;
}
