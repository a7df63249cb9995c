-- Insights (issue 9), second round: what "outside opening hours" and "handling times" need.
--
-- 1. Half hours in the arrival profile. Opening hours come from routing (08:30–17:00 for the phone by
--    default), so an hour bucket alone cannot tell 08:10 from 08:40: insight_contact_hours now also
--    counts the contacts in the first half of each hour (minute 0–29).
-- 2. Handling times per channel, from where a duration is really recorded:
--    - 'call': contacts.duration_seconds (telephony writes the call's length on the contact);
--    - 'queue': a team-queue item from claimed (picked up) to done (handled), on the channel of its
--      contact. insight_queue_handled keeps each done item's bucket, so a delete (also a cascade
--      from its contact, when the contact row is already gone) takes out exactly what went in.
--    Webchat records no moment of pick-up (claiming only sets the status), so it is not measured.
-- Both go through append-only deltas like the other rollups (20261123T1552) and one fold.

-- Everything pending into the rollups first, so the backfills below do not count a delta twice.
SELECT insights_fold();

ALTER TABLE insight_contact_hours ADD COLUMN first_half integer NOT NULL DEFAULT 0;

UPDATE insight_contact_hours h SET first_half = x.n
FROM (
  SELECT g.grain, CASE g.grain WHEN 'd' THEN c.lt::date ELSE date_trunc('month', c.lt)::date END AS period,
         extract(dow FROM c.lt)::smallint AS dow, extract(hour FROM c.lt)::smallint AS hour, c.channel,
         coalesce(c.team_id, '00000000-0000-0000-0000-000000000000'::uuid) AS team, count(*)::int AS n
  FROM (SELECT (occurred_at AT TIME ZONE 'Europe/Amsterdam') AS lt, channel, team_id FROM contacts) c
  CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  WHERE extract(minute FROM c.lt) < 30
  GROUP BY 1, 2, 3, 4, 5, 6
) x
WHERE h.grain = x.grain AND h.period = x.period AND h.dow = x.dow AND h.hour = x.hour AND h.channel = x.channel
  AND coalesce(h.team_id, '00000000-0000-0000-0000-000000000000'::uuid) = x.team;

CREATE TABLE insight_handling_rollup (
  grain    char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  period   date NOT NULL,            -- the day of the contact ('call') or of handling ('queue')
  channel  text NOT NULL,
  team_id  uuid,
  source   text NOT NULL CHECK (source IN ('call', 'queue')),
  handled  integer NOT NULL DEFAULT 0,
  seconds  bigint NOT NULL DEFAULT 0,
  CONSTRAINT insight_handling_rollup_key UNIQUE NULLS NOT DISTINCT (grain, period, channel, team_id, source)
);

CREATE TABLE insight_handling_deltas (
  lt       timestamp NOT NULL,
  channel  text NOT NULL,
  team_id  uuid,
  source   text NOT NULL,
  dn       integer NOT NULL,
  ds       bigint NOT NULL
);

-- Done queue items as counted (no foreign key: see 2. above).
CREATE TABLE insight_queue_handled (
  queue_item_id  uuid PRIMARY KEY,
  lt             timestamp NOT NULL,
  channel        text NOT NULL,
  team_id        uuid,
  seconds        bigint NOT NULL
);

-- ── Calls: the duration on the contact ──────────────────────────────────────────────────────
CREATE FUNCTION insights_calls_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_handling_deltas (lt, channel, team_id, source, dn, ds)
  SELECT n.occurred_at AT TIME ZONE 'Europe/Amsterdam', n.channel, n.team_id, 'call', 1, n.duration_seconds
  FROM new_rows n WHERE n.duration_seconds IS NOT NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_calls_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_handling_deltas (lt, channel, team_id, source, dn, ds)
  SELECT o.occurred_at AT TIME ZONE 'Europe/Amsterdam', o.channel, o.team_id, 'call', -1, -o.duration_seconds
  FROM old_rows o WHERE o.duration_seconds IS NOT NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_calls_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  moved uuid[];
BEGIN
  INSERT INTO insight_handling_deltas (lt, channel, team_id, source, dn, ds)
  SELECT x.occurred_at AT TIME ZONE 'Europe/Amsterdam', x.channel, x.team_id, 'call', x.sign, x.sign * x.duration_seconds
  FROM (
    SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.occurred_at, n.channel, n.team_id, n.duration_seconds)
          IS DISTINCT FROM (o.occurred_at, o.channel, o.team_id, o.duration_seconds)
    UNION ALL
    SELECT n.*, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.occurred_at, n.channel, n.team_id, n.duration_seconds)
          IS DISTINCT FROM (o.occurred_at, o.channel, o.team_id, o.duration_seconds)
  ) x
  WHERE x.duration_seconds IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN PERFORM nextval('insight_change_seq'); END IF;
  -- A queue item is counted on its contact's channel: move it along.
  SELECT array_agg(q.id) INTO moved FROM queue_items q
  JOIN new_rows nr ON nr.id = q.contact_id JOIN old_rows o ON o.id = nr.id
  WHERE nr.channel IS DISTINCT FROM o.channel;
  IF moved IS NOT NULL THEN PERFORM insights_queue_refresh(moved); END IF;
  RETURN NULL;
