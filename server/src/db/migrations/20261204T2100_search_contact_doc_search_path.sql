-- search_contact_doc is the expression of the GIN index search_contacts_doc. PostgreSQL 17 (PGlite)
-- evaluates index expressions in maintenance commands (CREATE INDEX on a filled table, REINDEX,
-- ANALYZE) with search_path = pg_catalog, pg_temp, so its call of search_contact_day failed there
-- ("function search_contact_day(timestamp with time zone) does not exist"; seen reloading the
-- benchmark data into PGlite). The same day number, computed with built-ins only, as
-- search_contact_day does (same result, so the index stays valid).
CREATE OR REPLACE FUNCTION search_contact_doc(v tsvector, at timestamptz) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE day integer := floor(extract(epoch FROM at) / 86400)::integer;
  BEGIN
    RETURN coalesce(v, ''::tsvector)
      || array_to_tsvector(ARRAY['d' || day, 'w' || floor(day / 7.0)::integer]);
  END $$;
