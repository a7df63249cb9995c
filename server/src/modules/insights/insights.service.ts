// Management information (stuurinformatie): the manager dashboard's figures from the rollups, the
// drill-down lists behind them, CSV export, and repeat marks for the customer view's timeline.
// Aggregates carry counts and reference-list labels only: no names, identifiers or message text.
import type { Db } from '../../db/connect.ts';
import { type Actor, can } from '../../platform/actor.ts';
import { invalid } from '../../platform/errors.ts';
import { findTeam, getTeams, type TeamSummary } from '../access/access.service.ts';
import type { CalendarConfig } from '../calendar/calendar.service.ts';
import { listChannels, listReasons, type Reason } from '../contacts/reference-lists.service.ts';
import { logRead, type ReadContext } from '../processing-log/processing-log.service.ts';
import { handlingOut } from './insights.handling.ts';
import { openingRules, outsideHours, scheduleText } from './insights.opening.ts';
import * as repo from './insights.repo.ts';
import type { Dashboard, DashboardQuery } from './insights.schemas.ts';

export const maxPeriodDays = 731;

const dayMs = 86_400_000;
const amsterdamDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(d); // YYYY-MM-DD
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);
const validDate = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const change = (now: number, before: number) => (before > 0 ? (now - before) / before : null);

export type ResolvedFilter = repo.Filter & {
  team: TeamSummary | null;
  channelLabel: string | null;
  days: number;
};

/** Period, team and channel checked: 400 with a Dutch message for anything unknown or out of range. */
export async function resolveFilter(db: Db, q: DashboardQuery, now: Date): Promise<ResolvedFilter> {
  const today = amsterdamDay(now);
  for (const name of ['from', 'to'] as const) {
    const v = q[name];
    if (v !== undefined && !validDate(v)) throw invalid(name, `'${v}' is geen bestaande datum.`);
  }
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to)
    throw invalid('from', 'De periode begint na het einde: kies een begindatum vóór de einddatum.');
  const days = daysBetween(from, to) + 1;
  if (days > maxPeriodDays) {
    throw invalid(
      'to',
      `De periode is te lang (${days} dagen): kies hoogstens ${maxPeriodDays} dagen (twee jaar).`,
    );
  }
  let team: TeamSummary | null = null;
  let teamId: string | null = null;
  if (q.team === 'geen') teamId = 'none';
  else if (q.team) {
    team = await findTeam(db, q.team);
    if (!team) throw invalid('team', `Onbekend team '${q.team}'.`);
    teamId = team.id;
  }
  let channelLabel: string | null = null;
  if (q.channel) {
    const known = await listChannels(db);
    const c = known.find((k) => k.code === q.channel);
    if (!c)
      throw invalid(
        'channel',
        `Onbekend kanaal '${q.channel}'; kies uit: ${known.map((k) => k.code).join(', ')}.`,
      );
    channelLabel = c.label;
  }
  return { from, to, days, teamId, channel: q.channel ?? null, team, channelLabel };
}

function seriesBucket(days: number): 'day' | 'week' | 'month' {
  if (days <= 62) return 'day';
  if (days <= 366) return 'week';
  return 'month';
}

const reasonRef = (reasons: Map<string, Reason>, id: string | null) => {
  const r = id ? reasons.get(id) : undefined;
  return { id, code: r?.code ?? null, label: r?.label ?? (id ? 'Onbekende reden' : 'Zonder contactreden') };
};
const teamRef = (teams: Map<string, TeamSummary>, id: string | null) => {
  const t = id ? teams.get(id) : undefined;
  return { id, code: t?.code ?? null, label: t?.name ?? (id ? 'Onbekend team' : 'Geen team') };
};

function sumBy<T>(rows: T[], key: (r: T) => string, value: (r: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r));
  return out;
}

export type DashboardOptions = { repeatWindowDays: number; calendar: CalendarConfig };

