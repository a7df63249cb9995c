-- Core: parties, contacts, the people who work with them, and the processing log.
-- Forward-only: never edit this file once committed; add a new migration instead.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ── Reference lists ────────────────────────────────────────────────────────
CREATE TABLE channels (
  code        text PRIMARY KEY,            -- phone, email, post, counter, webchat, whatsapp, social, webform, app
  label       text NOT NULL,               -- Dutch label shown on screens
  active      boolean NOT NULL DEFAULT true,
  sort_order  integer NOT NULL DEFAULT 0
);

INSERT INTO channels (code, label, sort_order) VALUES
  ('phone', 'Telefoon', 1), ('email', 'E-mail', 2), ('post', 'Post', 3), ('counter', 'Balie', 4),
  ('webchat', 'Webchat', 5), ('whatsapp', 'WhatsApp', 6), ('social', 'Sociale media', 7),
  ('webform', 'E-formulier', 8), ('app', 'App', 9);

CREATE TABLE teams (
  id          uuid PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_reasons (
  id                 uuid PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  label              text NOT NULL,
  service_norm_days  integer NOT NULL DEFAULT 2 CHECK (service_norm_days > 0),
  team_id            uuid REFERENCES teams(id),
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- ── Employees and applications ─────────────────────────────────────────────
CREATE TABLE employees (
  id             uuid PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  email          text,
  password_hash  text,                      -- null: only OIDC login
  roles          text[] NOT NULL DEFAULT '{}',   -- kcc, backoffice, manager, admin
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employee_teams (
  employee_id  uuid NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  team_id      uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  PRIMARY KEY (employee_id, team_id)
);
CREATE INDEX employee_teams_team ON employee_teams (team_id);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,      -- sha256 of the token; the token itself is shown once
  permissions   text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

-- ── Parties ────────────────────────────────────────────────────────────────
CREATE SEQUENCE party_number_seq START 1000000;

CREATE TABLE parties (
  id                 uuid PRIMARY KEY,
  number             text NOT NULL UNIQUE DEFAULT nextval('party_number_seq')::text,
  kind               text NOT NULL CHECK (kind IN ('person', 'organisation', 'contact_person')),
  -- person and contact person
  initials           text,
  given_names        text,
  surname_prefix     text,                  -- voorvoegsel: 'van', 'de', 'van der'
  surname            text,
  birth_date         date,
  -- organisation
  organisation_name  text,
  -- contact person: the organisation they work for
  organisation_id    uuid REFERENCES parties(id),
  display_name       text NOT NULL,
  search_name        text NOT NULL,         -- lower-case, accents stripped; for typo-tolerant search
  preferred_channel  text REFERENCES channels(code),
  language           text NOT NULL DEFAULT 'nl',
  confidential       boolean NOT NULL DEFAULT false,   -- indicatie geheimhouding
  active             boolean NOT NULL DEFAULT true,
  internal_note      text,
  merged_into        uuid REFERENCES parties(id),      -- set on the duplicate when two parties merge
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parties_search_name_trgm ON parties USING gin (search_name gin_trgm_ops);
CREATE INDEX parties_organisation ON parties (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE party_identifiers (
  id          uuid PRIMARY KEY,
  party_id    uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  type        text NOT NULL CHECK (type IN ('bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin')),
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_identifiers_value ON party_identifiers (value, type);
CREATE INDEX party_identifiers_party ON party_identifiers (party_id);
-- A BSN, a vestigingsnummer and an RSIN each identify one party; a KvK-nummer may span branches.
CREATE UNIQUE INDEX party_identifiers_unique ON party_identifiers (type, value)
  WHERE type IN ('bsn', 'vestigingsnummer', 'rsin');

CREATE TABLE party_addresses (
  id                   uuid PRIMARY KEY,
  party_id             uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  kind                 text NOT NULL CHECK (kind IN ('visiting', 'correspondence')),
  street               text,
  house_number         integer,
  house_letter         text,
  house_number_suffix  text,               -- toevoeging
  postcode             text,               -- normalised: '1234AB'
  city                 text,
  country              text NOT NULL DEFAULT 'NL',
  address_lines        text[],             -- foreign or free-form addresses
  bag_id               text,               -- nummeraanduiding-id in the BAG
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (party_id, kind)
);
CREATE INDEX party_addresses_postcode ON party_addresses (postcode, house_number);

CREATE TABLE digital_addresses (
  id            uuid PRIMARY KEY,
  party_id      uuid REFERENCES parties(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('email', 'phone', 'other')),
  value         text NOT NULL,             -- e-mail lower-cased; phone in E.164
  label         text,
  is_preferred  boolean NOT NULL DEFAULT false,
  verified_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX digital_addresses_value ON digital_addresses (value);
CREATE INDEX digital_addresses_party ON digital_addresses (party_id);
CREATE UNIQUE INDEX digital_addresses_one_preferred ON digital_addresses (party_id, kind) WHERE is_preferred;

-- ── Contacts ───────────────────────────────────────────────────────────────
CREATE SEQUENCE contact_number_seq START 1000000;

CREATE TABLE contacts (
  id                      uuid PRIMARY KEY,
  number                  text NOT NULL UNIQUE DEFAULT nextval('contact_number_seq')::text,
  channel                 text NOT NULL REFERENCES channels(code),
  direction               text NOT NULL CHECK (direction IN ('in', 'out')),
  reason_id               uuid REFERENCES contact_reasons(id),
  subject                 text NOT NULL,
  content                 text NOT NULL DEFAULT '',   -- what was discussed
  result                  text,                       -- the answer given
  resolved_first_contact  boolean NOT NULL DEFAULT false,
  succeeded               boolean,                    -- was contact made at all (indicatie contact gelukt)
  confidential            boolean NOT NULL DEFAULT false,
  language                text NOT NULL DEFAULT 'nl',
  occurred_at             timestamptz NOT NULL,
  employee_id             uuid REFERENCES employees(id),
  team_id                 uuid REFERENCES teams(id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  search_vector           tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('dutch', coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('dutch', coalesce(content, '') || ' ' || coalesce(result, '')), 'B')
  ) STORED
);
CREATE INDEX contacts_search ON contacts USING gin (search_vector);
CREATE INDEX contacts_occurred ON contacts (occurred_at DESC);
CREATE INDEX contacts_reason ON contacts (reason_id);

CREATE TABLE contact_parties (
  id          uuid PRIMARY KEY,
  contact_id  uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  party_id    uuid REFERENCES parties(id),
  role        text NOT NULL DEFAULT 'klant' CHECK (role IN ('klant', 'vertegenwoordiger', 'ander')),
  initiator   boolean NOT NULL DEFAULT true,
  details     jsonb NOT NULL DEFAULT '{}',  -- name and address as given during the contact
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_parties_contact ON contact_parties (contact_id);
CREATE INDEX contact_parties_party ON contact_parties (party_id, contact_id) WHERE party_id IS NOT NULL;

CREATE TABLE contact_subjects (
  id                 uuid PRIMARY KEY,
  contact_id         uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind               text NOT NULL CHECK (kind IN ('case', 'product', 'contact', 'other')),
  reference          text NOT NULL,          -- case number or URL, product code, contact id
  register           text,                   -- e.g. 'openzaak', 'pdc'
  related_contact_id uuid REFERENCES contacts(id),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_subjects_contact ON contact_subjects (contact_id);
CREATE INDEX contact_subjects_reference ON contact_subjects (kind, reference);

CREATE TABLE attachments (
  id            uuid PRIMARY KEY,
  contact_id    uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  filename      text NOT NULL,
  content_type  text NOT NULL,
  size_bytes    integer NOT NULL,
  sha256        text NOT NULL,
  data          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_contact ON attachments (contact_id);

-- ── Processing log (verwerkingenlogging) ───────────────────────────────────
CREATE TABLE processing_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_kind    text NOT NULL CHECK (actor_kind IN ('employee', 'application', 'resident')),
  actor_id      uuid,
  actor_name    text NOT NULL,
  on_behalf_of  text,                       -- the end user an application acts for
  party_id      uuid NOT NULL,
  action        text NOT NULL DEFAULT 'read',
  purpose       text NOT NULL,
  endpoint      text NOT NULL
);
CREATE INDEX processing_log_party ON processing_log (party_id, at DESC);
CREATE INDEX processing_log_actor ON processing_log (actor_id, at DESC);
