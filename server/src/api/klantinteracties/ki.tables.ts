// Kysely types of the Klantinteracties adapter's own tables (migration 20261123T1200_klantinteracties).
import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../db/schema.ts';

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export type ActorKind = 'medewerker' | 'organisatorische_eenheid' | 'geautomatiseerde_actor';

export interface KiActorsTable {
  id: string;
  kind: ActorKind;
  name: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  employee_id: string | null;
  team_id: string | null;
  object_id: string | null;
  object_type: string | null;
  register: string | null;
  id_kind: string | null;
  job_title: string | null;
  email: string | null;
  phone: string | null;
  fax: string | null;
  description: string | null;
  created_at: Timestamp;
}

export interface KiActorContactsTable {
  id: string;
  actor_id: string;
  contact_id: string;
  created_at: Timestamp;
}

export interface KiRepresentationsTable {
  id: string;
  representing_party_id: string;
  represented_party_id: string;
  created_at: Timestamp;
}

export interface KiBankAccountsTable {
  id: string;
  party_id: string | null;
  iban: string;
  bic: string | null;
  is_preferred: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface KiCategoriesTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface KiCategoryRelationsTable {
  id: string;
  party_id: string | null;
  category_id: string | null;
  start_date: DateColumn;
  end_date: DateColumn;
  created_at: Timestamp;
}

export interface KiContactExtrasTable {
  contact_id: string;
  reference_number: string | null;
  main_subject_type: string | null;
  further_action: ColumnType<boolean, boolean | undefined, boolean>;
  metadata: Json<Record<string, string>>;
}

export interface KiDigitalAddressExtrasTable {
  digital_address_id: string;
  reference: string | null;
  involvement_id: string | null;
}

export interface KiSubjectExtrasTable {
  subject_id: string;
  object_type: string | null;
  id_kind: string | null;
}

export interface KiAttachmentRefsTable {
  id: string;
  contact_id: string | null;
  object_id: string | null;
  object_type: string | null;
  register: string | null;
  id_kind: string | null;
  created_at: Timestamp;
}

export interface KiTables {
  ki_actors: KiActorsTable;
  ki_actor_contacts: KiActorContactsTable;
  ki_representations: KiRepresentationsTable;
  ki_bank_accounts: KiBankAccountsTable;
  ki_categories: KiCategoriesTable;
  ki_category_relations: KiCategoryRelationsTable;
  ki_contact_extras: KiContactExtrasTable;
  ki_digital_address_extras: KiDigitalAddressExtrasTable;
  ki_subject_extras: KiSubjectExtrasTable;
  ki_attachment_refs: KiAttachmentRefsTable;
}
