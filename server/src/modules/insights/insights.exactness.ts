// Exactness: every rollup (+ the deltas not yet folded) against a full recount of the source tables,
// as the tests and the benchmark (bench/src/insights.ts) check it. Split from insights.repo.ts,
// whose read fragments it compares against.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import {
  contactDayRollup,
  contactHourAllRollup,
  contactHourRollup,
  contactRollup,
  handlingRollup,
  taskRollup,
} from './insights.repo.ts';

/** Rows where a rollup (+ unfolded deltas) differs from a recount of contacts / tasks (0 everywhere = exact). */
export async function rollupDifferences(db: Db): Promise<Record<string, number>> {
  const lt = sql`(c.occurred_at AT TIME ZONE 'Europe/Amsterdam')`;
  const grainPeriod = sql`CASE g.grain WHEN 'd' THEN ${lt}::date ELSE date_trunc('month', ${lt})::date END`;
  const contacts = sql`
    WITH recount AS (
      SELECT g.grain, ${grainPeriod} AS period, c.channel, c.direction, c.team_id, c.reason_id,
             count(*)::int AS contacts, count(*) FILTER (WHERE c.resolved_first_contact)::int AS resolved_first,
             count(r.contact_id)::int AS repeats
      FROM contacts c LEFT JOIN contact_repeats r ON r.contact_id = c.id
      CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5, 6
    ), kept AS (
      SELECT grain, period, channel, direction, team_id, reason_id, sum(contacts)::int AS contacts,
             sum(resolved_first)::int AS resolved_first, sum(repeats)::int AS repeats
      FROM ${contactRollup} k GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(contacts) <> 0 OR sum(resolved_first) <> 0 OR sum(repeats) <> 0
    )
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  const hours = sql`
    WITH recount AS (
      SELECT g.grain, ${grainPeriod} AS period, extract(dow FROM ${lt})::smallint AS dow,
             extract(hour FROM ${lt})::smallint AS hour, c.channel, c.team_id, count(*)::int AS contacts,
             count(*) FILTER (WHERE extract(minute FROM ${lt}) < 30)::int AS first_half
      FROM contacts c CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5, 6
    ), kept AS (
      SELECT grain, period, dow, hour, channel, team_id, sum(contacts)::int AS contacts,
             sum(first_half)::int AS first_half
      FROM ${contactHourRollup} k GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(contacts) <> 0
    )
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  // The profile without the team (migration 20261204T1400) against its own recount.
  const hoursAll = sql`
    WITH recount AS (
      SELECT g.grain, ${grainPeriod} AS period, extract(dow FROM ${lt})::smallint AS dow,
             extract(hour FROM ${lt})::smallint AS hour, c.channel, count(*)::int AS contacts,
             count(*) FILTER (WHERE extract(minute FROM ${lt}) < 30)::int AS first_half
      FROM contacts c CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5
    ), kept AS (
      SELECT grain, period, dow, hour, channel, sum(contacts)::int AS contacts, sum(first_half)::int AS first_half
      FROM ${contactHourAllRollup} k GROUP BY 1, 2, 3, 4, 5 HAVING sum(contacts) <> 0
    )
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  const days = sql`
    WITH recount AS (
      SELECT ${lt}::date AS day, c.channel, c.team_id, count(*)::int AS contacts FROM contacts c GROUP BY 1, 2, 3
    ), kept AS (
      SELECT day, channel, team_id, sum(contacts)::int AS contacts
      FROM ${contactDayRollup} k GROUP BY 1, 2, 3 HAVING sum(contacts) <> 0)
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  const tlt = sql`(t.created_at AT TIME ZONE 'Europe/Amsterdam')`;
  const tasks = sql`
    WITH recount AS (
      SELECT g.grain, CASE g.grain WHEN 'd' THEN ${tlt}::date ELSE date_trunc('month', ${tlt})::date END AS period,
             CASE WHEN t.owner_kind = 'team' THEN t.owner_id END AS team_id, t.reason_id, t.kind, t.callback_channel,
             CASE WHEN t.status IN ('open', 'in_progress') THEN 'open' ELSE t.status END AS state,
             CASE WHEN t.status = 'done' THEN coalesce(t.closed_at, t.updated_at) <= t.due_at END AS within_term,
             t.escalated_at IS NOT NULL AS escalated,
             CASE WHEN t.status IN ('open', 'in_progress') THEN (t.due_at AT TIME ZONE 'Europe/Amsterdam')::date END AS due_day,
             count(*)::int AS tasks,
             sum(CASE WHEN t.status = 'done'
                 THEN floor(extract(epoch FROM coalesce(t.closed_at, t.updated_at) - t.created_at) / 60)::bigint
                 ELSE 0 END)::bigint AS answer_minutes
      FROM tasks t CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ), kept AS (
      SELECT grain, period, team_id, reason_id, kind, callback_channel, state, within_term, escalated, due_day,
             sum(tasks)::int AS tasks, sum(answer_minutes)::bigint AS answer_minutes
      FROM ${taskRollup} k GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      HAVING sum(tasks) <> 0 OR sum(answer_minutes) <> 0
    )
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  const handling = sql`
    WITH src AS (
      SELECT ${lt} AS lt, c.channel, c.team_id, 'call' AS source, c.duration_seconds::bigint AS seconds
      FROM contacts c WHERE c.duration_seconds IS NOT NULL
      UNION ALL
      SELECT (q.done_at AT TIME ZONE 'Europe/Amsterdam'), c.channel, q.team_id, 'queue',
             floor(extract(epoch FROM q.done_at - q.claimed_at))::bigint
      FROM queue_items q JOIN contacts c ON c.id = q.contact_id
      WHERE q.status = 'done' AND q.claimed_at IS NOT NULL AND q.done_at >= q.claimed_at
    ), recount AS (
      SELECT g.grain, CASE g.grain WHEN 'd' THEN s.lt::date ELSE date_trunc('month', s.lt)::date END AS period,
             s.channel, s.team_id, s.source, count(*)::int AS handled, sum(s.seconds)::bigint AS seconds
      FROM src s CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5
    ), kept AS (
      SELECT grain, period, channel, team_id, source, sum(handled)::int AS handled, sum(seconds)::bigint AS seconds
      FROM ${handlingRollup} k GROUP BY 1, 2, 3, 4, 5 HAVING sum(handled) <> 0 OR sum(seconds) <> 0
    )
    SELECT count(*)::int AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept)
      UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) x`;
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries({ contacts, hours, hoursAll, days, tasks, handling })) {
    const { rows } = await sql<{ n: number }>`${q}`.execute(db);
    out[name] = rows[0]?.n ?? -1;
  }
  return out;
}
