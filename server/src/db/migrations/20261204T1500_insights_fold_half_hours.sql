-- Insights fix (issue 9): the fold lost changes of the hour profile's first half hour.
--
-- insights_fold() (20261204T0740, 20261204T1400) skipped an hour-profile group whose contacts summed
-- to 0 in a fold, even when its first_half did not: one contact leaving 15:10 and another arriving at
-- 15:40 (same day, channel and team) in the same fold left first_half one too high. Found at 10M
-- contacts after 150,000 updates and 500 deletes folded at once (11 groups off by one, bench/RESULTS.md);
-- it moves "outside opening hours" by a contact. The fold below keeps a group when either changes,
-- and first_half of both hour rollups is recounted from the contacts once.

-- ── One fold for all rollups (replaces 20261204T1400's: the two HAVINGs above) ──────────────
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
    HAVING sum(x.dc) <> 0 OR sum(CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END) <> 0
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
    HAVING sum(x.dc) <> 0 OR sum(CASE WHEN extract(minute FROM x.lt) < 30 THEN x.dc ELSE 0 END) <> 0
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

-- Everything pending folded by the fold above, then first_half recounted where it differs.
SELECT insights_fold();

CREATE TEMP TABLE insight_first_half_truth ON COMMIT DROP AS
SELECT g.grain, CASE g.grain WHEN 'd' THEN c.lt::date ELSE date_trunc('month', c.lt)::date END AS period,
       extract(dow FROM c.lt)::smallint AS dow, extract(hour FROM c.lt)::smallint AS hour, c.channel,
       coalesce(c.team_id, '00000000-0000-0000-0000-000000000000'::uuid) AS team,
       count(*) FILTER (WHERE extract(minute FROM c.lt) < 30)::int AS n
FROM (SELECT (occurred_at AT TIME ZONE 'Europe/Amsterdam') AS lt, channel, team_id FROM contacts) c
CROSS JOIN (VALUES ('d'), ('m')) g(grain)
GROUP BY 1, 2, 3, 4, 5, 6;

UPDATE insight_contact_hours h SET first_half = coalesce(t.n, 0)
FROM insight_contact_hours k
LEFT JOIN insight_first_half_truth t
  ON t.grain = k.grain::text AND t.period = k.period AND t.dow = k.dow AND t.hour = k.hour AND t.channel = k.channel
 AND t.team = coalesce(k.team_id, '00000000-0000-0000-0000-000000000000'::uuid)
WHERE k.ctid = h.ctid AND h.first_half <> coalesce(t.n, 0);

UPDATE insight_contact_hours_all h SET first_half = coalesce(t.n, 0)
FROM insight_contact_hours_all k
LEFT JOIN (SELECT grain, period, dow, hour, channel, sum(n)::int AS n FROM insight_first_half_truth GROUP BY 1, 2, 3, 4, 5) t
  ON t.grain = k.grain::text AND t.period = k.period AND t.dow = k.dow AND t.hour = k.hour AND t.channel = k.channel
WHERE k.ctid = h.ctid AND h.first_half <> coalesce(t.n, 0);
