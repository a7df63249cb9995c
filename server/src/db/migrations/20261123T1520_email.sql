-- E-mail in and out (issue 6). Every mail Loket received or sent, by Message-ID, so a reply finds its
-- conversation through In-Reply-To / References; mail that was not made a contact (loops, automatic
-- replies) is kept in a quarantine admins can see; the outbox learns threading headers, the contact it
-- delivers, and a final 'failed' state for a permanent SMTP refusal.
CREATE TABLE email_messages (
  id            uuid PRIMARY KEY,
  -- Without the angle brackets, as written (case kept: the local part of a Message-ID is case-sensitive).
  message_id    text NOT NULL UNIQUE,
  direction     text NOT NULL CHECK (direction IN ('in', 'out')),
  contact_id    uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  -- The resident's side of the conversation: the sender of mail in, the recipient of mail out (lower case).
  counterpart   text NOT NULL,
  -- Our address it was sent to (in) or from (out); routing rules match on it.
  mailbox       text,
  -- 'auto-reply' for Loket's own out-of-hours answers: a machine answering one is a loop.
  kind          text NOT NULL DEFAULT 'mail' CHECK (kind IN ('mail', 'auto-reply')),
  created_at    timestamptz NOT NULL
);
CREATE INDEX email_messages_contact ON email_messages (contact_id);
CREATE INDEX email_messages_counterpart ON email_messages (counterpart);

-- One out-of-hours answer per conversation per day (Amsterdam date).
CREATE TABLE email_auto_replies (
  thread_id  uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  day        date NOT NULL,
  PRIMARY KEY (thread_id, day)
);

CREATE TABLE email_quarantine (
  id             uuid PRIMARY KEY,
  reason         text NOT NULL,  -- 'loop', 'auto-submitted', 'own-address', 'malformed'
  detail         text NOT NULL,
  message_id     text,
  envelope_from  text,
  envelope_to    text[] NOT NULL DEFAULT '{}',
  subject        text,
  size_bytes     integer NOT NULL,
  raw            bytea NOT NULL,
  received_at    timestamptz NOT NULL
);
CREATE INDEX email_quarantine_received ON email_quarantine (received_at DESC);
CREATE UNIQUE INDEX email_quarantine_message ON email_quarantine (message_id) WHERE message_id IS NOT NULL;

ALTER TABLE outbox_mail
  ADD COLUMN from_address text,
  ADD COLUMN message_id   text,
  ADD COLUMN in_reply_to  text,
  ADD COLUMN refs         text[],
  ADD COLUMN headers      jsonb,
  ADD COLUMN contact_id   uuid REFERENCES contacts(id) ON DELETE SET NULL,
  ADD COLUMN failed_at    timestamptz;
ALTER TABLE outbox_mail DROP CONSTRAINT outbox_mail_status_check;
ALTER TABLE outbox_mail ADD CONSTRAINT outbox_mail_status_check CHECK (status IN ('pending', 'sent', 'failed'));
CREATE INDEX outbox_mail_contact ON outbox_mail (contact_id) WHERE contact_id IS NOT NULL;
