-- Name search, third step (issue 2): tier 2 (one typo) of a short word no longer reads the big
-- posting lists of 2-letter keys. Forward-only: add a new migration to change.
--
-- Measured at 1M parties: for a query with a 3-letter word ('Jan Mer', 'Eva Meeer') the tier-2
-- probe ORed the word's 2-letter variants as stored variants ('~me', '~er': every 3-letter name with
-- one letter left out) and its start ('Jan':*: Jansen, Janssen, Jannie…), so the bitmap held 50k
-- parties before the window of 200 could be filled: 100-200 ms. Now a 2-letter variant only meets a
-- stored 2-letter key ('=me': a name that short is rare), and a word is read as the start of a name
-- from 4 letters ('piet', 'jans'). One letter dropped from or doubled in a short name is still found
-- (stored 'Meer' has the variant '~mer'; 'Meeer' has the key 'mer'); a changed letter in a 3-letter
-- name ('Mar' for Mer) is not, as before for any name. Only the query changes: no stored key is touched.
CREATE OR REPLACE FUNCTION search_name_query(name text, tier integer) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT string_agg(term, ' & ')::tsquery
  FROM (
    SELECT CASE tier
      WHEN 0 THEN quote_literal(w)
      WHEN 1 THEN quote_literal('=' || k)
      ELSE '(' || concat_ws(' | ',
        quote_literal('=' || k), quote_literal('~' || k),
        (SELECT string_agg(quote_literal('=' || v)
                           || CASE WHEN length(v) >= 3 THEN ' | ' || quote_literal('~' || v) ELSE '' END, ' | ')
         FROM search_name_variants(k) AS v),
        CASE WHEN length(w) >= 4 THEN quote_literal(w) || ':*' END) || ')'
      END AS term
    FROM search_name_words(name) AS w, LATERAL (SELECT search_name_key(w) AS k) k
  ) t
  $$;
