-- Telephony events are accepted first and processed after the answer (issue 6: 1,000 events/s): the
-- webhook stores the event and answers; a processor folds each call's new events, pops the screen and
-- logs the call. Forward-only: never edit this file once committed; add a new migration instead.

-- When the processor took the event into its call; null = still to do.
ALTER TABLE telephony_events ADD COLUMN processed_at timestamptz;
-- Processing that failed (a passing database fault) is tried again from retry_at; after the last
-- attempt retry_at stays null with the error kept, set aside for an admin instead of retried forever.
ALTER TABLE telephony_events ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE telephony_events ADD COLUMN retry_at timestamptz;
ALTER TABLE telephony_events ADD COLUMN last_error text;

-- Everything stored before this migration was processed when it arrived.
UPDATE telephony_events SET processed_at = received_at;

CREATE INDEX telephony_events_todo ON telephony_events (received_at)
  WHERE processed_at IS NULL AND (attempts = 0 OR retry_at IS NOT NULL);
