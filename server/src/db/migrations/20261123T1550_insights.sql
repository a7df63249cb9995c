-- Insights (management information): rollups kept current by the database itself, so every path
-- that writes contacts or tasks (app API, Klantinteracties API, channels, demo seed, bulk loaders)
-- is counted, and repeat-contact (herhaalverkeer) marks.
--
-- Counters are maintained by statement-level triggers with transition tables: one grouped upsert
-- per statement, whether it wrote one row or a million (COPY included). A rollup row holds counts
-- only: no names, identifiers or message text. Grain 'd' = one Amsterdam calendar day,
-- 'm' = one calendar month (period = its first day), so a one-year query reads 12 month rows per
-- combination plus the days at the edges of the period.

CREATE TABLE insight_settings (
  id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
  repeat_window_days  integer NOT NULL DEFAULT 7 CHECK (repeat_window_days BETWEEN 1 AND 365)
);
INSERT INTO insight_settings DEFAULT VALUES;

-- Bumped (outside any lock) by every trigger below; the live dashboard polls it.
CREATE SEQUENCE insight_change_seq;

CREATE TABLE insight_contact_rollup (
  grain           char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  period          date NOT NULL,
  channel         text NOT NULL,
  direction       text NOT NULL,
  team_id         uuid,
  reason_id       uuid,
  contacts        integer NOT NULL DEFAULT 0,
  resolved_first  integer NOT NULL DEFAULT 0,   -- resolved_first_contact
  repeats         integer NOT NULL DEFAULT 0,   -- marked as herhaalverkeer
  CONSTRAINT insight_contact_rollup_key
    UNIQUE NULLS NOT DISTINCT (grain, period, channel, direction, team_id, reason_id)
);

-- Arrival profile: contacts per local hour of the day and day of the week (0 = Sunday).
CREATE TABLE insight_contact_hours (
  grain     char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  period    date NOT NULL,
  dow       smallint NOT NULL,
  hour      smallint NOT NULL,
  channel   text NOT NULL,
  team_id   uuid,
  contacts  integer NOT NULL DEFAULT 0,
  CONSTRAINT insight_contact_hours_key UNIQUE NULLS NOT DISTINCT (grain, period, dow, hour, channel, team_id)
);

-- The daily series per channel (trend), small enough to read a year of days.
CREATE TABLE insight_contact_days (
  day       date NOT NULL,
  channel   text NOT NULL,
  team_id   uuid,
  contacts  integer NOT NULL DEFAULT 0,
  CONSTRAINT insight_contact_days_key UNIQUE NULLS NOT DISTINCT (day, channel, team_id)
);

-- Tasks by the day they were created (cohort). team_id = the owning team (null when an employee or a
-- department owns the task). due_day only for unfinished tasks: overdue = due_day before today.
CREATE TABLE insight_task_rollup (
  grain             char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  period            date NOT NULL,
  team_id           uuid,
  reason_id         uuid,
  kind              text NOT NULL,
  callback_channel  text,
  state             text NOT NULL,               -- open (open or in_progress), done, cancelled
  within_term       boolean,                     -- done: closed_at <= due_at
  escalated         boolean NOT NULL,
  due_day           date,
  tasks             integer NOT NULL DEFAULT 0,
  answer_minutes    bigint NOT NULL DEFAULT 0,   -- done: sum of minutes from created to closed
  CONSTRAINT insight_task_rollup_key UNIQUE NULLS NOT DISTINCT
    (grain, period, team_id, reason_id, kind, callback_channel, state, within_term, escalated, due_day)
);

