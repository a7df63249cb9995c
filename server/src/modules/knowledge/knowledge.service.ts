// Knowledge base use cases: search, suggestions per contact reason, editing with history, import.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { readImportSet } from './knowledge.import.ts';
import type { ArticleRow, ArticleValues } from './knowledge.repo.ts';
import * as repo from './knowledge.repo.ts';
import type { ArticleInput, ArticlePatch, ArticleStatus, ImportBody } from './knowledge.schemas.ts';

/** Who wrote a version: an employee, an application, or the demo seed (id null). */
export type Editor = { id: string | null; name: string };
export const editorOf = (actor: Actor): Editor => ({ id: actor.id, name: actor.name });

export type ArticleContent = ArticleInput;

export type ArticleDetails = ArticleContent & {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: { id: string | null; name: string } | null;
};

/** What residents, the portal and the chatbot may see: never the work instructions. */
export type PublicArticle = Omit<ArticleContent, 'workInstructions' | 'status'> & {
  id: string;
  updatedAt: Date;
};

export type Snippet = { text: string; highlight: boolean }[];

export type ArticleHit = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: ArticleStatus;
  humanOnly: boolean;
  keywords: string[];
  reasonCodes: string[];
  updatedAt: Date;
  score: number;
  /** Matching fragments; `highlight` parts are the words that matched. */
  snippet: Snippet;
};

export type SearchResult<T> = {
  query: string | null;
  results: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
};

const contentOf = (r: ArticleRow): ArticleContent => ({
  slug: r.slug,
  title: r.title,
  summary: r.summary,
  description: r.description,
  conditions: r.conditions,
  costs: r.costs,
  howToApply: r.how_to_apply,
  workInstructions: r.work_instructions,
  keywords: r.keywords,
  reasonCodes: r.reason_codes,
  status: r.status,
  humanOnly: r.human_only,
});

const valuesOf = (c: ArticleContent): ArticleValues => ({
  slug: c.slug,
  title: c.title,
  summary: c.summary,
  description: c.description,
  conditions: c.conditions,
  costs: c.costs,
  how_to_apply: c.howToApply,
  work_instructions: c.workInstructions,
  keywords: c.keywords,
  reason_codes: c.reasonCodes,
  status: c.status,
  human_only: c.humanOnly,
});

export const toDetails = (r: ArticleRow): ArticleDetails => ({
  id: r.id,
  ...contentOf(r),
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by_name ? { id: r.updated_by_id, name: r.updated_by_name } : null,
});

export const toPublic = (r: ArticleRow): PublicArticle => {
  const { workInstructions: _hidden, status: _status, ...rest } = contentOf(r);
  return { id: r.id, ...rest, updatedAt: r.updated_at };
};

const contentKeys: (keyof ArticleContent)[] = [
  'slug',
  'title',
  'summary',
  'description',
  'conditions',
  'costs',
  'howToApply',
  'workInstructions',
  'keywords',
  'reasonCodes',
  'status',
  'humanOnly',
];

function changedFields(a: ArticleContent, b: ArticleContent): (keyof ArticleContent)[] {
  return contentKeys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Kysely cannot nest transactions: join the caller's when there is one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export async function getArticle(db: Db, idOrSlug: string, opts: { includeDrafts?: boolean } = {}) {
  const row = await repo.findArticle(db, idOrSlug);
  if (!row || (row.status !== 'published' && !opts.includeDrafts)) throw notFound('Artikel');
  return toDetails(row);
}

export async function getPublishedArticle(db: Db, idOrSlug: string): Promise<PublicArticle> {
  const row = await repo.findArticle(db, idOrSlug);
  if (row?.status !== 'published') throw notFound('Artikel');
  return toPublic(row);
}

export async function createArticle(db: Db, input: ArticleInput, editor: Editor, now: Date) {
  return inTransaction(db, async (trx) => {
    if (await repo.slugTaken(trx, input.slug))
      throw conflict(`Er is al een artikel met slug '${input.slug}'.`, 'slug');
    const row = await repo.insertArticle(trx, {
      id: randomUUID(),
      ...valuesOf(input),
      created_at: now,
      updated_at: now,
      updated_by_id: editor.id,
      updated_by_name: editor.name,
    });
    return toDetails(row);
  });
}

