-- Insights (issue 9), third round: the arrival profile without the team.
--
-- The hour profile (hour × weekday × half hour per channel) of a one-year period read ~69k month rows
-- at 10M contacts (bench/RESULTS.md): insight_contact_hours keeps one row per weekday × hour ×
-- channel × team per month, and the unfiltered dashboard (the usual view) adds the teams up again.
-- insight_contact_hours_all keeps the same counts without the team: about seven times fewer rows
-- (six teams and none). It is folded from the same contact deltas in the same fold, so it is exact
-- whenever insight_contact_hours is; rollupDifferences compares the two.
-- The team-filtered profile keeps reading insight_contact_hours, now by an index that starts with
-- the team, so it reads only that team's rows of the period. A channel filter on the new table has
-- its own index too.

-- Everything pending into the rollups first, so the backfill below does not count a delta twice.
SELECT insights_fold();

CREATE TABLE insight_contact_hours_all (
  grain       char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  period      date NOT NULL,
  dow         smallint NOT NULL,
  hour        smallint NOT NULL,
  channel     text NOT NULL,
  contacts    integer NOT NULL DEFAULT 0,
  first_half  integer NOT NULL DEFAULT 0,   -- contacts in minute 0–29
  CONSTRAINT insight_contact_hours_all_key UNIQUE (grain, period, dow, hour, channel)
);

INSERT INTO insight_contact_hours_all (grain, period, dow, hour, channel, contacts, first_half)
SELECT grain, period, dow, hour, channel, sum(contacts), sum(first_half)
FROM insight_contact_hours
GROUP BY 1, 2, 3, 4, 5
HAVING sum(contacts) <> 0;

CREATE INDEX insight_contact_hours_all_channel ON insight_contact_hours_all (channel, grain, period);
CREATE INDEX insight_contact_hours_team ON insight_contact_hours (team_id, grain, period);

-- ── One fold for all rollups (replaces 20261204T0740's: insight_contact_hours_all added) ────
CREATE OR REPLACE FUNCTION insights_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  nc integer;
  nt integer;
  nh integer;
BEGIN
  WITH x AS (
    DELETE FROM insight_contact_deltas RETURNING lt, channel, direction, team_id, reason_id, dc, dr, dp
  ), r AS (
    INSERT INTO insight_contact_rollup AS t
      (grain, period, channel, direction, team_id, reason_id, contacts, resolved_first, repeats)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           x.channel, x.direction, x.team_id, x.reason_id, sum(x.dc), sum(x.dr), sum(x.dp)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(x.dc) <> 0 OR sum(x.dr) <> 0 OR sum(x.dp) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT insight_contact_rollup_key DO UPDATE SET
      contacts = t.contacts + excluded.contacts,
      resolved_first = t.resolved_first + excluded.resolved_first,
      repeats = t.repeats + excluded.repeats
    RETURNING 1
  ), h AS (
    INSERT INTO insight_contact_hours AS t (grain, period, dow, hour, channel, team_id, contacts, first_half)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           extract(dow FROM x.lt)::smallint, extract(hour FROM x.lt)::smallint, x.channel, x.team_id, sum(x.dc),
           sum(CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(x.dc) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT insight_contact_hours_key DO UPDATE SET
      contacts = t.contacts + excluded.contacts, first_half = t.first_half + excluded.first_half
    RETURNING 1
  ), a AS (
    INSERT INTO insight_contact_hours_all AS t (grain, period, dow, hour, channel, contacts, first_half)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           extract(dow FROM x.lt)::smallint, extract(hour FROM x.lt)::smallint, x.channel, sum(x.dc),
           sum(CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(x.dc) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT insight_contact_hours_all_key DO UPDATE SET
      contacts = t.contacts + excluded.contacts, first_half = t.first_half + excluded.first_half
    RETURNING 1
  ), y AS (
    INSERT INTO insight_contact_days AS t (day, channel, team_id, contacts)
    SELECT x.lt::date, x.channel, x.team_id, sum(x.dc)
    FROM x
    GROUP BY 1, 2, 3
    HAVING sum(x.dc) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT insight_contact_days_key DO UPDATE SET contacts = t.contacts + excluded.contacts
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM x)::int + 0 * ((SELECT count(*) FROM r) + (SELECT count(*) FROM h)
         + (SELECT count(*) FROM a) + (SELECT count(*) FROM y))::int INTO nc;

  WITH x AS (
    DELETE FROM insight_task_deltas
    RETURNING lt, team_id, reason_id, kind, callback_channel, state, within_term, escalated, due_day, dn, dm
  ), r AS (
    INSERT INTO insight_task_rollup AS t (grain, period, team_id, reason_id, kind, callback_channel, state,
                                          within_term, escalated, due_day, tasks, answer_minutes)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           x.team_id, x.reason_id, x.kind, x.callback_channel, x.state, x.within_term, x.escalated, x.due_day,
           sum(x.dn), sum(x.dm)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    HAVING sum(x.dn) <> 0 OR sum(x.dm) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT ON CONSTRAINT insight_task_rollup_key DO UPDATE SET
      tasks = t.tasks + excluded.tasks, answer_minutes = t.answer_minutes + excluded.answer_minutes
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM x)::int + 0 * (SELECT count(*) FROM r)::int INTO nt;

  WITH x AS (
    DELETE FROM insight_handling_deltas RETURNING lt, channel, team_id, source, dn, ds
  ), r AS (
    INSERT INTO insight_handling_rollup AS t (grain, period, channel, team_id, source, handled, seconds)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           x.channel, x.team_id, x.source, sum(x.dn), sum(x.ds)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(x.dn) <> 0 OR sum(x.ds) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT insight_handling_rollup_key DO UPDATE SET
      handled = t.handled + excluded.handled, seconds = t.seconds + excluded.seconds
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM x)::int + 0 * (SELECT count(*) FROM r)::int INTO nh;

  RETURN nc + nt + nh;
END $$;