-- Repeat-contact marks. No foreign keys on purpose: the contacts' delete trigger removes a mark
-- itself and takes its count out of the rollup in the same statement (a cascade would run first
-- and lose the count). of_contact_id may point at a contact deleted since.
CREATE TABLE contact_repeats (
  contact_id        uuid PRIMARY KEY,
  of_contact_id     uuid NOT NULL,     -- the latest earlier unresolved contact about the same thing
  first_contact_id  uuid NOT NULL,     -- the earliest one within the window
  nth               integer NOT NULL,  -- this is the nth contact about it within the window
  days              integer NOT NULL,  -- calendar days (Amsterdam) since first_contact_id
  basis             text NOT NULL CHECK (basis IN ('reason', 'case'))
);
CREATE INDEX contact_repeats_of ON contact_repeats (of_contact_id);

-- ── Keys of anonymous involvements: the phone number / e-mail address as told ─────────────────
CREATE FUNCTION insights_phone_key(d jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN x IS NULL OR length(x) < 6 THEN NULL
    WHEN x LIKE '00%' THEN substr(x, 3)
    WHEN x LIKE '0%' THEN '31' || substr(x, 2)
    ELSE x END
  FROM (SELECT nullif(regexp_replace(coalesce(d->>'phone', d->>'telefoonnummer', ''), '\D', '', 'g'), '') AS x) s
$$;

CREATE FUNCTION insights_email_key(d jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT nullif(lower(btrim(coalesce(d->>'email', d->>'emailadres', ''))), '')
$$;

CREATE INDEX insight_contact_parties_phone ON contact_parties (insights_phone_key(details))
  WHERE party_id IS NULL;
CREATE INDEX insight_contact_parties_email ON contact_parties (insights_email_key(details))
  WHERE party_id IS NULL;

-- ── Applying deltas ───────────────────────────────────────────────────────────────────────────
-- `src` is a query yielding (occurred_at, channel, direction, team_id, reason_id, dc, dr, dp):
-- signed changes of contacts, resolved_first and repeats. Returned as text so a trigger function
-- can EXECUTE it against its own transition tables.
CREATE FUNCTION insights_contact_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    WITH d AS (
      SELECT (s.occurred_at AT TIME ZONE 'Europe/Amsterdam') AS lt, s.channel, s.direction, s.team_id,
             s.reason_id, s.dc, s.dr, s.dp
      FROM (%s) s
    ), r AS (
      INSERT INTO insight_contact_rollup AS t
        (grain, period, channel, direction, team_id, reason_id, contacts, resolved_first, repeats)
      SELECT g.grain, CASE g.grain WHEN 'd' THEN d.lt::date ELSE date_trunc('month', d.lt)::date END,
             d.channel, d.direction, d.team_id, d.reason_id, sum(d.dc), sum(d.dr), sum(d.dp)
      FROM d CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(d.dc) <> 0 OR sum(d.dr) <> 0 OR sum(d.dp) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ON CONSTRAINT insight_contact_rollup_key DO UPDATE SET
        contacts = t.contacts + excluded.contacts,
        resolved_first = t.resolved_first + excluded.resolved_first,
        repeats = t.repeats + excluded.repeats
      RETURNING 1
    ), h AS (
      INSERT INTO insight_contact_hours AS t (grain, period, dow, hour, channel, team_id, contacts)
      SELECT g.grain, CASE g.grain WHEN 'd' THEN d.lt::date ELSE date_trunc('month', d.lt)::date END,
             extract(dow FROM d.lt)::smallint, extract(hour FROM d.lt)::smallint, d.channel, d.team_id,
             sum(d.dc)
      FROM d CROSS JOIN (VALUES ('d'), ('m')) g(grain)
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(d.dc) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ON CONSTRAINT insight_contact_hours_key DO UPDATE SET contacts = t.contacts + excluded.contacts
      RETURNING 1
    ), y AS (
      INSERT INTO insight_contact_days AS t (day, channel, team_id, contacts)
      SELECT d.lt::date, d.channel, d.team_id, sum(d.dc)
      FROM d
      GROUP BY 1, 2, 3
      HAVING sum(d.dc) <> 0
      ORDER BY 1, 2, 3
      ON CONFLICT ON CONSTRAINT insight_contact_days_key DO UPDATE SET contacts = t.contacts + excluded.contacts
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM r) + (SELECT count(*) FROM h) + (SELECT count(*) FROM y)
  $q$, src)
$f$;

-- The columns of a contact row as a delta source; `sign` is 1 or -1.
CREATE FUNCTION insights_contact_src(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT c.occurred_at, c.channel, c.direction, c.team_id, c.reason_id, %1$s AS dc,
           %1$s * (c.resolved_first_contact)::int AS dr,
           %1$s * (EXISTS (SELECT 1 FROM contact_repeats r WHERE r.contact_id = c.id))::int AS dp
    FROM %2$s c
  $q$, sign, rel)
$f$;

-- ── Repeat detection ──────────────────────────────────────────────────────────────────────────
-- Recomputes the marks of the given contacts from what is stored now: an inbound contact repeats
-- when the same party (or, for an anonymous involvement, the same phone number or e-mail address)
-- had an earlier contact within the window, on any channel, about the same contact reason or the
-- same case, that was not resolved (resolved_first_contact false). Idempotent, set-based.
CREATE FUNCTION insights_detect_repeats(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  win interval := make_interval(days => (SELECT repeat_window_days FROM insight_settings));
  gone uuid[];
  made uuid[];
BEGIN
  WITH g AS (DELETE FROM contact_repeats r WHERE r.contact_id = ANY (ids) RETURNING r.contact_id)
  SELECT array_agg(contact_id) INTO gone FROM g;

  WITH c AS (
    SELECT id, occurred_at, reason_id FROM contacts
    WHERE id = ANY (ids) AND direction = 'in'
  ), who AS (
    SELECT cp.contact_id, cp.party_id, NULL::text AS phone, NULL::text AS email
    FROM contact_parties cp WHERE cp.contact_id = ANY (ids) AND cp.party_id IS NOT NULL
    UNION
    SELECT cp.contact_id, NULL, insights_phone_key(cp.details), insights_email_key(cp.details)
    FROM contact_parties cp WHERE cp.contact_id = ANY (ids) AND cp.party_id IS NULL
  ), same_who AS (
    SELECT w.contact_id, o.contact_id AS eid FROM who w
    JOIN contact_parties o ON o.party_id = w.party_id
    WHERE w.party_id IS NOT NULL
    UNION
    SELECT w.contact_id, o.contact_id FROM who w
    JOIN contact_parties o ON o.party_id IS NULL AND insights_phone_key(o.details) = w.phone
    WHERE w.phone IS NOT NULL
    UNION
    SELECT w.contact_id, o.contact_id FROM who w
    JOIN contact_parties o ON o.party_id IS NULL AND insights_email_key(o.details) = w.email
    WHERE w.email IS NOT NULL
  ), earlier AS (
    SELECT c.id, c.occurred_at, e.id AS eid, e.occurred_at AS eat, (e.reason_id = c.reason_id) AS by_reason
    FROM c
    JOIN same_who s ON s.contact_id = c.id
    JOIN contacts e ON e.id = s.eid
    WHERE e.id <> c.id
      AND e.occurred_at < c.occurred_at
      AND e.occurred_at >= c.occurred_at - win
      AND NOT e.resolved_first_contact
      AND (
        e.reason_id = c.reason_id
        OR EXISTS (
          SELECT 1 FROM contact_subjects a
          JOIN contact_subjects b ON b.kind = 'case' AND b.reference = a.reference AND b.contact_id = e.id
          WHERE a.contact_id = c.id AND a.kind = 'case'
        )
      )
  ), m AS (
    INSERT INTO contact_repeats (contact_id, of_contact_id, first_contact_id, nth, days, basis)
    SELECT id,
           (array_agg(eid ORDER BY eat DESC, eid DESC))[1],
           (array_agg(eid ORDER BY eat, eid))[1],
           count(*)::int + 1,
           (min(occurred_at) AT TIME ZONE 'Europe/Amsterdam')::date
             - (min(eat) AT TIME ZONE 'Europe/Amsterdam')::date,
           CASE WHEN bool_or(coalesce(by_reason, false)) THEN 'reason' ELSE 'case' END
    FROM earlier
    GROUP BY id
    RETURNING contact_id
  )
  SELECT array_agg(contact_id) INTO made FROM m;

  IF gone IS NOT NULL OR made IS NOT NULL THEN
    EXECUTE insights_contact_delta_sql($q$
      SELECT c.occurred_at, c.channel, c.direction, c.team_id, c.reason_id, 0 AS dc, 0 AS dr, x.dp
      FROM (
        SELECT id, sum(dp)::int AS dp FROM (
          SELECT unnest(coalesce($1, '{}'::uuid[])) AS id, -1 AS dp
          UNION ALL SELECT unnest(coalesce($2, '{}'::uuid[])), 1
        ) u GROUP BY id
      ) x
      JOIN contacts c ON c.id = x.id
      WHERE x.dp <> 0
    $q$) USING gone, made;
  END IF;
END $$;

-- ── Triggers on contacts ──────────────────────────────────────────────────────────────────────
CREATE FUNCTION insights_contacts_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_contact_delta_sql(insights_contact_src('new_rows', 1));
  RETURN NULL;
END $$;

CREATE FUNCTION insights_contacts_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_contact_delta_sql(insights_contact_src('old_rows', -1));
  DELETE FROM contact_repeats r USING old_rows o WHERE r.contact_id = o.id;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_contacts_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid[];
  again uuid[];
BEGIN
  SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.occurred_at, n.channel, n.direction, n.team_id, n.reason_id, n.resolved_first_contact)
        IS DISTINCT FROM (o.occurred_at, o.channel, o.direction, o.team_id, o.reason_id, o.resolved_first_contact);
  IF changed IS NULL THEN RETURN NULL; END IF;
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_contact_delta_sql(
    insights_contact_src('(SELECT * FROM old_rows WHERE id = ANY ($1))', -1)
    || ' UNION ALL ' ||
    insights_contact_src('(SELECT * FROM new_rows WHERE id = ANY ($1))', 1)) USING changed;
  SELECT array_agg(n.id) INTO again FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.occurred_at, n.direction, n.reason_id) IS DISTINCT FROM (o.occurred_at, o.direction, o.reason_id);
  IF again IS NOT NULL THEN PERFORM insights_detect_repeats(again); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER insights_contacts_ins AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_contacts_ins();
