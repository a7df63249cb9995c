-- Calendar: the municipality's own closing days (e.g. the day after Ascension), on top of the
-- computed Dutch public holidays. Working-day terms skip both.
CREATE TABLE closing_days (
  day         date PRIMARY KEY,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
