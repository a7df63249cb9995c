// The portal's preference tables (migration 20261204T0700_notifications): what a party chose per kind
// of message, and the codes that verify a new e-mail address or phone number.
import type { ColumnType } from 'kysely';
import type { NullableTimestamp, RequiredTimestamp, Timestamp } from '../../db/schema.ts';

export type MessageKind = 'case_status' | 'callback' | 'document' | 'announcement';
export type MessageChannel = 'email' | 'sms' | 'whatsapp' | 'post';

export interface PartyMessagePreferencesTable {
  party_id: string;
  message_kind: MessageKind;
  channel: MessageChannel;
  updated_at: Timestamp;
}

export interface AddressVerificationsTable {
  id: string;
  party_id: string;
  kind: 'email' | 'phone';
  value: string;
  code_hash: string;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: RequiredTimestamp;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

export type PreferencesTables = {
  party_message_preferences: PartyMessagePreferencesTable;
  address_verifications: AddressVerificationsTable;
};
