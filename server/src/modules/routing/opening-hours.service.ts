// Opening hours per channel and team: a weekly schedule (several periods a day) in Amsterdam time,
// closed on public holidays and closing days (calendar module), and dated exceptions that win over
// both (Christmas Eve until 15:00). Outside hours the channel's auto-reply says when it opens again.
import type { Db } from '../../db/connect.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { findTeam } from '../access/access.service.ts';
import { type CalendarConfig, loadCalendar } from '../calendar/calendar.service.ts';
import { addDays } from '../calendar/holidays.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import { listChannels } from '../contacts/contacts.service.ts';
import { instantOf, isoWeekday, localTime, parseClock, spokenMoment } from './amsterdam-time.ts';
import * as repo from './opening-hours.repo.ts';
import { Problems } from './problems.ts';
import type { WeeklySchedule } from './routing.tables.ts';

export type OpeningStatus = {
  open: boolean;
  nextOpening: Date | null;
  autoReply: string | null;
  /** Messages are taken in now (true for mail, WhatsApp and forms at any hour), answered when open. */
  acceptsMessages: boolean;
  /** Why today is closed when it is not the schedule: a holiday, closing day or exception. */
  closedBecause: string | null;
};

type Period = [string, string];

let calendarOptions: CalendarConfig = { goodFriday: false, liberationDay: 'yearly' };
/** The holiday options from config (Good Friday, Liberation Day), set once when the routes mount. */
export function useCalendarOptions(options: CalendarConfig) {
  calendarOptions = options;
}

/** How far ahead the next opening is looked for: beyond this a channel counts as closed for good. */
const lookAheadDays = 60;

type Resolved = {
  schedule: repo.ScheduleRow | null;
  periodsOn: (date: string) => { periods: Period[]; because: string | null };
};

async function resolve(db: Db, channel: string, teamId: string | null, from: string): Promise<Resolved> {
  const rows = await repo.schedulesFor(db, channel, teamId);
  const schedule = rows.find((r) => r.team_id === teamId && teamId) ?? rows.find((r) => !r.team_id) ?? null;
  const [exceptions, calendar] = await Promise.all([
    repo.listExceptions(db, addDays(from, -1), addDays(from, lookAheadDays + 1)),
    loadCalendar(db, calendarOptions),
  ]);
  return { schedule, periodsOn: (date) => periodsOn(schedule, exceptions, calendar, channel, teamId, date) };
}

/** The most specific exception wins: channel and team, channel, team, everything. */
function exceptionFor(list: repo.ExceptionRow[], channel: string, teamId: string | null, date: string) {
  const rank = (e: repo.ExceptionRow) =>
    (e.channel === channel ? 2 : e.channel === null ? 0 : -9) +
    (teamId && e.team_id === teamId ? 1 : e.team_id === null ? 0 : -9);
  return list.filter((e) => e.day === date && rank(e) >= 0).sort((a, b) => rank(b) - rank(a))[0];
}

function periodsOn(
  schedule: repo.ScheduleRow | null,
  exceptions: repo.ExceptionRow[],
  calendar: WorkingDayCalendar,
  channel: string,
  teamId: string | null,
  date: string,
): { periods: Period[]; because: string | null } {
  if (!schedule) return { periods: [['00:00', '24:00']], because: null };
  const exception = exceptionFor(exceptions, channel, teamId, date);
  if (exception) return { periods: exception.periods, because: exception.reason };
  const closed = calendar.closedBecause(date);
  if (closed && closed !== 'weekend') return { periods: [], because: closed };
  const day = String(isoWeekday(date)) as keyof WeeklySchedule;
  return { periods: schedule.weekly[day] ?? [], because: null };
}

const toMinutes = (p: Period): [number, number] => [parseClock(p[0]) ?? 0, parseClock(p[1]) ?? 0];

function fill(template: string | null, next: Date | null, alternatives: string | null): string | null {
  if (!template) return null;
  return template
    .replaceAll('{volgende_opening}', next ? spokenMoment(next) : 'een later moment')
    .replaceAll('{alternatieven}', alternatives ?? '')
    .replace(/\s+$/, '');
}