CREATE TRIGGER insights_contacts_upd AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_contacts_upd();
CREATE TRIGGER insights_contacts_del AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_contacts_del();

-- Parties and case subjects are written after their contact (same transaction): detect then.
CREATE FUNCTION insights_involvements_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(DISTINCT contact_id) INTO ids FROM new_rows;
  IF ids IS NOT NULL THEN
    PERFORM nextval('insight_change_seq');
    PERFORM insights_detect_repeats(ids);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION insights_case_subjects_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(DISTINCT contact_id) INTO ids FROM new_rows WHERE kind = 'case';
  IF ids IS NOT NULL THEN
    PERFORM nextval('insight_change_seq');
    PERFORM insights_detect_repeats(ids);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER insights_contact_parties_ins AFTER INSERT ON contact_parties
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_involvements_changed();
CREATE TRIGGER insights_contact_parties_upd AFTER UPDATE ON contact_parties
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_involvements_changed();
CREATE TRIGGER insights_contact_subjects_ins AFTER INSERT ON contact_subjects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_case_subjects_changed();
CREATE TRIGGER insights_contact_subjects_upd AFTER UPDATE ON contact_subjects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_case_subjects_changed();

-- ── Triggers on tasks ─────────────────────────────────────────────────────────────────────────
CREATE FUNCTION insights_task_src(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT (t.created_at AT TIME ZONE 'Europe/Amsterdam') AS lt,
           CASE WHEN t.owner_kind = 'team' THEN t.owner_id END AS team_id,
           t.reason_id, t.kind, t.callback_channel,
           CASE WHEN t.status IN ('open', 'in_progress') THEN 'open' ELSE t.status END AS state,
           CASE WHEN t.status = 'done' THEN coalesce(t.closed_at, t.updated_at) <= t.due_at END AS within_term,
           t.escalated_at IS NOT NULL AS escalated,
           CASE WHEN t.status IN ('open', 'in_progress')
                THEN (t.due_at AT TIME ZONE 'Europe/Amsterdam')::date END AS due_day,
           %1$s AS dn,
           %1$s * CASE WHEN t.status = 'done'
                    THEN floor(extract(epoch FROM coalesce(t.closed_at, t.updated_at) - t.created_at) / 60)::bigint
                    ELSE 0 END AS dm
    FROM %2$s t
  $q$, sign, rel)
