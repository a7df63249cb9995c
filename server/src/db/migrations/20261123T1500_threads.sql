-- Conversations across channels: a thread groups contacts that continue one another (a chat that
-- becomes a callback that becomes a phone call). A contact that nobody answered or continued has no
-- thread; the first reply or continuation makes one, named after the first contact's number, so the
-- reference can go in a mail subject ("[LK-100234]") and be found again.
CREATE TABLE threads (
  id                uuid PRIMARY KEY,
  reference         text NOT NULL UNIQUE,
  subject           text NOT NULL,
  created_at        timestamptz NOT NULL,
  last_activity_at  timestamptz NOT NULL
);

ALTER TABLE contacts ADD COLUMN thread_id uuid REFERENCES threads(id);
CREATE INDEX contacts_thread ON contacts (thread_id, occurred_at) WHERE thread_id IS NOT NULL;

INSERT INTO channels (code, label, sort_order) VALUES ('sms', 'SMS', 10) ON CONFLICT (code) DO NOTHING;