/** Is this channel (and team) open at `at`? Outside hours: when it opens next and the channel's auto-reply text. */
export async function openingStatus(
  db: Db,
  scope: { channel: string; teamId?: string | null },
  at: Date,
): Promise<OpeningStatus> {
  const now = localTime(at);
  const r = await resolve(db, scope.channel, scope.teamId ?? null, now.date);
  if (!r.schedule)
    return { open: true, nextOpening: null, autoReply: null, acceptsMessages: true, closedBecause: null };
  const today = r.periodsOn(now.date);
  // Half-open periods: at 17:00 exactly a 08:30–17:00 channel is closed.
  const open = today.periods.some((p) => {
    const [from, to] = toMinutes(p);
    return now.minute >= from && now.minute < to;
  });
  const acceptsMessages = open || r.schedule.always_accepted;
  if (open) return { open, nextOpening: null, autoReply: null, acceptsMessages, closedBecause: null };
  const nextOpening = findNextOpening(r, now.date, at);
  return {
    open,
    nextOpening,
    autoReply: fill(r.schedule.auto_reply, nextOpening, r.schedule.alternatives),
    acceptsMessages,
    closedBecause: today.because,
  };
}

function findNextOpening(r: Resolved, fromDate: string, at: Date): Date | null {
  for (let i = 0; i <= lookAheadDays; i++) {
    const date = addDays(fromDate, i);
    const starts = r
      .periodsOn(date)
      .periods.map((p) => toMinutes(p)[0])
      .sort((a, b) => a - b);
    for (const start of starts) {
      const instant = instantOf(date, start);
      if (instant.getTime() > at.getTime()) return instant;
    }
  }
  return null;
}

// ── What a website shows ──

const weekdayNames = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

export type PublicOpeningHours = {
  channel: string;
  label: string;
  open: boolean;
  acceptsMessages: boolean;
  nextOpening: string | null;
  message: string | null;
  week: { weekday: string; periods: { opens: string; closes: string }[] }[];
  /** Days in the coming weeks with other hours than the week above (holidays, closing days, exceptions). */
  deviations: { date: string; reason: string; periods: { opens: string; closes: string }[] }[];
};

const asPeriods = (list: Period[]) => list.map(([opens, closes]) => ({ opens, closes }));

export async function publicOpeningHours(
  db: Db,
  channel: string,
  at: Date,
  days = 28,
): Promise<PublicOpeningHours> {
  const known = (await listChannels(db)).find((c) => c.code === channel);
  if (!known)
    throw new AppError('invalid', `Onbekend kanaal '${channel}'.`, [
      { name: 'channel', code: 'unknown', reason: 'Onbekend kanaal.' },
    ]);
  const today = localTime(at).date;
  const r = await resolve(db, channel, null, today);
  const status = await openingStatus(db, { channel }, at);
  const weekly = r.schedule?.weekly ?? {};
  const deviations: PublicOpeningHours['deviations'] = [];
  for (let i = 0; i < days && r.schedule; i++) {
    const date = addDays(today, i);
    const d = r.periodsOn(date);
    if (d.because) deviations.push({ date, reason: d.because, periods: asPeriods(d.periods) });
  }
  return {
    channel,
    label: known.label,
    open: status.open,
    acceptsMessages: status.acceptsMessages,
    nextOpening: status.nextOpening?.toISOString() ?? null,
    message: status.autoReply,
    week: weekdayNames.map((weekday, i) => ({
      weekday,
      periods: r.schedule
        ? asPeriods(weekly[String(i + 1) as keyof WeeklySchedule] ?? [])
        : [{ opens: '00:00', closes: '24:00' }],
    })),
    deviations,
  };
}

// ── Admin ──

export type ScheduleInput = {
  channel: string;
  teamId?: string | null;
  alwaysAccepted?: boolean;
  weekly: Record<string, { opens: string; closes: string }[]>;
  autoReply?: string | null;
  alternatives?: string | null;
};

export type ExceptionInput = {
  day: string;
  channel?: string | null;
  teamId?: string | null;
  periods: { opens: string; closes: string }[];
  reason: string;
};

