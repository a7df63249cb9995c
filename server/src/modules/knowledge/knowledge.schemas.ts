// The shapes of the knowledge-base API. One article input schema serves the editor, the JSON import
// and the Markdown import (after its front matter and sections are read).
import { z } from 'zod';

export const articleStatuses = ['draft', 'published'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const codePattern = /^[a-z0-9][a-z0-9_-]*$/;

const text = (max: number) => z.string().trim().max(max);
const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(slugPattern, 'Gebruik kleine letters, cijfers en koppeltekens, bijvoorbeeld paspoort-aanvragen.');
const word = z.string().trim().min(1).max(60);
const reasonCode = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(codePattern, 'Ongeldige code van een contactreden.');

/** The editable fields of an article. */
export const articleFields = {
  slug,
  title: z.string().trim().min(1).max(200),
  summary: text(1_000).default(''),
  description: text(20_000).default(''),
  conditions: text(20_000).default(''),
  costs: text(10_000).default(''),
  howToApply: text(20_000).default(''),
  workInstructions: text(20_000).default(''),
  keywords: z.array(word).max(50).default([]),
  reasonCodes: z.array(reasonCode).max(50).default([]),
  status: z.enum(articleStatuses).default('draft'),
  humanOnly: z.boolean().default(false),
};

export const articleInput = z.object(articleFields).strict();
export type ArticleInput = z.infer<typeof articleInput>;

/** A patch: every field optional; `version` guards against overwriting someone else's edit. */
export const articlePatch = z
  .object({
    slug: articleFields.slug.optional(),
    title: articleFields.title.optional(),
    summary: text(1_000).optional(),
    description: text(20_000).optional(),
    conditions: text(20_000).optional(),
    costs: text(10_000).optional(),
    howToApply: text(20_000).optional(),
    workInstructions: text(20_000).optional(),
    keywords: z.array(word).max(50).optional(),
    reasonCodes: z.array(reasonCode).max(50).optional(),
    status: z.enum(articleStatuses).optional(),
    humanOnly: z.boolean().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type ArticlePatch = z.infer<typeof articlePatch>;

export const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum([...articleStatuses, 'all']).optional(),
  reason: reasonCode.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const publicSearchQuery = searchQuery.pick({ q: true, limit: true, page: true });

export const suggestionsQuery = z.object({
  reason: reasonCode,
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const importBody = z
  .object({
    /** Articles as JSON objects (the same fields as the editor). */
    articles: z.array(z.unknown()).max(1_000).default([]),
    /** Markdown files with YAML front matter. */
    markdown: z
      .array(z.object({ filename: z.string().trim().min(1).max(200), content: z.string().max(200_000) }))
      .max(1_000)
      .default([]),
    /** Validate and report without storing anything. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type ImportBody = z.infer<typeof importBody>;