END $$;

-- ── Queue items: claimed → done ─────────────────────────────────────────────────────────────
-- Recounts the given items from what is stored now (idempotent): takes out what was counted for
-- them, puts in what counts now.
CREATE FUNCTION insights_queue_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  a integer;
  b integer;
BEGIN
  WITH gone AS (DELETE FROM insight_queue_handled h WHERE h.queue_item_id = ANY (ids) RETURNING h.*)
  INSERT INTO insight_handling_deltas (lt, channel, team_id, source, dn, ds)
  SELECT lt, channel, team_id, 'queue', -1, -seconds FROM gone;
  GET DIAGNOSTICS a = ROW_COUNT;
  WITH made AS (
    INSERT INTO insight_queue_handled (queue_item_id, lt, channel, team_id, seconds)
    SELECT q.id, q.done_at AT TIME ZONE 'Europe/Amsterdam', c.channel, q.team_id,
           floor(extract(epoch FROM q.done_at - q.claimed_at))::bigint
    FROM queue_items q JOIN contacts c ON c.id = q.contact_id
    WHERE q.id = ANY (ids) AND q.status = 'done' AND q.claimed_at IS NOT NULL AND q.done_at >= q.claimed_at
    RETURNING *
  )
  INSERT INTO insight_handling_deltas (lt, channel, team_id, source, dn, ds)
  SELECT lt, channel, team_id, 'queue', 1, seconds FROM made;
  GET DIAGNOSTICS b = ROW_COUNT;
  IF a + b > 0 THEN PERFORM nextval('insight_change_seq'); END IF;
END $$;

CREATE FUNCTION insights_queue_new() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(id) INTO ids FROM new_rows WHERE status = 'done';
  IF ids IS NOT NULL THEN PERFORM insights_queue_refresh(ids); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_queue_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.status = 'done' OR o.status = 'done')
    AND (n.status, n.claimed_at, n.done_at, n.team_id, n.contact_id)
        IS DISTINCT FROM (o.status, o.claimed_at, o.done_at, o.team_id, o.contact_id);
  IF ids IS NOT NULL THEN PERFORM insights_queue_refresh(ids); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_queue_del() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(id) INTO ids FROM old_rows WHERE status = 'done';
  IF ids IS NOT NULL THEN PERFORM insights_queue_refresh(ids); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER insights_calls_ins AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_calls_ins();
CREATE TRIGGER insights_calls_upd AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_calls_upd();
CREATE TRIGGER insights_calls_del AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_calls_del();
CREATE TRIGGER insights_queue_ins AFTER INSERT ON queue_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_queue_new();
CREATE TRIGGER insights_queue_upd AFTER UPDATE ON queue_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_queue_upd();
CREATE TRIGGER insights_queue_del AFTER DELETE ON queue_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_queue_del();

-- ── Backfill ────────────────────────────────────────────────────────────────────────────────
INSERT INTO insight_queue_handled (queue_item_id, lt, channel, team_id, seconds)
SELECT q.id, q.done_at AT TIME ZONE 'Europe/Amsterdam', c.channel, q.team_id,
       floor(extract(epoch FROM q.done_at - q.claimed_at))::bigint
FROM queue_items q JOIN contacts c ON c.id = q.contact_id
WHERE q.status = 'done' AND q.claimed_at IS NOT NULL AND q.done_at >= q.claimed_at;

INSERT INTO insight_handling_rollup (grain, period, channel, team_id, source, handled, seconds)
SELECT g.grain, CASE g.grain WHEN 'd' THEN x.lt::date ELSE date_trunc('month', x.lt)::date END,
       x.channel, x.team_id, x.source, count(*), sum(x.seconds)
FROM (
  SELECT occurred_at AT TIME ZONE 'Europe/Amsterdam' AS lt, channel, team_id, 'call' AS source,
         duration_seconds::bigint AS seconds
  FROM contacts WHERE duration_seconds IS NOT NULL
  UNION ALL
  SELECT lt, channel, team_id, 'queue', seconds FROM insight_queue_handled
) x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
GROUP BY 1, 2, 3, 4, 5;

-- ── One fold for all rollups (replaces 20261123T1552's: first_half and handling added) ──────────
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

-- For a data warehouse: handling times per day, rollup + not yet folded deltas (counts only).
CREATE VIEW insight_daily_handling AS
  SELECT u.day, u.channel, u.team_id, u.source, sum(u.handled)::int AS handled, sum(u.seconds)::bigint AS seconds
  FROM (
    SELECT r.period AS day, r.channel, r.team_id, r.source, r.handled, r.seconds
    FROM insight_handling_rollup r WHERE r.grain = 'd'
    UNION ALL
    SELECT d.lt::date, d.channel, d.team_id, d.source, d.dn, d.ds FROM insight_handling_deltas d
  ) u
  GROUP BY 1, 2, 3, 4
  HAVING sum(u.handled) <> 0;