export async function getDashboard(
  db: Db,
  q: DashboardQuery,
  now: Date,
  options: DashboardOptions,
): Promise<Dashboard> {
  await repo.foldDeltas(db); // keeps the delta tables short; the reads below add any left anyway
  const f = await resolveFilter(db, q, now);
  const previous = { ...f, from: addDays(f.from, -f.days), to: addDays(f.from, -1) };
  const today = amsterdamDay(now);
  const rules = await openingRules(db, f, now, options.calendar);
  const ownTeams = rules.teams.map((t) => t.split('|')[1] as string);
  // In parallel on a server; PGlite's single connection takes them one after another.
  const [
    groups,
    prevGroups,
    hours,
    closedHours,
    series,
    tasks,
    handling,
    scores,
    channelList,
    reasonList,
    teamList,
  ] = await Promise.all([
    repo.contactGroups(db, f),
    repo.contactGroups(db, previous),
    repo.contactHours(db, f, ownTeams),
    repo.contactHours(db, f, ownTeams, rules.closedDays),
    repo.contactSeries(db, f, seriesBucket(f.days)),
    repo.taskGroups(db, f, today),
    repo.handlingGroups(db, f),
    repo.satisfaction(db, f),
    listChannels(db),
    listReasons(db),
    getTeams(db),
  ]);
  const reasons = new Map(reasonList.map((r) => [r.id, r]));
  const teams = new Map(teamList.map((t) => [t.id, t]));
  const channelLabel = new Map(channelList.map((c) => [c.code, c.label]));

  const total = groups.reduce((s, g) => s + g.contacts, 0);
  const inbound = groups.filter((g) => g.direction === 'in');
  const inboundCount = inbound.reduce((s, g) => s + g.contacts, 0);
  const resolvedFirst = groups.reduce((s, g) => s + g.resolved_first, 0);
  const repeats = groups.reduce((s, g) => s + g.repeats, 0);

  const byChannel = sumBy(
    groups,
    (g) => g.channel,
    (g) => g.contacts,
  );
  const prevByChannel = sumBy(
    prevGroups,
    (g) => g.channel,
    (g) => g.contacts,
  );
  const channels = channelList
    .map((c) => ({
      channel: c.code,
      label: c.label,
      contacts: byChannel.get(c.code) ?? 0,
      share: ratio(byChannel.get(c.code) ?? 0, total),
      previous: prevByChannel.get(c.code) ?? 0,
      change: change(byChannel.get(c.code) ?? 0, prevByChannel.get(c.code) ?? 0),
    }))
    .filter((c) => c.contacts > 0 || c.previous > 0)
    .sort((a, b) => b.contacts - a.contacts || a.label.localeCompare(b.label, 'nl'));

  const key = (id: string | null) => id ?? '';
  const prevByReason = sumBy(
    prevGroups,
    (g) => key(g.reason_id),
    (g) => g.contacts,
  );
  const reasonIds = [...new Set([...groups.map((g) => key(g.reason_id))])];
  const perReason = reasonIds.map((id) => {
    const rows = groups.filter((g) => key(g.reason_id) === id);
    const contacts = rows.reduce((s, g) => s + g.contacts, 0);
    const inb = rows.filter((g) => g.direction === 'in').reduce((s, g) => s + g.contacts, 0);
    const rep = rows.reduce((s, g) => s + g.repeats, 0);
    const res = rows.reduce((s, g) => s + g.resolved_first, 0);
    return {
      ...reasonRef(reasons, id || null),
      contacts,
      previous: prevByReason.get(id) ?? 0,
      change: change(contacts, prevByReason.get(id) ?? 0),
      resolvedFirst: res,
      firstContactResolutionRate: ratio(res, contacts),
      inbound: inb,
      repeats: rep,
      repeatRate: ratio(rep, inb),
    };
  });
  const reasonsOut = [...perReason].sort(
    (a, b) => b.contacts - a.contacts || a.label.localeCompare(b.label, 'nl'),
  );
  const repeatsByReason = perReason
    .filter((r) => r.repeats > 0)
    .map(({ id, code, label, inbound: inb, repeats: rep, repeatRate }) => ({
      id,
      code,
      label,
      inbound: inb,
      repeats: rep,
      repeatRate,
    }))
    .sort(
      (a, b) =>
        b.repeats - a.repeats ||
        (b.repeatRate ?? 0) - (a.repeatRate ?? 0) ||
        a.label.localeCompare(b.label, 'nl'),
    );

  const teamInbound = sumBy(
    inbound,
    (g) => key(g.team_id),
    (g) => g.contacts,
  );
  const teamRepeats = sumBy(
    groups,
    (g) => key(g.team_id),
    (g) => g.repeats,
  );
  const repeatsByTeam = [...teamInbound.keys()]
    .map((id) => ({
      ...teamRef(teams, id || null),
      inbound: teamInbound.get(id) ?? 0,
      repeats: teamRepeats.get(id) ?? 0,
      repeatRate: ratio(teamRepeats.get(id) ?? 0, teamInbound.get(id) ?? 0),
    }))
    .sort((a, b) => b.repeats - a.repeats || a.label.localeCompare(b.label, 'nl'));

  const hourly = sumBy(
    hours,
    (h) => `${h.hour}|${h.channel}`,
    (h) => h.contacts,
  );
  const hoursOut = [...hourly.entries()]
    .map(([k, contacts]) => {
      const [hour, channel] = k.split('|') as [string, string];
      return { hour: Number(hour), channel, contacts };
    })
    .sort((a, b) => a.hour - b.hour || a.channel.localeCompare(b.channel));
  const outside = outsideHours(hours, closedHours, rules);

  const callbackTeams = new Map<string, Dashboard['callbacks']['teams'][number]>();
  for (const t of tasks.filter((t) => t.kind === 'callback')) {
    const k = key(t.team_id);
    const row = callbackTeams.get(k) ?? {
      ...teamRef(teams, t.team_id),
      opened: 0,
      done: 0,
      doneWithinTerm: 0,
      open: 0,
      overdue: 0,
      escalated: 0,
      cancelled: 0,
    };
    row.opened += t.tasks;
    if (t.state === 'done') row.done += t.tasks;
    if (t.state === 'done' && t.within_term) row.doneWithinTerm += t.tasks;
    if (t.state === 'open') row.open += t.tasks;
    if (t.state === 'open' && t.overdue) row.overdue += t.tasks;
    if (t.state === 'cancelled') row.cancelled += t.tasks;
    if (t.escalated) row.escalated += t.tasks;
    callbackTeams.set(k, row);
  }

  const answer = new Map<string, { done: number; within: number; minutes: number }>();
  for (const t of tasks.filter((t) => t.kind === 'callback' && t.state === 'done' && t.callback_channel)) {
    const a = answer.get(t.callback_channel as string) ?? { done: 0, within: 0, minutes: 0 };
    a.done += t.tasks;
    if (t.within_term) a.within += t.tasks;
    a.minutes += Number(t.answer_minutes);
    answer.set(t.callback_channel as string, a);
  }

  return {
    period: { from: f.from, to: f.to, days: f.days, previousFrom: previous.from, previousTo: previous.to },
    filters: {
      team: f.team
        ? { id: f.team.id, code: f.team.code, label: f.team.name }
        : f.teamId === 'none'
          ? teamRef(teams, null)
          : null,
      channel: f.channel ? { id: null, code: f.channel, label: f.channelLabel ?? f.channel } : null,
    },
    generatedAt: now.toISOString(),
    repeatWindowDays: options.repeatWindowDays,
    totals: {
      contacts: total,
      previousContacts: prevGroups.reduce((s, g) => s + g.contacts, 0),
      inbound: inboundCount,
      outbound: total - inboundCount,
      resolvedFirst,
      firstContactResolutionRate: ratio(resolvedFirst, total),
      repeats,
      repeatRate: ratio(repeats, inboundCount),
    },
    channels,
    series: { bucket: seriesBucket(f.days), points: series },
    hours: hoursOut,
    outsideHours: {
      schedule: scheduleText(rules, channelLabel),
      contacts: outside,
      rate: ratio(outside, total),
    },
    reasons: reasonsOut,
    repeatsByReason,
    repeatsByTeam,
    callbacks: {
      note: 'Terugbelverzoeken aangemaakt in de periode, per eigenaar-team; het kanaalfilter geldt hier niet.',
      teams: [...callbackTeams.values()].sort(
        (a, b) => b.opened - a.opened || a.label.localeCompare(b.label, 'nl'),
      ),
    },
    answerTimes: [...answer.entries()]
      .map(([channel, a]) => ({
        channel,
        label: channelLabel.get(channel) ?? channel,
        done: a.done,
        withinTerm: a.within,
        withinTermRate: ratio(a.within, a.done),
        averageHours: a.done > 0 ? Math.round((a.minutes / a.done / 60) * 10) / 10 : null,
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'nl')),
    handlingTimes: handlingOut(
      handling,
      channels.filter((c) => c.contacts > 0).map((c) => c.channel),
      channelLabel,
    ),
    satisfaction: satisfactionOut(scores, channelLabel),
  };
}

// ── Drill-down ──────────────────────────────────────────────────────────────────────────────────

type ContactListQuery = DashboardQuery & {
  reason?: string;
  direction?: 'in' | 'out';
  repeat?: boolean;
  resolved?: boolean;
  outsideHours?: boolean;
  hour?: number;
  page: number;
  pageSize: number;
};

/** The contacts behind a figure; logs every party involved in a contact shown. */
export async function listContactsBehind(
  db: Db,
  q: ContactListQuery,
  now: Date,
  rc: ReadContext,
  calendar: CalendarConfig,
) {
  const f = await resolveFilter(db, q, now);
  const opening: repo.OpeningRules =
    q.outsideHours === undefined
      ? { channels: [], teams: [], open: [], closedDays: [] }
      : await openingRules(db, f, now, calendar);
  const reasonList = await listReasons(db);
  let reasonId: string | null | undefined;
  if (q.reason === 'geen') reasonId = null;
  else if (q.reason) {
    const r = reasonList.find((x) => x.id === q.reason || x.code === q.reason);
    if (!r) throw invalid('reason', `Onbekende contactreden '${q.reason}'.`);
    reasonId = r.id;
  }
  const reasons = new Map(reasonList.map((r) => [r.id, r]));
  const teams = new Map((await getTeams(db)).map((t) => [t.id, t]));
  return db.transaction().execute(async (trx) => {
    const rows = await repo.listContacts(trx, {
      ...f,
      reasonId,
      direction: q.direction ?? null,
      repeat: q.repeat ?? null,
      resolved: q.resolved ?? null,
      outsideHours: q.outsideHours ?? null,
      opening,
      hour: q.hour ?? null,
      includeConfidential: can(rc.actor, 'contacts:confidential'),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await logRead(
      trx,
      rows.flatMap((r) => r.party_ids ?? []),
      rc,
    );
    return pageOf(q, rows, (r) => ({
      id: r.id,
      number: r.number,
      occurredAt: new Date(r.occurred_at).toISOString(),
      channel: r.channel,
      direction: r.direction,
      subject: r.subject,
      reason: r.reason_id ? reasonRef(reasons, r.reason_id) : null,
      team: r.team_id ? teamRef(teams, r.team_id) : null,
      resolvedFirstContact: r.resolved_first_contact,
      confidential: r.confidential,
      repeatNth: r.repeat_nth,
    }));
  });
}

type TaskListQuery = Omit<DashboardQuery, 'channel'> & {
  state?: repo.TaskListFilter['state'];
  callbackChannel?: 'phone' | 'email';
  page: number;
  pageSize: number;
};

/** The tasks behind a figure. Shows no party data (subject and number only), so nothing to log. */
export async function listTasksBehind(db: Db, q: TaskListQuery, now: Date) {
  const f = await resolveFilter(db, { ...q, channel: undefined }, now);
  const teams = new Map((await getTeams(db)).map((t) => [t.id, t]));
  const rows = await repo.listTasks(db, {
    ...f,
    teamId: f.teamId === 'none' ? null : f.teamId,
    noTeam: f.teamId === 'none',
    state: q.state ?? null,
    callbackChannel: q.callbackChannel ?? null,
    today: amsterdamDay(now),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return pageOf(q, rows, (r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    subject: r.subject,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    dueAt: new Date(r.due_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    escalated: r.escalated_at !== null,
    team: r.owner_kind === 'team' ? teamRef(teams, r.owner_id) : null,
    callbackChannel: r.callback_channel,
  }));
}

function pageOf<R extends { total: number }, T>(
  q: { page: number; pageSize: number },
  rows: R[],
  map: (r: R) => T,
) {
  return { total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize, items: rows.map(map) };
}

// ── Repeat marks for other modules (customer view) ──────────────────────────────────────────────

export type RepeatInfo = {
  ofContactId: string;
  firstContactId: string;
  nth: number;
  days: number;
  basis: 'reason' | 'case';
};

export async function getRepeats(db: Db, contactIds: string[]): Promise<Map<string, RepeatInfo>> {
  const marks = await repo.repeatMarks(db, contactIds);
  return new Map(
    marks.map((m) => [
      m.contact_id,
      {
        ofContactId: m.of_contact_id,
        firstContactId: m.first_contact_id,
        nth: m.nth,
        days: m.days,
        basis: m.basis,
      },
    ]),
  );
}

/** "3e contact over dit onderwerp in 5 dagen" */
export function repeatText(r: Pick<RepeatInfo, 'nth' | 'days'>): string {
  const when = r.days === 0 ? 'op dezelfde dag' : r.days === 1 ? 'in 1 dag' : `in ${r.days} dagen`;
  return `${r.nth}e contact over dit onderwerp ${when}`;
}

export const setRepeatWindow = repo.setRepeatWindow;
export const changeCounter = repo.changeCounter;
export { rollupDifferences } from './insights.exactness.ts';
/**
 * The scheduler's fold: the deltas into the rollups, then the delta tables vacuumed when a burst left
 * them large (repo.vacuumDeltas). The dashboard folds without vacuuming, so a request never waits
 * for it.
 */
export async function foldDeltas(db: Db): Promise<number> {
  const n = await repo.foldDeltas(db);
  await repo.vacuumDeltas(db);
  return n;
}
export const vacuumDeltas = repo.vacuumDeltas;
export const pendingDeltas = repo.pendingDeltas;

/** Who may see the dashboard (and subscribe to its live topic). */
export const mayReadReports = (actor: Actor) => can(actor, 'reports:read');

function satisfactionOut(
  rows: repo.SatisfactionRow[],
  labels: Map<string, string>,
): Dashboard['satisfaction'] {
  const responses = rows.reduce((n, r) => n + r.responses, 0);
  if (responses === 0) {
    return {
      status: 'niet_gemeten',
      message: 'Nog geen metingen: er zijn in deze periode geen KTO-uitkomsten.',
    };
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const sum = rows.reduce((n, r) => n + r.score_sum, 0);
  const positive = rows.reduce((n, r) => n + r.positive, 0);
  return {
    status: 'gemeten',
    message: 'KTO na het contact: score 1 (slecht) tot 5 (uitstekend).',
    responses,
    average: round(sum / responses),
    positiveRate: ratio(positive, responses),
    channels: rows.map((r) => ({
      channel: r.channel,
      label: labels.get(r.channel) ?? r.channel,
      responses: r.responses,
      average: round(r.score_sum / r.responses),
      positiveRate: ratio(r.positive, r.responses),
    })),
  };
}
