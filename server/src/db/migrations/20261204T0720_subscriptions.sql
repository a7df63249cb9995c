-- Subscriptions and announcements (MijnGemeente issue): what the tables of 20261204T0700 lack.

-- An announcement to one case reaches the subscribers of that case: find them without reading
-- every subscription to the 'zaak' topic.
CREATE INDEX subscriptions_case ON subscriptions (case_id) WHERE case_id IS NOT NULL;

-- A publish retried with the same Idempotency-Key answers the first announcement instead of making
-- (and sending) a second one.
ALTER TABLE announcements ADD COLUMN request_key text;
CREATE UNIQUE INDEX announcements_request_key ON announcements (request_key) WHERE request_key IS NOT NULL;
