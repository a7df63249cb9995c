-- Messaging inbox: a webhook is answered as soon as its events are stored here (durably, once per
-- provider event: a replay hits the unique key and stores nothing), and a processor turns them into
-- contacts afterwards. Contact inserts in one channel and team share insight rollup rows, so
-- creating contacts inside the webhook request would make every provider wait on the others; media
-- downloads and other passing failures are retried here with back-off instead of by the provider.
CREATE TABLE messaging_inbox (
  id               uuid PRIMARY KEY,
  provider         text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('message', 'status')),
  event_key        text NOT NULL,          -- message: its id; status: '<message id>:<status>'
  event            jsonb NOT NULL,         -- the normalised event (provider.ts InboundEvent)
  received_at      timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,            -- null once processed or given up
  leased_until     timestamptz,
  processed_at     timestamptz,
  last_error       text,                   -- a code, never message text
  UNIQUE (provider, kind, event_key)
);
CREATE INDEX messaging_inbox_due ON messaging_inbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
