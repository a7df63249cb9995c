-- Outbox: e-mail is written here in the same transaction as what caused it, and delivered later.
-- A relay that is down delays a message (retried with back-off), it never loses one.
CREATE TABLE outbox_mail (
  id               uuid PRIMARY KEY,
  dedupe_key       text NOT NULL UNIQUE,
  recipient        text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  leased_until     timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz
);
CREATE INDEX outbox_mail_due ON outbox_mail (next_attempt_at) WHERE status = 'pending';
