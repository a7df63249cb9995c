// "Contacts outside opening hours": routing's opening hours and the calendar's holidays applied to
// the arrival profile (half hours of the week) and, in the drill-down, to each contact.
import type { Db } from '../../db/connect.ts';
import { type CalendarConfig, loadCalendar } from '../calendar/calendar.service.ts';
import { listOpeningHours } from '../routing/opening-hours.service.ts';
import type * as repo from './insights.repo.ts';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const clock = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Routing's opening hours (its service: weekly schedule per channel, a team's own schedule winning
 * for that team) and the calendar's holidays and closing days, in the form the figures and the
 * drill-down apply them: per half hour of the week. A channel without a schedule is always open,
 * as routing treats it. Dated exceptions (e.g. Christmas Eve until 15:00) are not applied: routing's
 * service only lists the coming ones.
 */
export async function openingRules(
  db: Db,
  p: repo.Period,
  now: Date,
  calendar: CalendarConfig,
): Promise<repo.OpeningRules> {
  const [{ schedules }, cal] = await Promise.all([listOpeningHours(db, now), loadCalendar(db, calendar)]);
  const rules: repo.OpeningRules = { channels: [], teams: [], open: [], closedDays: [] };
  for (const s of schedules) {
    const scope = s.teamId ? `${s.channel}|${s.teamId}` : s.channel;
    (s.teamId ? rules.teams : rules.channels).push(scope);
    for (const [day, periods] of Object.entries(s.weekly)) {
      const dow = Number(day) % 7; // ISO 7 (Sunday) is PostgreSQL's 0
      for (let slot = 0; slot < 48; slot++) {
        // A half hour counts as open when it starts inside an opening period (exact for :00 and :30).
        if (periods.some((x) => clock(x.opens) <= slot * 30 && slot * 30 < clock(x.closes)))
          rules.open.push(`${scope}|${dow}|${slot}`);
      }
    }
  }
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) {
    const why = cal.closedBecause(d);
    if (why && why !== 'weekend') rules.closedDays.push(d);
  }
  return rules;
}

/** Contacts outside the weekly schedule in an arrival profile (see openingRules). */
function outsideWeekly(rows: repo.HourRow[], rules: repo.OpeningRules): number {
  const open = new Set(rules.open);
  const teams = new Set(rules.teams);
  let n = 0;
  for (const r of rows) {
    const own = r.team_id ? `${r.channel}|${r.team_id}` : null;
    const scope = own && teams.has(own) ? own : rules.channels.includes(r.channel) ? r.channel : null;
    if (!scope) continue;
    if (!open.has(`${scope}|${r.dow}|${r.hour * 2}`)) n += r.first_half;
    if (!open.has(`${scope}|${r.dow}|${r.hour * 2 + 1}`)) n += r.contacts - r.first_half;
  }
  return n;
}

/** All contacts of a channel with a schedule on a holiday or closing day are outside. */
function outsideOnClosedDays(rows: repo.HourRow[], rules: repo.OpeningRules): number {
  const teams = new Set(rules.teams);
  const scheduled = rows.filter(
    (r) => rules.channels.includes(r.channel) || (r.team_id && teams.has(`${r.channel}|${r.team_id}`)),
  );
  return scheduled.reduce((s, r) => s + r.contacts, 0) - outsideWeekly(scheduled, rules);
}

/** Outside over the period: the weekly schedule on the profile, plus what was open by it on closed days. */
export function outsideHours(
  profile: repo.HourRow[],
  closedDays: repo.HourRow[],
  rules: repo.OpeningRules,
): number {
  return outsideWeekly(profile, rules) + outsideOnClosedDays(closedDays, rules);
}

export function scheduleText(rules: repo.OpeningRules, labels: Map<string, string>): string {
  if (rules.channels.length === 0 && rules.teams.length === 0)
    return 'Geen openingstijden ingesteld: alle kanalen tellen als altijd open.';
  const names = rules.channels.map((c) => labels.get(c) ?? c).join(', ');
  const teams = rules.teams.length ? ` en ${rules.teams.length} teamrooster(s)` : '';
  return `Openingstijden uit Routering per half uur (${names}${teams}); feestdagen en sluitingsdagen gesloten; kanalen zonder rooster tellen als altijd open.`;
}
