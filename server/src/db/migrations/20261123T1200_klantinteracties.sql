-- Klantinteracties API: what the VNG standard has and Loket's core does not. Additive only: the
-- shared data (parties, contacts, involvements, subjects, digital addresses, identifiers, tasks)
-- stays in the core tables; these tables hold the standard's extra objects and fields.

-- Actoren: employees, teams (organisatorische eenheden) and automated actors as the standard
-- sees them. An actor linked to an employee or team has the SAME id as that employee or team.
CREATE TABLE ki_actors (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('medewerker', 'organisatorische_eenheid', 'geautomatiseerde_actor')),
  name         text NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  employee_id  uuid REFERENCES employees(id) ON DELETE SET NULL,
  team_id      uuid REFERENCES teams(id) ON DELETE SET NULL,
  -- actoridentificator: a key in another register
  object_id    text,
  object_type  text,
  register     text,
  id_kind      text,
  -- actorIdentificatie: depends on the kind
  job_title    text,
  email        text,
  phone        text,
  fax          text,
  description  text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ki_actors_kind ON ki_actors (kind, name);

CREATE TABLE ki_actor_contacts (
  id          uuid PRIMARY KEY,
  actor_id    uuid NOT NULL REFERENCES ki_actors(id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (actor_id, contact_id)
);
CREATE INDEX ki_actor_contacts_contact ON ki_actor_contacts (contact_id);

-- Vertegenwoordigingen: one party acts for another (a guardian, an authorised representative).
CREATE TABLE ki_representations (
  id                     uuid PRIMARY KEY,
  representing_party_id  uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  represented_party_id   uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
  created_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (representing_party_id, represented_party_id)
);
CREATE INDEX ki_representations_represented ON ki_representations (represented_party_id);

CREATE TABLE ki_bank_accounts (
  id            uuid PRIMARY KEY,
  party_id      uuid REFERENCES parties(id) ON DELETE CASCADE,
  iban          text NOT NULL,
  bic           text,
  is_preferred  boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ki_bank_accounts_party ON ki_bank_accounts (party_id);
CREATE UNIQUE INDEX ki_bank_accounts_one_preferred ON ki_bank_accounts (party_id) WHERE is_preferred;

CREATE TABLE ki_categories (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ki_category_relations (
  id           uuid PRIMARY KEY,
  party_id     uuid REFERENCES parties(id) ON DELETE CASCADE,
  category_id  uuid REFERENCES ki_categories(id) ON DELETE CASCADE,
  start_date   date,
  end_date     date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX ki_category_relations_party ON ki_category_relations (party_id);
CREATE INDEX ki_category_relations_category ON ki_category_relations (category_id);

-- Fields of a klantcontact the app does not use.
CREATE TABLE ki_contact_extras (
  contact_id         uuid PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
  reference_number   text,
  main_subject_type  text,
  further_action     boolean NOT NULL DEFAULT false,
  metadata           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ki_contact_extras_reference ON ki_contact_extras (reference_number) WHERE reference_number IS NOT NULL;

-- Fields of a digitaal adres the app does not use: its reference and the involvement that gave it.
CREATE TABLE ki_digital_address_extras (
  digital_address_id  uuid PRIMARY KEY REFERENCES digital_addresses(id) ON DELETE CASCADE,
  reference           text,
  involvement_id      uuid REFERENCES contact_parties(id) ON DELETE SET NULL
);
CREATE INDEX ki_digital_address_extras_involvement ON ki_digital_address_extras (involvement_id)
  WHERE involvement_id IS NOT NULL;

-- The exact codes of an onderwerpobjectidentificator (the core keeps kind, reference, register).
CREATE TABLE ki_subject_extras (
  subject_id   uuid PRIMARY KEY REFERENCES contact_subjects(id) ON DELETE CASCADE,
  object_type  text,
  id_kind      text
);

-- Bijlagen as the standard has them: a reference to a document in a document register.
CREATE TABLE ki_attachment_refs (
  id           uuid PRIMARY KEY,
  contact_id   uuid REFERENCES contacts(id) ON DELETE CASCADE,
  object_id    text,
  object_type  text,
  register     text,
  id_kind      text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ki_attachment_refs_contact ON ki_attachment_refs (contact_id);
