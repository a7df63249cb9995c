-- A satisfaction survey (KTO) sent after a phone or counter contact: a one-time link by e-mail.
-- Only the token's hash is kept; the link works once.
CREATE TABLE satisfaction_requests (
  token_hash  text PRIMARY KEY,
  contact_id  uuid NOT NULL REFERENCES contacts(id),
  channel     text NOT NULL REFERENCES channels(code),
  created_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX satisfaction_requests_contact ON satisfaction_requests (contact_id);
