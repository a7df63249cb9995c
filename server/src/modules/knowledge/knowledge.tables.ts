// Kysely table types for the knowledge base; composed into db/schema.ts.
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../db/schema.ts';

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface KnowledgeArticlesTable {
  id: string;
  slug: string;
  title: string;
  summary: Generated<string>;
  description: Generated<string>;
  conditions: Generated<string>;
  costs: Generated<string>;
  how_to_apply: Generated<string>;
  work_instructions: Generated<string>;
  keywords: TextArray;
  reason_codes: TextArray;
  status: Generated<'draft' | 'published'>;
  human_only: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_id: string | null;
  updated_by_name: string | null;
  /** Maintained by a trigger. */
  search_vector: ColumnType<string, never, never>;
  internal_vector: ColumnType<string, never, never>;
}

export interface KnowledgeArticleVersionsTable {
  id: string;
  article_id: string;
  version: number;
  content: Json;
  edited_at: ColumnType<Date, Date | string, Date | string>;
  edited_by_id: string | null;
  edited_by_name: string | null;
  superseded_at: ColumnType<Date, Date | string, Date | string>;
}
