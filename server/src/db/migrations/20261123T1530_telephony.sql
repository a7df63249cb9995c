-- Telephony events (screen pop, calls logged as contacts) and web-form submissions (issue 6).
-- Forward-only: never edit this file once committed; add a new migration instead.

-- How long a call lasted (talk time in seconds); null for contacts on other channels and unanswered calls.
ALTER TABLE contacts ADD COLUMN duration_seconds integer CHECK (duration_seconds >= 0);

-- One row per call of the telephone platform. The state is folded from the call's events in the order
-- they happened (occurred_at), not the order they arrived, so a late 'answered' still counts.
CREATE TABLE telephony_calls (
  call_id          text PRIMARY KEY,
  direction        text NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
  -- The other party's number (E.164 when it parses) and the number or queue that was called.
  party_number     text,
  called           text,
  party_id         uuid REFERENCES parties(id),
  employee_id      uuid REFERENCES employees(id),
  ringing_at       timestamptz,
  answered_at      timestamptz,
  ended_at         timestamptz,
  end_reason       text CHECK (end_reason IN ('completed', 'abandoned', 'missed', 'voicemail')),
  contact_id       uuid REFERENCES contacts(id),
  updated_at       timestamptz NOT NULL
);
CREATE INDEX telephony_calls_contact ON telephony_calls (contact_id) WHERE contact_id IS NOT NULL;

-- Every event once (the platform's event id): a redelivered event changes nothing.
CREATE TABLE telephony_events (
  event_id     text PRIMARY KEY,
  call_id      text NOT NULL REFERENCES telephony_calls(call_id) ON DELETE CASCADE,
  type         text NOT NULL CHECK (type IN ('ringing', 'answered', 'transferred', 'ended')),
  occurred_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  payload      jsonb NOT NULL
);
CREATE INDEX telephony_events_call ON telephony_events (call_id, occurred_at);

-- A form submission once per reference (a redelivery returns the first contact).
CREATE TABLE webform_submissions (
  reference      text PRIMARY KEY,
  form_id        text NOT NULL,
  contact_id     uuid REFERENCES contacts(id) ON DELETE CASCADE,
  -- The identity the form engine vouched for (DigiD: bsn, eHerkenning: kvk), also when no party has it.
  auth_attribute text CHECK (auth_attribute IN ('bsn', 'kvk')),
  auth_value     text,
  submitted_at   timestamptz NOT NULL,
  received_at    timestamptz NOT NULL
);
