-- E-mail in, in two steps (issue 6). The SMTP receiver (or IMAP poller) answers 250 once the mail is
-- stored here, durably and once per Message-ID; a processor then makes contacts of it in batches,
-- each mail whole or not at all. Making the contact inside the SMTP conversation serialised every
-- mail on the insights rollup rows that each contact insert updates (one row per day and channel).
CREATE TABLE email_inbox (
  id               uuid PRIMARY KEY,
  message_id       text NOT NULL UNIQUE,
  envelope_from    text,
  envelope_to      text[] NOT NULL DEFAULT '{}',
  raw              bytea NOT NULL,         -- emptied once the mail is a contact
  size_bytes       integer NOT NULL,
  received_at      timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  leased_until     timestamptz,
  last_error       text,
  contact_id       uuid REFERENCES contacts(id) ON DELETE SET NULL,
  processed_at     timestamptz
);
CREATE INDEX email_inbox_due ON email_inbox (next_attempt_at) WHERE status = 'pending';
