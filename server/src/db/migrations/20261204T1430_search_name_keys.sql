-- Name search by keys instead of a trigram walk (issue 2). Forward-only: add a new migration to change.
--
-- The GiST nearest-first walk over search_name scored most of the index for a two-word name (62 ms
-- p95 at 100k parties, growing with the table). Now every party carries a small document of keys,
-- one group per word of search_name, answered by one GIN index:
--   'jansen'     the word as spelled (lower case, accents already stripped by the application);
--   '=jansen'    its Dutch sound key (search_name_key: ij/ei/ey → y, sch → s, ch → g, c → k, final d/dt → t,
--                double letters once, ...), so Jansen = Janssen, Smit = Smid, Meijer = Meyer;
--   '~ansen' ... the key with one letter left out (keys of 4 letters or more), so one typo
--                (a letter dropped, added, changed or two swapped) still meets the name's key.
-- search_name_query builds the matching tsquery for three tiers (spelled, sound, one typo or a
-- prefix); search takes a bounded window from the best tiers first and ranks only that window by
-- trigram similarity. All functions are IMMUTABLE SQL, so the keys are a generated column: every
-- writer (API, demo seed, bench COPY) gets them without knowing the rules.

CREATE FUNCTION search_name_key(word text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT regexp_replace(                                         -- double letters once: ss → s, ck → k
    regexp_replace(regexp_replace(                               -- final devoicing: -dt, -d sound as -t
      regexp_replace(regexp_replace(regexp_replace(              -- au = ou, ae = a, uy = ui
        regexp_replace(regexp_replace(                           -- ij = ei = ey = y
          regexp_replace(regexp_replace(regexp_replace(          -- c → k, x → ks, qu → kw
            regexp_replace(regexp_replace(regexp_replace(        -- ph → f, th → t
              regexp_replace(word, 'sch', 's', 'g'),             -- sch → s before ch → g
            'ch', 'g', 'g'), 'ph', 'f', 'g'), 'th', 't', 'g'),
          'qu', 'kw', 'g'), 'c', 'k', 'g'), 'x', 'ks', 'g'),
        'ij', 'y', 'g'), 'e[iy]', 'y', 'g'),
      'au', 'ou', 'g'), 'ae', 'a', 'g'), 'uy', 'ui', 'g'),
    'dt$', 't'), 'd$', 't'),
  '(.)\1+', '\1', 'g')
  $$;

-- The key with each one letter left out; none for keys under 4 letters (too many look-alikes).
CREATE FUNCTION search_name_variants(key text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT DISTINCT left(key, i - 1) || substr(key, i + 1)
  FROM generate_series(1, CASE WHEN length(key) >= 4 THEN length(key) ELSE 0 END) AS i
  $$;

CREATE FUNCTION search_name_words(name text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT w FROM regexp_split_to_table(name, '[^[:alnum:]]+') AS w WHERE w <> '' $$;

CREATE FUNCTION search_name_doc(name text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT l), '{}'))
  FROM search_name_words(name) AS w,
       LATERAL (SELECT search_name_key(w) AS k) k,
       LATERAL (SELECT w AS l UNION ALL SELECT '=' || k.k
                UNION ALL SELECT '~' || v FROM search_name_variants(k.k) AS v) l
  $$;

-- Tier 0: every word as spelled. Tier 1: every word's sound key. Tier 2: every word within one typo
-- of a name word's key (its key or a variant meets the name's key or a variant), or, from 3 letters,
-- the start of a name word ('jans' finds Jansen, 'piet' finds Pieter). NULL without words.
CREATE FUNCTION search_name_query(name text, tier integer) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT string_agg(term, ' & ')::tsquery
  FROM (
    SELECT CASE tier
      WHEN 0 THEN quote_literal(w)
      WHEN 1 THEN quote_literal('=' || k)
      ELSE '(' || concat_ws(' | ',
        quote_literal('=' || k), quote_literal('~' || k),
        (SELECT string_agg(quote_literal('=' || v) || ' | ' || quote_literal('~' || v), ' | ')
         FROM search_name_variants(k) AS v),
        CASE WHEN length(w) >= 3 THEN quote_literal(w) || ':*' END) || ')'
      END AS term
    FROM search_name_words(name) AS w, LATERAL (SELECT search_name_key(w) AS k) k
  ) t
  $$;

ALTER TABLE parties ADD COLUMN search_keys tsvector GENERATED ALWAYS AS (search_name_doc(search_name)) STORED;
CREATE INDEX search_parties_name_keys ON parties USING gin (search_keys);
-- Name search no longer reads search_name by trigram index; only ranks a window by it.
DROP INDEX search_parties_search_name_gist;
DROP INDEX parties_search_name_trgm;
