-- Search performance: free text over contacts without scoring every match of a common word.
-- Forward-only: never edit this file once committed; add a new migration instead.

-- A GIN index cannot return matches newest first, so "the newest 200 matches" used to fetch and sort
-- every match (tens of thousands of heap rows for a word in 1% of 10M contacts). The search document
-- below is the contact's search_vector plus two time lexemes: its UTC day ('d20415') and week
-- ('w2916'). Search probes the index day by day and week by week, newest first, with the query AND
-- the time lexeme; GIN intersects both posting lists itself, so each probe reads only that period's
-- matches from the heap, and the probes stop as soon as 200 matches are found.
-- epoch-based, so independent of the session time zone: honestly IMMUTABLE. plpgsql so that the
-- planner does not inline extract() (STABLE for timestamptz) into the index expression.
CREATE FUNCTION search_contact_day(at timestamptz) RETURNS integer
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN floor(extract(epoch FROM at) / 86400)::integer; END $$;

CREATE FUNCTION search_contact_doc(v tsvector, at timestamptz) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE day integer := search_contact_day(at);
  BEGIN
    RETURN coalesce(v, ''::tsvector)
      || array_to_tsvector(ARRAY['d' || day, 'w' || floor(day / 7.0)::integer]);
  END $$;

CREATE INDEX search_contacts_doc ON contacts USING gin (search_contact_doc(search_vector, occurred_at));
-- The new index answers every query the plain one did (its document is a superset); search is the
-- only reader of search_vector, so the old index would only cost writes and space.
DROP INDEX contacts_search;
