import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../db/schema.ts';

export interface ClosingDaysTable {
  day: ColumnType<string, string, string>;
  reason: string;
  created_at: Timestamp;
}
