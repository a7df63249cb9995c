// The only SQL for knowledge_articles and knowledge_article_versions.
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { KnowledgeArticlesTable } from './knowledge.tables.ts';

export type ArticleRow = Omit<Selectable<KnowledgeArticlesTable>, 'search_vector' | 'internal_vector'>;
export type ArticleValues = Omit<
  ArticleRow,
  'id' | 'version' | 'created_at' | 'updated_at' | 'updated_by_id' | 'updated_by_name'
>;

const columns = [
  'id',
  'slug',
  'title',
  'summary',
  'description',
  'conditions',
  'costs',
  'how_to_apply',
  'work_instructions',
  'keywords',
  'reason_codes',
  'status',
  'human_only',
  'version',
  'created_at',
  'updated_at',
  'updated_by_id',
  'updated_by_name',
] as const;

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function findArticle(db: Db, idOrSlug: string, opts: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('knowledge_articles')
    .select(columns)
    .where(isUuid(idOrSlug) ? 'id' : 'slug', '=', idOrSlug);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findArticlesBySlugs(db: Db, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.selectFrom('knowledge_articles').select(columns).where('slug', 'in', slugs).forUpdate().execute();
}

export async function slugTaken(db: Db, slug: string, exceptId?: string) {
  let q = db.selectFrom('knowledge_articles').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function insertArticle(
  db: Db,
  row: ArticleValues & {
    id: string;
    created_at: Date;
    updated_at: Date;
    updated_by_id: string | null;
    updated_by_name: string | null;
  },
) {
  return db.insertInto('knowledge_articles').values(row).returning(columns).executeTakeFirstOrThrow();
}

export async function insertArticles(db: Db, rows: Parameters<typeof insertArticle>[1][]) {
  // One statement per 100 rows: an import of a whole catalogue is one round trip, not hundreds.
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('knowledge_articles')
      .values(rows.slice(i, i + 100))
      .execute();
  }
}

export async function updateArticle(
  db: Db,
  id: string,
  values: ArticleValues & {
    version: number;
    updated_at: Date;
    updated_by_id: string | null;
    updated_by_name: string | null;
  },
) {
  return db
    .updateTable('knowledge_articles')
    .set(values)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function insertVersion(
  db: Db,
  row: {
    id: string;
    article_id: string;
    version: number;
    content: Record<string, unknown>;
    edited_at: Date;
    edited_by_id: string | null;
    edited_by_name: string | null;
    superseded_at: Date;
  },
) {
  await db
    .insertInto('knowledge_article_versions')
    .values({ ...row, content: JSON.stringify(row.content) })
    .execute();
}

export async function listVersions(db: Db, articleId: string) {
  return db
    .selectFrom('knowledge_article_versions')
    .select(['version', 'content', 'edited_at', 'edited_by_id', 'edited_by_name', 'superseded_at'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
}

export type SearchFilter = {
  /** websearch_to_tsquery syntax: words, "phrases", or, -not. */
  q: string | null;
  /** The same words as a prefix query (last word with :*), so type-ahead finds 'paspo…'. */
  prefix: string | null;
  statuses: ('draft' | 'published')[];
  reason: string | null;
  /** 'public' never searches or shows work instructions. */
  scope: 'internal' | 'public';
  limit: number;
  offset: number;
};

// Private-use characters mark the hits in ts_headline, so article text can never be mistaken for markup.
export const markStart = '\uE000';
export const markStop = '\uE001';
const headlineOptions = `StartSel=${markStart}, StopSel=${markStop}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

export async function searchArticles(db: Db, f: SearchFilter) {
  const vector = f.scope === 'public' ? sql.ref('search_vector') : sql.ref('internal_vector');
  const body =
    f.scope === 'public'
      ? sql`concat_ws(' ', summary, description, conditions, costs, how_to_apply)`
      : sql`concat_ws(' ', summary, description, conditions, costs, how_to_apply, work_instructions)`;
  const tsQuery = f.q
    ? f.prefix
      ? sql`(websearch_to_tsquery('dutch', ${f.q}) || to_tsquery('dutch', ${f.prefix}))`
      : sql`websearch_to_tsquery('dutch', ${f.q})`
    : null;

  let q = db
    .selectFrom('knowledge_articles')
    .select(columns)
    .where('status', 'in', f.statuses)
    .limit(f.limit + 1)
    .offset(f.offset);
  if (f.reason) q = q.where(sql<boolean>`reason_codes @> ARRAY[${f.reason}]::text[]`);
  if (!tsQuery) {
    return q
      .select([sql<number>`0`.as('rank'), sql<string>`summary`.as('headline')])
      .orderBy('title')
      .execute();
  }
  return q
    .select([
      // A title that is mostly the query ("Paspoort aanvragen") beats one that merely mentions it.
      sql<number>`ts_rank(${vector}, ${tsQuery}) + ts_rank(setweight(to_tsvector('dutch', title), 'A'), ${tsQuery}, 2)`.as(
        'rank',
      ),
      sql<string>`ts_headline('dutch', ${body}, ${tsQuery}, ${headlineOptions})`.as('headline'),
    ])
    .where(sql<boolean>`${vector} @@ ${tsQuery}`)
    .orderBy('rank', 'desc')
    .orderBy('title')
    .execute();
}

/** Published articles linked to a contact reason; the most specific (fewest reasons) first. */
export async function articlesForReason(db: Db, reasonCode: string, limit: number) {
  return db
    .selectFrom('knowledge_articles')
    .select(columns)
    .where('status', '=', 'published')
    .where(sql<boolean>`reason_codes @> ARRAY[${reasonCode}]::text[]`)
    .orderBy(sql`cardinality(reason_codes)`)
    .orderBy('title')
    .limit(limit)
    .execute();
}

/**
 * Changes whenever an article is created, edited, published or withdrawn (every edit bumps version
 * and updated_at): a cheap way for an index kept in memory to see it is stale.
 */
export async function articlesVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('knowledge_articles')
    .select(
      sql<string>`count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '')`.as(
        'v',
      ),
    )
    .executeTakeFirstOrThrow();
  return row.v;
}

/** Published articles with their public text and search vector as text ('lexeme':1A,5B …), for such an index. */
export async function publishedForIndex(db: Db) {
  return db
    .selectFrom('knowledge_articles')
    .select(['id', 'slug', 'title', 'summary', 'reason_codes', 'human_only'])
    .select([
      sql<string>`concat_ws(' ', title, summary, array_to_string(keywords, ' '), description, conditions, costs, how_to_apply)`.as(
        'text',
      ),
      sql<string>`search_vector::text`.as('vector'),
    ])
    .where('status', '=', 'published')
    .execute();
}