$f$;

CREATE FUNCTION insights_task_delta_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO insight_task_rollup AS t (grain, period, team_id, reason_id, kind, callback_channel, state,
                                          within_term, escalated, due_day, tasks, answer_minutes)
    SELECT g.grain, CASE g.grain WHEN 'd' THEN d.lt::date ELSE date_trunc('month', d.lt)::date END,
           d.team_id, d.reason_id, d.kind, d.callback_channel, d.state, d.within_term, d.escalated, d.due_day,
           sum(d.dn), sum(d.dm)
    FROM (%s) d CROSS JOIN (VALUES ('d'), ('m')) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    HAVING sum(d.dn) <> 0 OR sum(d.dm) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT ON CONSTRAINT insight_task_rollup_key DO UPDATE SET
      tasks = t.tasks + excluded.tasks, answer_minutes = t.answer_minutes + excluded.answer_minutes
  $q$, src)
$f$;

CREATE FUNCTION insights_tasks_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_task_delta_sql(insights_task_src('new_rows', 1));
  RETURN NULL;
END $$;

CREATE FUNCTION insights_tasks_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_task_delta_sql(insights_task_src('old_rows', -1));
  RETURN NULL;
END $$;

CREATE FUNCTION insights_tasks_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('insight_change_seq');
  EXECUTE insights_task_delta_sql(
    insights_task_src('old_rows', -1) || ' UNION ALL ' || insights_task_src('new_rows', 1));
  RETURN NULL;