/** Write `next` over `current`, keeping `current` as a version. No change, no new version. */
async function replaceContent(trx: Db, current: ArticleRow, next: ArticleContent, editor: Editor, now: Date) {
  if (changedFields(contentOf(current), next).length === 0) return { row: current, changed: false };
  if (next.slug !== current.slug && (await repo.slugTaken(trx, next.slug, current.id))) {
    throw conflict(`Er is al een artikel met slug '${next.slug}'.`, 'slug');
  }
  await repo.insertVersion(trx, {
    id: randomUUID(),
    article_id: current.id,
    version: current.version,
    content: contentOf(current),
    edited_at: current.updated_at,
    edited_by_id: current.updated_by_id,
    edited_by_name: current.updated_by_name,
    superseded_at: now,
  });
  const row = await repo.updateArticle(trx, current.id, {
    ...valuesOf(next),
    version: current.version + 1,
    updated_at: now,
    updated_by_id: editor.id,
    updated_by_name: editor.name,
  });
  return { row, changed: true };
}

export async function updateArticle(
  db: Db,
  idOrSlug: string,
  patch: ArticlePatch,
  editor: Editor,
  now: Date,
) {
  return inTransaction(db, async (trx) => {
    const current = await repo.findArticle(trx, idOrSlug, { forUpdate: true });
    if (!current) throw notFound('Artikel');
    const { version, ...fields } = patch;
    if (version !== undefined && version !== current.version) {
      throw new AppError(
        'conflict',
        `Het artikel is intussen gewijzigd (nu versie ${current.version}). Laad het opnieuw en breng uw wijziging opnieuw aan.`,
        [{ name: 'version', code: 'stale', reason: `Verwacht versie ${current.version}.` }],
      );
    }
    const next = { ...contentOf(current), ...stripUndefined(fields) };
    const { row } = await replaceContent(trx, current, next, editor, now);
    return toDetails(row);
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type ArticleVersion = {
  version: number;
  current: boolean;
  editedAt: Date;
  editedBy: { id: string | null; name: string } | null;
  /** Fields that differ from the version before; empty for the first. */
  changedFields: string[];
  content: ArticleContent;
};

export async function articleHistory(db: Db, idOrSlug: string) {
  const row = await repo.findArticle(db, idOrSlug);
  if (!row) throw notFound('Artikel');
  const older = await repo.listVersions(db, row.id);
  const all = [
    {
      version: row.version,
      content: contentOf(row),
      editedAt: row.updated_at,
      id: row.updated_by_id,
      name: row.updated_by_name,
    },
    ...older.map((v) => ({
      version: v.version,
      content: v.content as unknown as ArticleContent,
      editedAt: v.edited_at,
      id: v.edited_by_id,
      name: v.edited_by_name,
    })),
  ];
  const versions: ArticleVersion[] = all.map((v, i) => {
    const previous = all[i + 1];
    return {
      version: v.version,
      current: i === 0,
      editedAt: v.editedAt,
      editedBy: v.name ? { id: v.id, name: v.name } : null,
      changedFields: previous ? changedFields(previous.content, v.content) : [],
      content: v.content,
    };
  });
  return { articleId: row.id, slug: row.slug, title: row.title, currentVersion: row.version, versions };
}

export function toSnippet(headline: string): Snippet {
  const parts: Snippet = [];
  for (const [i, piece] of headline.split(repo.markStart).entries()) {
    if (i === 0) {
      if (piece) parts.push({ text: piece, highlight: false });
      continue;
    }
    const [hit = '', rest = ''] = piece.split(repo.markStop);
    if (hit) parts.push({ text: hit, highlight: true });
    if (rest) parts.push({ text: rest, highlight: false });
  }
  return parts;
}

/** The words of a query as an AND-prefix tsquery ('paspoort & kwij:*'), or null when it uses operators. */
export function prefixQuery(q: string): string | null {
  if (/["()]|(^|\s)-|\bor\b/i.test(q)) return null;
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0 || words.length > 10) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

export async function searchArticles(
  db: Db,
  query: { q?: string; status?: ArticleStatus | 'all'; reason?: string; limit: number; page: number },
  scope: 'internal' | 'public',
  opts: { includeDrafts?: boolean } = {},
): Promise<SearchResult<ArticleHit>> {
  const q = query.q?.trim() || null;
  const statuses: ArticleStatus[] = !opts.includeDrafts
    ? ['published']
    : query.status === 'all'
      ? ['draft', 'published']
      : [query.status ?? 'published'];
  const rows = await repo.searchArticles(db, {
    q,
    prefix: q ? prefixQuery(q) : null,
    statuses,
    reason: query.reason ?? null,
    scope,
    limit: query.limit,
    offset: (query.page - 1) * query.limit,
  });
  const results = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    status: r.status,
    humanOnly: r.human_only,
    keywords: r.keywords,
    reasonCodes: r.reason_codes,
    updatedAt: r.updated_at,
    score: Math.round(Number(r.rank) * 10_000) / 10_000,
    snippet: toSnippet(r.headline ?? ''),
  }));
  return { query: q, results, page: query.page, pageSize: query.limit, hasMore: rows.length > query.limit };
}

/** Articles for the side panel next to a contact: those linked to the chosen contact reason. */
export async function suggestArticles(db: Db, reasonCode: string, limit = 5) {
  const rows = await repo.articlesForReason(db, reasonCode, limit);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    humanOnly: r.human_only,
    reasonCodes: r.reason_codes,
  }));
}

