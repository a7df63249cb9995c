// Kysely table types. Each module owns its tables; this file only composes them.
// Add a module's tables as `<module>.tables.ts` beside its code and extend Database here.
import type { ColumnType, Generated } from 'kysely';
import type { KiTables } from '../api/klantinteracties/ki.tables.ts';
import type { ClosingDaysTable } from '../modules/calendar/calendar.tables.ts';
import type { CasesTables } from '../modules/cases/cases.tables.ts';
import type { EmailTables } from '../modules/channels/email/email.tables.ts';
import type { MessagingTables } from '../modules/channels/messaging/messaging.tables.ts';
import type { TelephonyTables } from '../modules/channels/telephony/telephony.tables.ts';
import type { WebformTables } from '../modules/channels/webforms/webforms.tables.ts';
import type { ChatTables } from '../modules/chat/chat.tables.ts';
import type { InsightsTables } from '../modules/insights/insights.tables.ts';
import type {
  KnowledgeArticlesTable,
  KnowledgeArticleVersionsTable,
} from '../modules/knowledge/knowledge.tables.ts';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.ts';
import type { OutboxMailTable } from '../modules/outbox/outbox.tables.ts';
import type { PreferencesTables } from '../modules/portal/preferences.tables.ts';
import type { RoutingTables } from '../modules/routing/routing.tables.ts';
import type { SubscriptionsTables } from '../modules/subscriptions/subscriptions.tables.ts';
import type {
  DepartmentsTable,
  DepartmentTeamsTable,
  TaskBackupsTable,
  TaskHistoryTable,
  TaskReminderReadsTable,
  TaskRemindersTable,
  TasksTable,
} from '../modules/tasks/tasks.tables.ts';

/** A timestamp with a default in SQL: optional on insert. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp the caller must give. */
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
export type Json<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;

export interface ChannelsTable {
  code: string;
  label: string;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface TeamsTable {
  id: string;
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface ContactReasonsTable {
  id: string;
  code: string;
  label: string;
  service_norm_days: Generated<number>;
  team_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmployeesTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface EmployeeTeamsTable {
  employee_id: string;
  team_id: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface PartiesTable {
  id: string;
  number: Generated<string>;
  kind: 'person' | 'organisation' | 'contact_person';
  initials: string | null;
  given_names: string | null;
  surname_prefix: string | null;
  surname: string | null;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  organisation_name: string | null;
  organisation_id: string | null;
  display_name: string;
  search_name: string;
  preferred_channel: string | null;
  language: Generated<string>;
  confidential: Generated<boolean>;
  active: Generated<boolean>;
  internal_note: string | null;
  merged_into: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type IdentifierType = 'bsn' | 'kvk_nummer' | 'vestigingsnummer' | 'rsin';

export interface PartyIdentifiersTable {
  id: string;
  party_id: string;
  type: IdentifierType;
  value: string;
  created_at: Timestamp;
}

export interface PartyAddressesTable {
  id: string;
  party_id: string;
  kind: 'visiting' | 'correspondence';
  street: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  postcode: string | null;
  city: string | null;
  country: Generated<string>;
  address_lines: string[] | null;
  bag_id: string | null;
  created_at: Timestamp;
}

export interface DigitalAddressesTable {
  id: string;
  party_id: string | null;
  kind: 'email' | 'phone' | 'other';
  value: string;
  label: string | null;
  is_preferred: Generated<boolean>;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ContactsTable {
  id: string;
  number: Generated<string>;
  channel: string;
  direction: 'in' | 'out';
  reason_id: string | null;
  subject: string;
  content: Generated<string>;
  result: string | null;
  resolved_first_contact: Generated<boolean>;
  succeeded: boolean | null;
  confidential: Generated<boolean>;
  language: Generated<string>;
  occurred_at: RequiredTimestamp;
  employee_id: string | null;
  team_id: string | null;
  created_at: Timestamp;
  search_vector: ColumnType<string, never, never>;
  thread_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Talk time of a call (migration 20261123T1530_telephony); null elsewhere. */
  duration_seconds: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ThreadsTable {
  id: string;
  reference: string;
  subject: string;
  created_at: RequiredTimestamp;
  last_activity_at: RequiredTimestamp;
}

export interface ContactPartiesTable {
  id: string;
  contact_id: string;
  party_id: string | null;
  role: Generated<'klant' | 'vertegenwoordiger' | 'ander'>;
  initiator: Generated<boolean>;
  details: Json;
  created_at: Timestamp;
  /** The contact's occurred_at and confidential, copied by trigger (migration 20261204T2200). */
  occurred_at: Generated<Date | null>;
  confidential: Generated<boolean | null>;
}

export interface ContactSubjectsTable {
  id: string;
  contact_id: string;
  kind: 'case' | 'product' | 'contact' | 'other';
  reference: string;
  register: string | null;
  related_contact_id: string | null;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: string;
  contact_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface ProcessingLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_kind: 'employee' | 'application' | 'resident';
  actor_id: string | null;
  actor_name: string;
  on_behalf_of: string | null;
  party_id: string;
  action: Generated<string>;
  purpose: string;
  endpoint: string;
}

export interface Database {
  channels: ChannelsTable;
  teams: TeamsTable;
  contact_reasons: ContactReasonsTable;
  employees: EmployeesTable;
  employee_teams: EmployeeTeamsTable;
  api_tokens: ApiTokensTable;
  parties: PartiesTable;
  party_identifiers: PartyIdentifiersTable;
  party_addresses: PartyAddressesTable;
  digital_addresses: DigitalAddressesTable;
  contacts: ContactsTable;
  threads: ThreadsTable;
  contact_parties: ContactPartiesTable;
  contact_subjects: ContactSubjectsTable;
  attachments: AttachmentsTable;
  processing_log: ProcessingLogTable;
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_article_versions: KnowledgeArticleVersionsTable;
  closing_days: ClosingDaysTable;
  departments: DepartmentsTable;
  department_teams: DepartmentTeamsTable;
  task_backups: TaskBackupsTable;
  tasks: TasksTable;
  task_reminders: TaskRemindersTable;
  task_history: TaskHistoryTable;
  task_reminder_reads: TaskReminderReadsTable;
  outbox_mail: OutboxMailTable;
}

// The Klantinteracties adapter's own tables (declaration merging keeps this edit to one line).
export interface Database extends KiTables {}
// The cases module's tables (issue 8).
export interface Database extends CasesTables {}

// The insights module's rollups and repeat marks (kept by triggers).
export interface Database extends InsightsTables {}

// Routing rules, team queues and opening hours (issue 6).
export interface Database extends RoutingTables {}

// WhatsApp, SMS and social media: conversations and the provider outbox (issue 6).
export interface Database extends MessagingTables {}

// The web chat's tables (issue 7).
export interface Database extends ChatTables {}

// Telephony calls and events, web-form submissions (issue 6).
export interface Database extends TelephonyTables {}
export interface Database extends WebformTables {}

// E-mail in and out: Message-IDs, daily auto-reply marks, quarantine (issue 6).
export interface Database extends EmailTables {}

// MijnGemeente: message preferences per kind and address verification codes (issue 8).
export interface Database extends PreferencesTables {}

// Topics residents subscribe to and the announcements published to them (issue 8).
export interface Database extends SubscriptionsTables {}

// Notifications to residents: the outbox with its dead letters, and the templates (issue 8).
export interface Database extends NotificationsTables {}
