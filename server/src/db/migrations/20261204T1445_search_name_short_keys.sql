-- Name keys, second step (issue 2): one typo in a short name, and variants in key form.
-- Forward-only: add a new migration to change.
--
-- Measured on the bench's typing errors (a letter dropped or doubled), 9 % of names were not found:
-- - 3-letter keys had no variants, so 'Vn' missed Ven and 'Dm' missed Dam: now keys from 3 letters
--   get them (2-letter variants only meet other variants, never a spelled word or a key);
-- - a variant could hold a double letter ('kaya' without y is 'kaa') while every key has them once
--   ('kaa' is 'ka'): variants now get the same treatment.
-- The stored keys are computed again by rewriting the column.
CREATE OR REPLACE FUNCTION search_name_variants(key text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
  SELECT DISTINCT regexp_replace(left(key, i - 1) || substr(key, i + 1), '(.)\1+', '\1', 'g')
  FROM generate_series(1, CASE WHEN length(key) >= 3 THEN length(key) ELSE 0 END) AS i
  $$;

DROP INDEX search_parties_name_keys;
ALTER TABLE parties DROP COLUMN search_keys;
ALTER TABLE parties ADD COLUMN search_keys tsvector GENERATED ALWAYS AS (search_name_doc(search_name)) STORED;
CREATE INDEX search_parties_name_keys ON parties USING gin (search_keys);