export type ImportReport = {
  dryRun: boolean;
  created: { slug: string; title: string }[];
  updated: { slug: string; title: string; version: number }[];
  unchanged: { slug: string; title: string }[];
};

/**
 * Import a set of articles, matched on slug: new slugs are created, existing ones updated (with a
 * history entry). All or nothing: one bad item and nothing is stored; every problem is reported.
 */
export async function importArticles(
  db: Db,
  body: ImportBody,
  editor: Editor,
  now: Date,
): Promise<ImportReport> {
  const { items, problems } = readImportSet(body);
  if (problems.length > 0) {
    throw new AppError(
      'invalid',
      `De import is niet uitgevoerd: ${problems.length} probleem/problemen gevonden.`,
      problems,
    );
  }
  return inTransaction(db, async (trx) => {
    const report: ImportReport = { dryRun: body.dryRun, created: [], updated: [], unchanged: [] };
    const slugs = items.map((i) => i.input.slug);
    const existing = new Map((await repo.findArticlesBySlugs(trx, slugs)).map((r) => [r.slug, r]));
    const fresh: Parameters<typeof repo.insertArticles>[1] = [];
    for (const { input } of items) {
      const current = existing.get(input.slug);
      if (!current) {
        fresh.push({
          id: randomUUID(),
          ...valuesOf(input),
          created_at: now,
          updated_at: now,
          updated_by_id: editor.id,
          updated_by_name: editor.name,
        });
        report.created.push({ slug: input.slug, title: input.title });
      } else if (changedFields(contentOf(current), input).length === 0) {
        report.unchanged.push({ slug: current.slug, title: current.title });
      } else {
        const row = body.dryRun ? current : (await replaceContent(trx, current, input, editor, now)).row;
        report.updated.push({
          slug: input.slug,
          title: input.title,
          version: body.dryRun ? current.version + 1 : row.version,
        });
      }
    }
    if (!body.dryRun) await repo.insertArticles(trx, fresh);
    return report;
  });
}

/** A published article as an in-memory index needs it: public text only, and its stemmed vector. */
export type IndexedArticle = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  humanOnly: boolean;
  reasonCodes: string[];
  /** Title, summary, keywords and the public body, for the words residents use. */
  text: string;
  /** The public search vector as PostgreSQL prints it: 'lexeme':positions with weights A–D. */
  vector: string;
};

/**
 * For an index of published articles kept in memory (the chatbot's): the articles, unless the
 * knowledge base has not changed since `version`. Never returns work instructions.
 */
export async function publishedArticlesSince(
  db: Db,
  version: string | null,
): Promise<{ version: string; articles: IndexedArticle[] | null }> {
  const now = await repo.articlesVersion(db);
  if (now === version) return { version: now, articles: null };
  const rows = await repo.publishedForIndex(db);
  return {
    version: now,
    articles: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      summary: r.summary,
      humanOnly: r.human_only,
      reasonCodes: r.reason_codes,
      text: r.text,
      vector: r.vector,
    })),
  };
}
