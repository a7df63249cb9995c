-- Cases (zaken): a built-in case register for municipalities without a case system. Case types
-- carry their statuses in order (the last one ends the case), a term in calendar days (doorlooptijd)
-- and a responsible team. Contacts refer to a case through contact_subjects (kind 'case', reference =
-- the case's identification), so no foreign key runs from contacts to cases.
CREATE TABLE case_types (
  id           uuid PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  term_days    integer NOT NULL CHECK (term_days BETWEEN 1 AND 3650),
  team_id      uuid REFERENCES teams(id),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The statuses of a case type, in order; seq 1 is where a case starts, the highest seq ends it.
CREATE TABLE case_type_statuses (
  case_type_id  uuid NOT NULL REFERENCES case_types(id) ON DELETE CASCADE,
  seq           integer NOT NULL CHECK (seq >= 1),
  code          text NOT NULL,
  name          text NOT NULL,
  PRIMARY KEY (case_type_id, seq),
  UNIQUE (case_type_id, code)
);

CREATE SEQUENCE case_number_seq START 1;

CREATE TABLE cases (
  id                 uuid PRIMARY KEY,
  identification     text NOT NULL UNIQUE
                       DEFAULT ('ZAAK-' || lpad(nextval('case_number_seq')::text, 7, '0')),
  case_type_id       uuid NOT NULL REFERENCES case_types(id),
  subject            text NOT NULL,
  description        text NOT NULL DEFAULT '',
  status_seq         integer NOT NULL,
  status_set_at      timestamptz NOT NULL,
  closed             boolean NOT NULL DEFAULT false,
  team_id            uuid REFERENCES teams(id),
  start_date         date NOT NULL,
  expected_end_date  date NOT NULL,
  end_date           date,
  created_by_kind    text NOT NULL,
  created_by_id      uuid,
  created_by_name    text NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX cases_team ON cases (team_id, closed);
CREATE INDEX cases_open_end ON cases (expected_end_date) WHERE NOT closed;

-- Who a case is about: the initiator (aanvrager) and other parties (belanghebbende, gemachtigde).
CREATE TABLE case_parties (
  case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  party_id   uuid NOT NULL REFERENCES parties(id),
  role       text NOT NULL CHECK (role IN ('initiator', 'stakeholder', 'representative')),
  PRIMARY KEY (case_id, party_id, role)
);
CREATE INDEX case_parties_party ON case_parties (party_id, case_id);

-- Every status a case had, with when, why and who. event_key makes an inbound status change
-- (Notificaties API, CloudEvents) count once however often it is delivered.
CREATE TABLE case_status_history (
  id           bigserial PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  code         text NOT NULL,
  name         text NOT NULL,
  at           timestamptz NOT NULL,
  explanation  text NOT NULL DEFAULT '',
  actor_kind   text NOT NULL,
  actor_id     uuid,
  actor_name   text NOT NULL,
  event_key    text UNIQUE
);
CREATE INDEX case_status_history_case ON case_status_history (case_id, id);

-- Documents as metadata: where the document is (a URL in a DMS, or a Loket attachment), not its bytes.
CREATE TABLE case_documents (
  id             uuid PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  title          text NOT NULL,
  document_date  date NOT NULL,
  url            text,
  attachment_id  uuid,
  added_by_name  text NOT NULL,
  created_at     timestamptz NOT NULL,
  CHECK (url IS NOT NULL OR attachment_id IS NOT NULL)
);
CREATE INDEX case_documents_case ON case_documents (case_id, document_date);

-- Inbound case events (Notificaties API messages, CloudEvents) already handled: a replay is a no-op.
CREATE TABLE case_inbound_events (
  source       text NOT NULL,
  event_id     text NOT NULL,
  received_at  timestamptz NOT NULL,
  case_ref     text NOT NULL,
  outcome      text NOT NULL,
  PRIMARY KEY (source, event_id)
);
