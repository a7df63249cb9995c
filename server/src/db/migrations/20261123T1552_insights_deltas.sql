-- Insights fix (issue 9): the triggers append signed delta rows instead of upserting shared rollup
-- rows. The first version upserted insight_*_rollup rows from every contact / task statement, so
-- each registration held a row lock on the day × channel × team row until commit and concurrent
-- registrations on the same day/channel/team serialised (10-13 contacts/s from webhooks and mail).
-- Now a trigger only INSERTs into insight_contact_deltas / insight_task_deltas (no unique key, no
-- index: inserts never conflict or wait). insights_fold() moves the deltas into the rollups in one
-- short transaction (scheduler's due work, and the dashboard before it reads); the warehouse views
-- read rollup + not yet folded deltas. A new file because 20261123T1550/1551 are committed.

-- One row per changed contact per statement: its local (Amsterdam) time, dimensions, signed changes.
CREATE TABLE insight_contact_deltas (
  lt         timestamp NOT NULL,
  channel    text NOT NULL,
  direction  text NOT NULL,
  team_id    uuid,
  reason_id  uuid,
  dc         integer NOT NULL,   -- contacts
  dr         integer NOT NULL,   -- resolved_first
  dp         integer NOT NULL    -- repeats
);

CREATE TABLE insight_task_deltas (
  lt                timestamp NOT NULL,
  team_id           uuid,
  reason_id         uuid,
  kind              text NOT NULL,
  callback_channel  text,
  state             text NOT NULL,
  within_term       boolean,
  escalated         boolean NOT NULL,
  due_day           date,
  dn                integer NOT NULL,   -- tasks
  dm                bigint NOT NULL     -- answer_minutes
);

-- Same signature and source format as before (every trigger and insights_detect_repeats call it),
-- but append-only.
CREATE OR REPLACE FUNCTION insights_contact_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO insight_contact_deltas (lt, channel, direction, team_id, reason_id, dc, dr, dp)
    SELECT (s.occurred_at AT TIME ZONE 'Europe/Amsterdam'), s.channel, s.direction, s.team_id, s.reason_id,
           s.dc, s.dr, s.dp
    FROM (%s) s
    WHERE s.dc <> 0 OR s.dr <> 0 OR s.dp <> 0
  $q$, src)
$f$;

CREATE OR REPLACE FUNCTION insights_task_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO insight_task_deltas (lt, team_id, reason_id, kind, callback_channel, state, within_term,
                                     escalated, due_day, dn, dm)
    SELECT d.lt, d.team_id, d.reason_id, d.kind, d.callback_channel, d.state, d.within_term, d.escalated,
           d.due_day, d.dn, d.dm
    FROM (%s) d
    WHERE d.dn <> 0 OR d.dm <> 0
  $q$, src)
$f$;

-- Moves every committed delta into the rollups; returns the number of delta rows folded. Rollup
-- rows are written in key order (no deadlock between two folds); a second fold waits for the
-- first's deleted deltas and then skips them, so nothing is counted twice.
CREATE FUNCTION insights_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  nc integer;
  nt integer;
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
    INSERT INTO insight_contact_hours AS t (grain, period, dow, hour, channel, team_id, contacts)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
           extract(dow FROM x.lt)::smallint, extract(hour FROM x.lt)::smallint, x.channel, x.team_id, sum(x.dc)
    FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(x.dc) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT insight_contact_hours_key DO UPDATE SET contacts = t.contacts + excluded.contacts
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
         + (SELECT count(*) FROM y))::int INTO nc;

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

  RETURN nc + nt;
END $$;

-- For a data warehouse: rollup + not yet folded deltas, so exact at every moment.
CREATE OR REPLACE VIEW insight_daily_contacts AS
  SELECT u.day, u.channel, u.direction, u.team_id, u.reason_id,
         sum(u.contacts)::int AS contacts, sum(u.resolved_first)::int AS resolved_first,
         sum(u.repeats)::int AS repeats
  FROM (
    SELECT r.period AS day, r.channel, r.direction, r.team_id, r.reason_id, r.contacts, r.resolved_first, r.repeats
    FROM insight_contact_rollup r WHERE r.grain = 'd'
    UNION ALL
    SELECT d.lt::date, d.channel, d.direction, d.team_id, d.reason_id, d.dc, d.dr, d.dp
    FROM insight_contact_deltas d
  ) u
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(u.contacts) <> 0 OR sum(u.repeats) <> 0;
CREATE OR REPLACE VIEW insight_daily_tasks AS
  SELECT u.day, u.team_id, u.reason_id, u.kind, u.callback_channel, u.state, u.within_term, u.escalated,
         u.due_day, sum(u.tasks)::int AS tasks, sum(u.answer_minutes)::bigint AS answer_minutes
  FROM (
    SELECT r.period AS day, r.team_id, r.reason_id, r.kind, r.callback_channel, r.state, r.within_term,
           r.escalated, r.due_day, r.tasks, r.answer_minutes
    FROM insight_task_rollup r WHERE r.grain = 'd'
    UNION ALL
    SELECT d.lt::date, d.team_id, d.reason_id, d.kind, d.callback_channel, d.state, d.within_term,
           d.escalated, d.due_day, d.dn, d.dm
    FROM insight_task_deltas d
  ) u
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  HAVING sum(u.tasks) <> 0;
