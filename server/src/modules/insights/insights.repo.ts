// The insights module's SQL (its recount for exactness in insights.exactness.ts). Dashboard figures
// read the rollups plus the not yet folded deltas the triggers append (migrations
// 20261123T1550_insights.sql, 20261123T1552_insights_deltas.sql), so they are exact at every moment;
// a period reads whole months from grain 'm' and the days at its edges from grain 'd'. Drill-down
// lists and repeat marks are a read model over the contacts and tasks tables (read only, like
// search), see ARCHITECTURE.md.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export type Period = { from: string; to: string };
/** teamId 'none': contacts or tasks without a team. */
export type Filter = Period & { teamId: string | null; channel: string | null };

/** First day of the month of an ISO date. */
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
function nextMonth(d: string): string {
  const t = new Date(`${monthStart(d)}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + 1);
  return t.toISOString().slice(0, 10);
}

/** Whole months inside [from, to]: [m1, m2). Empty when m1 >= m2. */
export function wholeMonths(p: Period): { m1: string; m2: string } {
  const m1 = p.from === monthStart(p.from) ? p.from : nextMonth(p.from);
  const m2 = monthStart(addDays(p.to, 1));
  return { m1, m2 };
}

const grainPeriod = (lt: RawBuilder<unknown>) =>
  sql`CASE g.grain WHEN 'd' THEN ${lt}::date ELSE date_trunc('month', ${lt})::date END`;
const grains = sql`CROSS JOIN (VALUES ('d'), ('m')) g(grain)`;

/**
 * insight_contact_rollup + the not yet folded deltas (sum over the rows of one key). grain stays
 * char(1) so a period's filter reaches the rollup's (grain, period, …) key index: a one-year
 * query reads its month and edge-day rows instead of scanning every row (10M bench).
 */
export const contactRollup = sql`(
  SELECT grain, period, channel, direction, team_id, reason_id, contacts, resolved_first, repeats
  FROM insight_contact_rollup
  UNION ALL
  SELECT g.grain::char(1), ${grainPeriod(sql`x.lt`)}, x.channel, x.direction, x.team_id, x.reason_id, x.dc, x.dr, x.dp
  FROM insight_contact_deltas x ${grains})`;
export const contactHourRollup = sql`(
  SELECT grain, period, dow, hour, channel, team_id, contacts, first_half FROM insight_contact_hours
  UNION ALL
  SELECT g.grain::char(1), ${grainPeriod(sql`x.lt`)}, extract(dow FROM x.lt)::smallint, extract(hour FROM x.lt)::smallint,
         x.channel, x.team_id, x.dc, CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END
  FROM insight_contact_deltas x ${grains})`;
/** The same profile without the team (migration 20261204T1400): ~7× fewer rows for the unfiltered view. */
export const contactHourAllRollup = sql`(
  SELECT grain, period, dow, hour, channel, contacts, first_half FROM insight_contact_hours_all
  UNION ALL
  SELECT g.grain::char(1), ${grainPeriod(sql`x.lt`)}, extract(dow FROM x.lt)::smallint, extract(hour FROM x.lt)::smallint,
         x.channel, x.dc, CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END
  FROM insight_contact_deltas x ${grains})`;
/** Handling times (migration 20261204T0740): call durations and queue items claimed → done. */
export const handlingRollup = sql`(
  SELECT grain, period, channel, team_id, source, handled, seconds FROM insight_handling_rollup
  UNION ALL
  SELECT g.grain::char(1), ${grainPeriod(sql`x.lt`)}, x.channel, x.team_id, x.source, x.dn, x.ds
  FROM insight_handling_deltas x ${grains})`;
export const contactDayRollup = sql`(
  SELECT day, channel, team_id, contacts FROM insight_contact_days
  UNION ALL
  SELECT x.lt::date, x.channel, x.team_id, x.dc FROM insight_contact_deltas x)`;
export const taskRollup = sql`(
  SELECT grain, period, team_id, reason_id, kind, callback_channel, state, within_term, escalated,
         due_day, tasks, answer_minutes
  FROM insight_task_rollup
  UNION ALL
  SELECT g.grain::char(1), ${grainPeriod(sql`x.lt`)}, x.team_id, x.reason_id, x.kind, x.callback_channel, x.state,
         x.within_term, x.escalated, x.due_day, x.dn, x.dm
  FROM insight_task_deltas x ${grains})`;

/** Folds the deltas into the rollups (one short transaction); returns the delta rows folded. */
export async function foldDeltas(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT insights_fold() AS n`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * VACUUMs the delta tables when a burst of changes left them large (`minBytes` or more on disk; all
 * empty pages at their end are given back), and the rollups the burst updated. A fold deletes what it
 * folded, and every dashboard read scans the delta tables whole until (auto)vacuum comes by: after
 * 150,000 contact updates at 10M contacts that was 36 MB of dead rows, 130 ms per read and 1.3 s for
 * the dashboard instead of 40 ms (bench/RESULTS.md; that server runs with autovacuum off).
 * VACUUM cannot run in a transaction; outside one it takes no lock that the triggers' inserts wait for.
 */
export async function vacuumDeltas(db: Db, minBytes = 1 << 20): Promise<boolean> {
  if (db.isTransaction) return false;
  const { rows } = await sql<{ big: boolean }>`
    SELECT greatest(pg_relation_size('insight_contact_deltas'), pg_relation_size('insight_task_deltas'),
                    pg_relation_size('insight_handling_deltas')) >= ${minBytes} AS big`.execute(db);
  if (!rows[0]?.big) return false;
  await sql`VACUUM insight_contact_deltas, insight_task_deltas, insight_handling_deltas, insight_contact_rollup,
            insight_contact_hours, insight_contact_hours_all, insight_contact_days, insight_task_rollup,
            insight_handling_rollup`.execute(db);
  return true;
}

/** Delta rows not yet folded (contacts + tasks). */
export async function pendingDeltas(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT ((SELECT count(*) FROM insight_contact_deltas) + (SELECT count(*) FROM insight_task_deltas)
            + (SELECT count(*) FROM insight_handling_deltas))::int AS n`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The rows of a d/m rollup that together cover [from, to] exactly once. */
function periodWhere(p: Period, alias = 'r'): RawBuilder<unknown> {
  const { m1, m2 } = wholeMonths(p);
  const a = sql.ref(alias);
  if (m1 >= m2) {
    return sql`${a}.grain = 'd' AND ${a}.period BETWEEN ${p.from}::date AND ${p.to}::date`;
  }
  return sql`((${a}.grain = 'm' AND ${a}.period >= ${m1}::date AND ${a}.period < ${m2}::date)
    OR (${a}.grain = 'd' AND ((${a}.period >= ${p.from}::date AND ${a}.period < ${m1}::date)
                          OR (${a}.period >= ${m2}::date AND ${a}.period <= ${p.to}::date))))`;
}

function dims(f: Filter, alias = 'r', withChannel = true): RawBuilder<unknown> {
  const a = sql.ref(alias);
  const team =
    f.teamId === 'none'
      ? sql`AND ${a}.team_id IS NULL`
      : f.teamId
        ? sql`AND ${a}.team_id = ${f.teamId}::uuid`
        : sql``;
  return sql`${team}
    ${withChannel && f.channel ? sql`AND ${a}.channel = ${f.channel}` : sql``}`;
}

export type ContactGroupRow = {
  channel: string;
  direction: string;
  team_id: string | null;
  reason_id: string | null;
  contacts: number;
  resolved_first: number;
  repeats: number;
};

/** Contacts grouped by channel, direction, team and reason over the period. */
export async function contactGroups(db: Db, f: Filter): Promise<ContactGroupRow[]> {
  const { rows } = await sql<ContactGroupRow>`
    SELECT r.channel, r.direction, r.team_id, r.reason_id,
           sum(r.contacts)::int AS contacts, sum(r.resolved_first)::int AS resolved_first,
           sum(r.repeats)::int AS repeats
    FROM ${contactRollup} r
    WHERE ${periodWhere(f)} ${dims(f)}
    GROUP BY 1, 2, 3, 4
    HAVING sum(r.contacts) <> 0 OR sum(r.repeats) <> 0`.execute(db);
  return rows;
}

/** dow 0 = Sunday; first_half = contacts in minute 0–29; team_id only for the teams asked for. */
export type HourRow = {
  dow: number;
  hour: number;
  channel: string;
  team_id: string | null;
  contacts: number;
  first_half: number;
};

/**
 * The arrival profile over the period, or over single days only (`days`: the holidays and closing
 * days in it, few day rows); split by team only for `teams` (those with their own opening hours).
 * Without a team filter it reads the profile without the team and takes those teams' rows out of
 * it (read by the team index): the teams' rows are few, the whole team profile is ~7× the rows.
 */
export async function contactHours(
  db: Db,
  f: Filter,
  teams: string[] = [],
  days?: string[],
): Promise<HourRow[]> {
  if (days?.length === 0) return [];
  const where = days ? sql`r.grain = 'd' AND r.period = ANY (${days}::date[])` : periodWhere(f);
  const channel = f.channel ? sql`AND r.channel = ${f.channel}` : sql``;
  if (f.teamId) {
    const team = teams.length
      ? sql`CASE WHEN r.team_id = ANY (${teams}::uuid[]) THEN r.team_id END`
      : sql`NULL::uuid`;
    const { rows } = await sql<HourRow>`
      SELECT r.dow::int AS dow, r.hour::int AS hour, r.channel, ${team} AS team_id,
             sum(r.contacts)::int AS contacts, sum(r.first_half)::int AS first_half
      FROM ${contactHourRollup} r
      WHERE ${where} ${dims(f)}
      GROUP BY 1, 2, 3, 4
      HAVING sum(r.contacts) <> 0`.execute(db);
    return rows;
  }
  const ownTeams = teams.length
    ? sql`UNION ALL
      SELECT r.dow, r.hour, r.channel, CASE s.sign WHEN 1 THEN r.team_id END, s.sign * r.contacts,
             s.sign * r.first_half
      FROM ${contactHourRollup} r CROSS JOIN (VALUES (1), (-1)) s(sign)
      WHERE ${where} AND r.team_id = ANY (${teams}::uuid[]) ${channel}`
    : sql``;
  const { rows } = await sql<HourRow>`
    SELECT u.dow::int AS dow, u.hour::int AS hour, u.channel, u.team_id,
           sum(u.contacts)::int AS contacts, sum(u.first_half)::int AS first_half
    FROM (
      SELECT r.dow, r.hour, r.channel, NULL::uuid AS team_id, r.contacts, r.first_half
      FROM ${contactHourAllRollup} r
      WHERE ${where} ${channel}
      ${ownTeams}
    ) u
    GROUP BY 1, 2, 3, 4
    HAVING sum(u.contacts) <> 0`.execute(db);
  return rows;
}

export type HandlingRow = { channel: string; source: 'call' | 'queue'; handled: number; seconds: number };

/** Handling times over the period per channel and source. */
export async function handlingGroups(db: Db, f: Filter): Promise<HandlingRow[]> {
  const { rows } = await sql<HandlingRow>`
    SELECT r.channel, r.source, sum(r.handled)::int AS handled, sum(r.seconds)::float8 AS seconds
    FROM ${handlingRollup} r
    WHERE ${periodWhere(f)} ${dims(f)}
    GROUP BY 1, 2
    HAVING sum(r.handled) <> 0`.execute(db);
  return rows;
}

export type DayRow = { start: string; channel: string; contacts: number };

/** Contacts per channel per day, week or month (bucket start as ISO date). */
export async function contactSeries(db: Db, f: Filter, bucket: 'day' | 'week' | 'month'): Promise<DayRow[]> {
  const start = bucket === 'day' ? sql`r.day` : sql`date_trunc(${bucket}, r.day::timestamp)::date`;
  const { rows } = await sql<DayRow>`
    SELECT to_char(${start}, 'YYYY-MM-DD') AS start, r.channel, sum(r.contacts)::int AS contacts
    FROM ${contactDayRollup} r
    WHERE r.day BETWEEN ${f.from}::date AND ${f.to}::date ${dims(f)}
    GROUP BY 1, 2
    HAVING sum(r.contacts) <> 0
    ORDER BY 1, 2`.execute(db);
  return rows;
}

export type TaskGroupRow = {
  team_id: string | null;
  callback_channel: string | null;
  kind: string;
  state: 'open' | 'done' | 'cancelled';
  within_term: boolean | null;
  escalated: boolean;
  overdue: boolean;
  tasks: number;
  answer_minutes: number;
};

/** Tasks created in the period, grouped; `overdue` = unfinished with a due day before `today`. */
export async function taskGroups(db: Db, f: Filter, today: string): Promise<TaskGroupRow[]> {
  const { rows } = await sql<TaskGroupRow>`
    SELECT r.team_id, r.callback_channel, r.kind, r.state, r.within_term, r.escalated,
           coalesce(r.due_day < ${today}::date, false) AS overdue,
           sum(r.tasks)::int AS tasks, sum(r.answer_minutes)::float8 AS answer_minutes
    FROM ${taskRollup} r
    WHERE ${periodWhere(f)} ${dims(f, 'r', false)}
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(r.tasks) <> 0`.execute(db);
  return rows;
}

export type SatisfactionRow = { channel: string; responses: number; score_sum: number; positive: number };

/**
 * KTO scores given in the period (chat's satisfaction_scores, read only): few rows per contact and
 * an index on created_at, so an aggregate over the period instead of a rollup.
 */
export async function satisfaction(db: Db, f: Filter): Promise<SatisfactionRow[]> {
  const team =
    f.teamId === 'none'
      ? sql`AND c.team_id IS NULL`
      : f.teamId
        ? sql`AND c.team_id = ${f.teamId}::uuid`
        : sql``;
  const { rows } = await sql<SatisfactionRow>`
    SELECT s.channel, count(*)::int AS responses, sum(s.score)::int AS score_sum,
           count(*) FILTER (WHERE s.score >= 4)::int AS positive
    FROM satisfaction_scores s
    ${f.teamId ? sql`JOIN contacts c ON c.id = s.contact_id` : sql``}
    WHERE s.created_at >= (${f.from}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
      AND s.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
      ${f.channel ? sql`AND s.channel = ${f.channel}` : sql``} ${team}
    GROUP BY 1
    ORDER BY 1`.execute(db);
  return rows;
}

export async function setRepeatWindow(db: Db, days: number) {
  await sql`UPDATE insight_settings SET repeat_window_days = ${days} WHERE repeat_window_days <> ${days}`.execute(
    db,
  );
}

/** Changes whenever a trigger saw a contact or task change (read by the live poller). */
export async function changeCounter(db: Db): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT last_value::text AS v FROM insight_change_seq`.execute(db);
  return rows[0]?.v ?? '0';
}

export type RepeatMark = {
  contact_id: string;
  of_contact_id: string;
  first_contact_id: string;
  nth: number;
  days: number;
  basis: 'reason' | 'case';
};

export async function repeatMarks(db: Db, contactIds: string[]): Promise<RepeatMark[]> {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('contact_repeats')
    .selectAll()
    .where('contact_id', 'in', contactIds)
    .execute() as Promise<RepeatMark[]>;
}

// ── Drill-down lists (read model over contacts and tasks) ───────────────────────────────────────

export type ContactListFilter = Filter & {
  reasonId: string | null | undefined; // undefined: any; null: without reason
  direction: 'in' | 'out' | null;
  repeat: boolean | null;
  resolved: boolean | null;
  outsideHours: boolean | null;
  opening: OpeningRules;
  hour: number | null;
  includeConfidential: boolean;
  limit: number;
  offset: number;
};

/** Local (Amsterdam) time of a contact, as the rollups bucket it. */
const local = sql`(c.occurred_at AT TIME ZONE 'Europe/Amsterdam')`;

/**
 * Routing's opening hours as the dashboard applies them (insights.service.ts, openingRules): a
 * contact is outside when its channel (or its team on that channel) has a schedule and the
 * half hour it came in is not open, or the day is a holiday or closing day.
 */
export type OpeningRules = {
  /** Channels with a channel-wide schedule. */
  channels: string[];
  /** 'channel|teamId' for a team's own schedule on a channel. */
  teams: string[];
  /** 'scope|dow|slot' open: scope as above, dow 0 = Sunday, slot = half hour of the day 0–47. */
  open: string[];
  /** Holidays and closing days in the period (YYYY-MM-DD): closed all day. */
  closedDays: string[];
};

function outsideSql(r: OpeningRules): RawBuilder<unknown> {
  const teamScope = sql`c.channel || '|' || c.team_id::text`;
  const scope = sql`(CASE WHEN ${teamScope} = ANY (${r.teams}::text[]) THEN ${teamScope}
    WHEN c.channel = ANY (${r.channels}::text[]) THEN c.channel END)`;
  const slot = sql`(extract(hour FROM ${local})::int * 2 + (extract(minute FROM ${local}) >= 30)::int)`;
  return sql`(${scope} IS NOT NULL AND (${local}::date = ANY (${r.closedDays}::date[])
    OR ${scope} || '|' || extract(dow FROM ${local})::int || '|' || ${slot} NOT IN (SELECT unnest(${r.open}::text[]))))`;
}

export type ContactListRow = {
  id: string;
  number: string;
  occurred_at: Date;
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  reason_id: string | null;
  team_id: string | null;
  resolved_first_contact: boolean;
  confidential: boolean;
  repeat_nth: number | null;
  party_ids: string[] | null;
  total: number;
};

export async function listContacts(db: Db, f: ContactListFilter): Promise<ContactListRow[]> {
  const { rows } = await sql<ContactListRow>`
    SELECT c.id, c.number, c.occurred_at, c.channel, c.direction, c.subject, c.reason_id, c.team_id,
           c.resolved_first_contact, c.confidential, r.nth AS repeat_nth,
           (SELECT array_agg(DISTINCT cp.party_id) FROM contact_parties cp
             WHERE cp.contact_id = c.id AND cp.party_id IS NOT NULL) AS party_ids,
           count(*) OVER ()::int AS total
    FROM contacts c
    LEFT JOIN contact_repeats r ON r.contact_id = c.id
    WHERE ${local}::date BETWEEN ${f.from}::date AND ${f.to}::date
      ${f.teamId === 'none' ? sql`AND c.team_id IS NULL` : f.teamId ? sql`AND c.team_id = ${f.teamId}::uuid` : sql``}
      ${f.channel ? sql`AND c.channel = ${f.channel}` : sql``}
      ${f.reasonId === null ? sql`AND c.reason_id IS NULL` : f.reasonId ? sql`AND c.reason_id = ${f.reasonId}::uuid` : sql``}
      ${f.direction ? sql`AND c.direction = ${f.direction}` : sql``}
      ${f.repeat === null ? sql`` : f.repeat ? sql`AND r.contact_id IS NOT NULL` : sql`AND r.contact_id IS NULL`}
      ${f.resolved === null ? sql`` : sql`AND c.resolved_first_contact = ${f.resolved}`}
      ${f.outsideHours === null ? sql`` : f.outsideHours ? sql`AND ${outsideSql(f.opening)}` : sql`AND NOT ${outsideSql(f.opening)}`}
      ${f.hour === null ? sql`` : sql`AND extract(hour FROM ${local}) = ${f.hour}`}
      ${f.includeConfidential ? sql`` : sql`AND NOT c.confidential`}
    ORDER BY c.occurred_at DESC, c.id DESC
    LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return rows;
}

export type TaskListFilter = Filter & {
  state: 'opened' | 'done' | 'within_term' | 'open' | 'overdue' | 'escalated' | 'cancelled' | null;
  callbackChannel: string | null;
  noTeam: boolean;
  today: string;
  limit: number;
  offset: number;
};

export type TaskListRow = {
  id: string;
  number: string;
  kind: string;
  subject: string;
  status: string;
  created_at: Date;
  due_at: Date;
  closed_at: Date | null;
  escalated_at: Date | null;
  owner_kind: string;
  owner_id: string;
  callback_channel: string | null;
  party_id: string | null;
  total: number;
};

export async function listTasks(db: Db, f: TaskListFilter): Promise<TaskListRow[]> {
  const open = sql`t.status IN ('open', 'in_progress')`;
  const state = {
    opened: sql``,
    done: sql`AND t.status = 'done'`,
    within_term: sql`AND t.status = 'done' AND coalesce(t.closed_at, t.updated_at) <= t.due_at`,
    open: sql`AND ${open}`,
    overdue: sql`AND ${open} AND (t.due_at AT TIME ZONE 'Europe/Amsterdam')::date < ${f.today}::date`,
    escalated: sql`AND t.escalated_at IS NOT NULL`,
    cancelled: sql`AND t.status = 'cancelled'`,
  }[f.state ?? 'opened'];
  const { rows } = await sql<TaskListRow>`
    SELECT t.id, t.number, t.kind, t.subject, t.status, t.created_at, t.due_at, t.closed_at, t.escalated_at,
           t.owner_kind, t.owner_id, t.callback_channel, t.party_id, count(*) OVER ()::int AS total
    FROM tasks t
    WHERE (t.created_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN ${f.from}::date AND ${f.to}::date
      ${f.teamId ? sql`AND t.owner_kind = 'team' AND t.owner_id = ${f.teamId}::uuid` : sql``}
      ${f.noTeam ? sql`AND t.owner_kind <> 'team'` : sql``}
      ${f.callbackChannel ? sql`AND t.callback_channel = ${f.callbackChannel}` : sql``}
      ${state}
    ORDER BY t.created_at DESC, t.id DESC
    LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return rows;
}
