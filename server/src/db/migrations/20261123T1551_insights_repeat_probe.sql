-- Insights fix (issue 9): repeat detection probes the anonymous phone / e-mail indexes once per key.
-- The first version joined every anonymous involvement (a hash join evaluating insights_phone_key on
-- each row: 275-750 ms per anonymous contact at a few thousand of them, found by the messaging and
-- mail benchmarks). Same result, same signature; a new file because 20261123T1550 is committed.

CREATE OR REPLACE FUNCTION insights_detect_repeats(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
    -- One index probe per key (LATERAL): a plain join let the planner hash every anonymous
    -- involvement and evaluate the key function on each of them.
    SELECT w.contact_id, o.contact_id AS eid FROM who w
    CROSS JOIN LATERAL (SELECT x.contact_id FROM contact_parties x WHERE x.party_id = w.party_id) o
    WHERE w.party_id IS NOT NULL
    UNION
    SELECT w.contact_id, o.contact_id FROM who w
    CROSS JOIN LATERAL (
      SELECT x.contact_id FROM contact_parties x
      WHERE x.party_id IS NULL AND insights_phone_key(x.details) = w.phone
      OFFSET 0 -- keeps the subquery from being flattened back into a join
    ) o
    WHERE w.phone IS NOT NULL
    UNION
    SELECT w.contact_id, o.contact_id FROM who w
    CROSS JOIN LATERAL (
      SELECT x.contact_id FROM contact_parties x
      WHERE x.party_id IS NULL AND insights_email_key(x.details) = w.email
      OFFSET 0 -- keeps the subquery from being flattened back into a join
    ) o
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
