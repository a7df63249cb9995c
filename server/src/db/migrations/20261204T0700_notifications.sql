-- Notifications to residents and businesses (MijnGemeente issue): their preferences, the
-- verification of a new digital address, Dutch templates, the notification outbox with its
-- dead-letter list, and topic subscriptions with announcements. One migration so the modules that
-- share these tables (notifications, portal, subscriptions) agree on them from the start.

-- Which channel a party wants for each kind of message. No row: the party's preferred digital
-- address (e-mail, else SMS), else a letter by post.
CREATE TABLE party_message_preferences (
  party_id      uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  message_kind  text NOT NULL CHECK (message_kind IN ('case_status', 'callback', 'document', 'announcement')),
  channel       text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'post')),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (party_id, message_kind)
);

-- A code sent to a new e-mail address or phone number; the address is added (verified) only when
-- the party types the code back. Only a hash of the code is kept.
CREATE TABLE address_verifications (
  id            uuid PRIMARY KEY,
  party_id      uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('email', 'phone')),
  value         text NOT NULL,               -- e-mail lower-cased; phone in E.164
  code_hash     text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  expires_at    timestamptz NOT NULL,
  verified_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX address_verifications_party ON address_verifications (party_id, created_at DESC);

-- Dutch (and other language) texts per message and channel, editable by an admin. Placeholders
-- look like {{naam}}. Every edit keeps the previous text in the versions table.
CREATE TABLE notification_templates (
  code          text NOT NULL,               -- 'case_status', 'callback_done', 'case_document', 'announcement', 'verification_code'
  channel       text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'post')),
  language      text NOT NULL DEFAULT 'nl',
  subject       text NOT NULL DEFAULT '',
  body          text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    uuid REFERENCES employees(id),
  PRIMARY KEY (code, channel, language)
);
CREATE TABLE notification_template_versions (
  id            uuid PRIMARY KEY,
  code          text NOT NULL,
  channel       text NOT NULL,
  language      text NOT NULL,
  subject       text NOT NULL,
  body          text NOT NULL,
  saved_at      timestamptz NOT NULL,
  saved_by      uuid REFERENCES employees(id)
);
CREATE INDEX notification_template_versions_key ON notification_template_versions (code, channel, language, saved_at DESC);

-- The notification outbox: one row per message to one party, queued in the transaction of what
-- caused it. The dedupe key makes it exactly once. The channel and address are decided when it is
-- sent (from the party's preferences at that moment) and then recorded. After the configured number
-- of failed attempts a row becomes 'dead' and shows on the dead-letter list, where an admin can
-- send it again.
CREATE TABLE notifications (
  id               uuid PRIMARY KEY,
  dedupe_key       text NOT NULL UNIQUE,
  party_id         uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  message_kind     text NOT NULL CHECK (message_kind IN ('case_status', 'callback', 'document', 'announcement')),
  template_code    text NOT NULL,
  data             jsonb NOT NULL DEFAULT '{}',
  case_id          uuid,
  announcement_id  uuid,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'dead')),
  channel          text CHECK (channel IN ('email', 'sms', 'whatsapp', 'post')),
  address          text,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  contact_id       uuid,                     -- the outbound contact in the party's timeline
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_party ON notifications (party_id, created_at DESC);
CREATE INDEX notifications_dead ON notifications (created_at DESC) WHERE status = 'dead';
CREATE INDEX notifications_announcement ON notifications (announcement_id) WHERE announcement_id IS NOT NULL;

-- Topics a resident can follow. 'postcode_area' topics are followed for a 4-digit postcode area
-- (road works in 1234); 'case' is following one particular case.
CREATE TABLE subscription_topics (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  description   text NOT NULL DEFAULT '',
  scope         text NOT NULL DEFAULT 'general' CHECK (scope IN ('general', 'postcode_area', 'case')),
  active        boolean NOT NULL DEFAULT true
);

CREATE TABLE subscriptions (
  id             uuid PRIMARY KEY,
  party_id       uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  topic_code     text NOT NULL REFERENCES subscription_topics(code),
  postcode_area  text CHECK (postcode_area ~ '^[1-9][0-9]{3}$'),
  case_id        uuid,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subscriptions_once ON subscriptions (
  party_id, topic_code, coalesce(postcode_area, ''), coalesce(case_id, '00000000-0000-0000-0000-000000000000'::uuid)
);
CREATE INDEX subscriptions_topic ON subscriptions (topic_code, postcode_area);

CREATE TABLE announcements (
  id             uuid PRIMARY KEY,
  topic_code     text NOT NULL REFERENCES subscription_topics(code),
  postcode_area  text,
  case_id        uuid,
  title          text NOT NULL,
  body           text NOT NULL,
  published_by   uuid REFERENCES employees(id),
  published_at   timestamptz NOT NULL,
  recipients     integer NOT NULL DEFAULT 0
);
CREATE INDEX announcements_topic ON announcements (topic_code, published_at DESC);
