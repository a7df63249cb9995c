-- Routing, team queues and opening hours (issue 6).
-- Forward-only: never edit this file once committed; add a new migration instead.

-- ── Routing rules: data an admin edits; the first active rule (by position) that matches wins ──
-- conditions (all given ones must hold; within a list any value):
--   {"channels": ["email"], "addresses": ["belastingen@gemeente.example"], "reasonCodes": ["woz"],
--    "keywords": ["aanslag", "woz"], "partyKinds": ["organisation"], "hasKvkNummer": true,
--    "postcodes": ["1011", "1012AB"]}
CREATE TABLE routing_rules (
  id          uuid PRIMARY KEY,
  position    integer NOT NULL,
  name        text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  team_id     uuid NOT NULL REFERENCES teams(id),
  conditions  jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_position ON routing_rules (position);

-- ── Team queues: one item per inbound contact (enqueueing twice is a no-op) ──
CREATE TABLE queue_items (
  id           uuid PRIMARY KEY,
  contact_id   uuid NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE CASCADE,
  team_id      uuid NOT NULL REFERENCES teams(id),
  rule_id      uuid REFERENCES routing_rules(id) ON DELETE SET NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done')),
  claimed_by   uuid REFERENCES employees(id),
  enqueued_at  timestamptz NOT NULL,
  claimed_at   timestamptz,
  done_at      timestamptz,
  done_by      uuid REFERENCES employees(id),
  CHECK ((status = 'claimed') = (claimed_by IS NOT NULL) OR status = 'done')
);
-- The queue screen and the counts read only what is not done, oldest first.
CREATE INDEX queue_items_waiting ON queue_items (team_id, status, enqueued_at) WHERE status <> 'done';

-- ── Opening hours per channel, optionally per team (a team row overrides the channel's) ──
-- weekly: ISO weekday (1 = Monday … 7 = Sunday) → periods [["08:30","17:00"], …] in Amsterdam time.
-- always_accepted: messages come in any time (mail, WhatsApp, forms) but are answered in these hours.
-- auto_reply may hold {volgende_opening} and {alternatieven}.
CREATE TABLE opening_hours (
  id               uuid PRIMARY KEY,
  channel          text NOT NULL REFERENCES channels(code),
  team_id          uuid REFERENCES teams(id) ON DELETE CASCADE,
  always_accepted  boolean NOT NULL DEFAULT false,
  weekly           jsonb NOT NULL,
  auto_reply       text,
  alternatives     text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX opening_hours_scope
  ON opening_hours (channel, coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- A date with other hours, or closed (periods []), for one channel/team or for all (NULL).
-- An exception wins over the weekly schedule and over public holidays and closing days.
CREATE TABLE opening_exceptions (
  id          uuid PRIMARY KEY,
  day         date NOT NULL,
  channel     text REFERENCES channels(code),
  team_id     uuid REFERENCES teams(id) ON DELETE CASCADE,
  periods     jsonb NOT NULL DEFAULT '[]'::jsonb,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX opening_exceptions_scope ON opening_exceptions (
  day, coalesce(channel, ''), coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid)
);

-- Defaults: office hours per channel. Every installation starts with these; an admin changes them.
INSERT INTO opening_hours (id, channel, always_accepted, weekly, auto_reply, alternatives) VALUES
  ('6f70656e-0000-4000-8000-000000000001', 'phone', false,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'Wij zijn nu gesloten. Wij zijn weer bereikbaar op {volgende_opening}. {alternatieven}',
   'U kunt ook een e-mail sturen of een e-formulier invullen op de website; dan krijgt u zo snel mogelijk antwoord.'),
  ('6f70656e-0000-4000-8000-000000000002', 'counter', false,
   '{"1":[["09:00","16:00"]],"2":[["09:00","16:00"]],"3":[["09:00","16:00"]],"4":[["09:00","20:00"]],"5":[["09:00","16:00"]]}',
   'De balie is nu gesloten. Wij zijn weer open op {volgende_opening}. {alternatieven}',
   'Veel zaken regelt u ook online op de website, of bel ons tijdens kantooruren.'),
  ('6f70656e-0000-4000-8000-000000000003', 'webchat', false,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'De chat is nu gesloten. Wij zijn weer bereikbaar op {volgende_opening}. {alternatieven}',
   'U kunt ook een e-mail sturen of een e-formulier invullen; dan krijgt u zo snel mogelijk antwoord.'),
  ('6f70656e-0000-4000-8000-000000000004', 'email', true,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'Bedankt voor uw bericht. Wij hebben het ontvangen. Wij zijn nu gesloten; wij behandelen uw bericht vanaf {volgende_opening}. {alternatieven}',
   'Is het dringend? Bel dan tijdens kantooruren.'),
  ('6f70656e-0000-4000-8000-000000000005', 'whatsapp', true,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'Bedankt voor uw bericht. Wij zijn nu gesloten; u krijgt antwoord vanaf {volgende_opening}. {alternatieven}',
   'Is het dringend? Bel dan tijdens kantooruren.'),
  ('6f70656e-0000-4000-8000-000000000006', 'webform', true,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'Bedankt, wij hebben uw formulier ontvangen. Wij behandelen het vanaf {volgende_opening}. {alternatieven}',
   'Is het dringend? Bel dan tijdens kantooruren.'),
  ('6f70656e-0000-4000-8000-000000000007', 'sms', true,
   '{"1":[["08:30","17:00"]],"2":[["08:30","17:00"]],"3":[["08:30","17:00"]],"4":[["08:30","17:00"]],"5":[["08:30","17:00"]]}',
   'Bedankt voor uw bericht. Wij zijn nu gesloten; u krijgt antwoord vanaf {volgende_opening}. {alternatieven}',
   'Is het dringend? Bel dan tijdens kantooruren.');
