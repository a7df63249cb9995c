import type { RequiredTimestamp } from '../../../db/schema.ts';

export interface WebformSubmissionsTable {
  reference: string;
  form_id: string;
  contact_id: string | null;
  auth_attribute: 'bsn' | 'kvk' | null;
  auth_value: string | null;
  submitted_at: RequiredTimestamp;
  received_at: RequiredTimestamp;
}

export interface WebformTables {
  webform_submissions: WebformSubmissionsTable;
}
