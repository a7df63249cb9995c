import type { ColumnType, Generated } from 'kysely';
import type { RequiredTimestamp, Timestamp } from '../../db/schema.ts';

/** A date column ('YYYY-MM-DD'); read as a string (see db/connect.ts type parsers). */
type DateColumn = ColumnType<string, string, string>;
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export type CasePartyRole = 'initiator' | 'stakeholder' | 'representative';

export interface CaseTypesTable {
  id: string;
  code: string;
  name: string;
  description: Generated<string>;
  term_days: number;
  team_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseTypeStatusesTable {
  case_type_id: string;
  seq: number;
  code: string;
  name: string;
}

export interface CasesTable {
  id: string;
  identification: Generated<string>;
  case_type_id: string;
  subject: string;
  description: Generated<string>;
  status_seq: number;
  status_set_at: RequiredTimestamp;
  closed: Generated<boolean>;
  team_id: string | null;
  start_date: DateColumn;
  expected_end_date: DateColumn;
  end_date: NullableDateColumn;
  created_by_kind: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
}

export interface CasePartiesTable {
  case_id: string;
  party_id: string;
  role: CasePartyRole;
}

export interface CaseStatusHistoryTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  code: string;
  name: string;
  at: RequiredTimestamp;
  explanation: Generated<string>;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  event_key: string | null;
}

export interface CaseDocumentsTable {
  id: string;
  case_id: string;
  title: string;
  document_date: DateColumn;
  url: string | null;
  attachment_id: string | null;
  added_by_name: string;
  created_at: RequiredTimestamp;
}

export interface CaseInboundEventsTable {
  source: string;
  event_id: string;
  received_at: RequiredTimestamp;
  case_ref: string;
  outcome: string;
}

export interface CasesTables {
  case_types: CaseTypesTable;
  case_type_statuses: CaseTypeStatusesTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  case_status_history: CaseStatusHistoryTable;
  case_documents: CaseDocumentsTable;
  case_inbound_events: CaseInboundEventsTable;
}