function checkPeriods(list: { opens: string; closes: string }[], name: string, p: Problems): Period[] {
  const out: Period[] = [];
  const spans: [number, number][] = [];
  for (const [i, x] of list.entries()) {
    const from = parseClock(x.opens);
    const to = parseClock(x.closes);
    if (from === null || from >= 1440)
      p.add(`${name}.${i}.opens`, 'Geef een begintijd als uu:mm, bijvoorbeeld 08:30.');
    else if (to === null) p.add(`${name}.${i}.closes`, 'Geef een eindtijd als uu:mm, bijvoorbeeld 17:00.');
    else if (to <= from) p.add(`${name}.${i}.closes`, 'De eindtijd moet na de begintijd liggen.');
    else if (spans.some(([a, b]) => from < b && a < to))
      p.add(`${name}.${i}`, 'Deze tijden overlappen met een andere periode op dezelfde dag.');
    else {
      spans.push([from, to]);
      out.push([x.opens, x.closes]);
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

async function checkChannel(db: Db, channel: string, name: string, p: Problems) {
  if (!(await listChannels(db)).some((c) => c.code === channel)) p.add(name, `Onbekend kanaal '${channel}'.`);
}

async function checkTeam(db: Db, teamId: string | null | undefined, name: string, p: Problems) {
  if (teamId && !(await findTeam(db, teamId))) p.add(name, 'Dit team bestaat niet.');
}

export async function saveSchedule(db: Db, input: ScheduleInput, now: Date) {
  const p = new Problems();
  await checkChannel(db, input.channel, 'channel', p);
  await checkTeam(db, input.teamId, 'teamId', p);
  const weekly: WeeklySchedule = {};
  for (const [day, periods] of Object.entries(input.weekly)) {
    if (!/^[1-7]$/.test(day)) {
      p.add(`weekly.${day}`, 'Dagen zijn 1 (maandag) tot en met 7 (zondag).');
      continue;
    }
    const checked = checkPeriods(periods, `weekly.${day}`, p);
    if (checked.length) weekly[day as keyof WeeklySchedule] = checked;
  }
  const autoReply = input.autoReply?.trim() || null;
  if (autoReply && autoReply.length > 2000)
    p.add('autoReply', 'Het automatische antwoord is te lang (maximaal 2000 tekens).');
  p.throwIfAny();
  const id = await repo.upsertSchedule(
    db,
    {
      channel: input.channel,
      team_id: input.teamId ?? null,
      always_accepted: input.alwaysAccepted ?? false,
      weekly,
      auto_reply: autoReply,
      alternatives: input.alternatives?.trim() || null,
    },
    now,
  );
  return (await listOpeningHours(db, now)).schedules.find((s) => s.id === id);
}

export async function removeSchedule(db: Db, id: string) {
  if (!(await repo.deleteSchedule(db, id))) throw notFound('Openingstijden');
}

export async function addException(db: Db, input: ExceptionInput) {
  const p = new Problems();
  if (input.channel) await checkChannel(db, input.channel, 'channel', p);
  await checkTeam(db, input.teamId, 'teamId', p);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.day) ||
    Number.isNaN(Date.parse(`${input.day}T00:00:00Z`)) ||
    new Date(`${input.day}T00:00:00Z`).toISOString().slice(0, 10) !== input.day
  )
    p.add('day', 'Geef een geldige datum (jjjj-mm-dd).');
  if (!input.reason.trim()) p.add('reason', 'Geef een reden, bijvoorbeeld "Kerstavond".');
  const periods = checkPeriods(input.periods, 'periods', p);
  p.throwIfAny();
  const id = await repo.insertException(db, {
    day: input.day,
    channel: input.channel ?? null,
    team_id: input.teamId ?? null,
    periods,
    reason: input.reason.trim(),
  });
  if (!id) throw new AppError('conflict', 'Voor deze dag staat al een uitzondering voor dit kanaal en team.');
  return {
    id,
    day: input.day,
    channel: input.channel ?? null,
    teamId: input.teamId ?? null,
    periods: asPeriods(periods),
    reason: input.reason.trim(),
  };
}

export async function removeException(db: Db, id: string) {
  if (!(await repo.deleteException(db, id))) throw notFound('Uitzondering');
}

export async function listOpeningHours(db: Db, now: Date) {
  const today = localTime(now).date;
  const [schedules, exceptions] = await Promise.all([repo.listSchedules(db), repo.listExceptions(db, today)]);
  return {
    schedules: schedules.map((s) => ({
      id: s.id,
      channel: s.channel,
      teamId: s.team_id,
      alwaysAccepted: s.always_accepted,
      weekly: Object.fromEntries(Object.entries(s.weekly).map(([d, list]) => [d, asPeriods(list ?? [])])),
      autoReply: s.auto_reply,
      alternatives: s.alternatives,
      updatedAt: s.updated_at.toISOString(),
    })),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      day: e.day,
      channel: e.channel,
      teamId: e.team_id,
      periods: asPeriods(e.periods),
      reason: e.reason,
    })),
  };
}