END $$;

CREATE TRIGGER insights_tasks_ins AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_tasks_ins();
CREATE TRIGGER insights_tasks_upd AFTER UPDATE ON tasks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_tasks_upd();
CREATE TRIGGER insights_tasks_del AFTER DELETE ON tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_tasks_del();

-- ── Backfill what is already there ────────────────────────────────────────────────────────────
DO $$
DECLARE
  ids uuid[];
BEGIN
  EXECUTE insights_contact_delta_sql(insights_contact_src('contacts', 1));
  EXECUTE insights_task_delta_sql(insights_task_src('tasks', 1));
  SELECT array_agg(id) INTO ids FROM contacts WHERE direction = 'in';
  IF ids IS NOT NULL THEN PERFORM insights_detect_repeats(ids); END IF;
END $$;

-- For a data warehouse: one row per day and combination, counts only (see README).
CREATE VIEW insight_daily_contacts AS
  SELECT r.period AS day, r.channel, r.direction, r.team_id, r.reason_id,
         r.contacts, r.resolved_first, r.repeats
  FROM insight_contact_rollup r WHERE r.grain = 'd' AND (r.contacts <> 0 OR r.repeats <> 0);
CREATE VIEW insight_daily_tasks AS
  SELECT r.period AS day, r.team_id, r.reason_id, r.kind, r.callback_channel, r.state, r.within_term,
         r.escalated, r.due_day, r.tasks, r.answer_minutes
  FROM insight_task_rollup r WHERE r.grain = 'd' AND r.tasks <> 0;
