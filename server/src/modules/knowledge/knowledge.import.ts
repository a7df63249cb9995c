// Reading an import set: JSON articles and Markdown files with YAML front matter, validated into
// ArticleInput. Nothing here touches the database; the service stores the result all-or-nothing.
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { InvalidParam } from '../../platform/errors.ts';
import { type ArticleInput, articleInput } from './knowledge.schemas.ts';

export type ImportItem = { source: string; input: ArticleInput };

// Markdown section headings (lower-case, without trailing colon) → article field.
const sectionFields: Record<string, keyof ArticleInput> = {
  'wat is het': 'description',
  omschrijving: 'description',
  beschrijving: 'description',
  description: 'description',
  voorwaarden: 'conditions',
  conditions: 'conditions',
  kosten: 'costs',
  costs: 'costs',
  'hoe aanvragen': 'howToApply',
  aanvragen: 'howToApply',
  aanvraag: 'howToApply',
  'how to apply': 'howToApply',
  werkinstructie: 'workInstructions',
  werkinstructies: 'workInstructions',
  'work instructions': 'workInstructions',
};

// Front-matter keys: the API's names plus the Dutch and snake_case spellings editors tend to use.
const frontMatterAliases: Record<string, keyof ArticleInput> = {
  titel: 'title',
  samenvatting: 'summary',
  trefwoorden: 'keywords',
  reasons: 'reasonCodes',
  contactredenen: 'reasonCodes',
  reason_codes: 'reasonCodes',
  human_only: 'humanOnly',
  alleen_mens: 'humanOnly',
};

function dutchReason(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'Dit veld is verplicht.' : `Verwacht type: ${i.expected}.`;
    case 'too_small':
      return i.origin === 'string' && Number(i.minimum) === 1
        ? 'Dit veld mag niet leeg zijn.'
        : 'Waarde is te kort of te klein.';
    case 'too_big':
      return 'Waarde is te lang of te groot.';
    case 'invalid_value':
      return `Kies uit: ${i.values.join(', ')}.`;
    case 'unrecognized_keys':
      return `Onbekend veld: ${i.keys.join(', ')}.`;
    default:
      return i.message; // our own schemas give Dutch messages for formats
  }
}

function zodParams(prefix: string, error: z.ZodError): InvalidParam[] {
  return error.issues.map((i) => ({
    name: [prefix, ...i.path.map(String)].join('.'),
    code: i.code,
    reason: dutchReason(i),
  }));
}

export function slugFromFilename(filename: string): string {
  return filename
    .replace(/^.*[\\/]/, '')
    .replace(/\.(md|markdown)$/i, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const scalar = (v: string): string | boolean => {
  if (v === 'true') return true;
  if (v === 'false') return false;
  const quoted = /^(['"])(.*)\1$/.exec(v);
  return quoted ? (quoted[2] ?? '') : v;
};

/**
 * The front matter most files use (`key: value`, `key: [a, b]`) read without a YAML parser, which
 * costs milliseconds per file. Anything else returns null and goes to the real YAML parser.
 */
export function simpleFrontMatter(text: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m?.[1] || m[2] === undefined || /^[|>&*!%@`{]|^-|\s#|^#/.test(m[2])) return null;
    const list = /^\[(.*)\]$/.exec(m[2]);
    if (list) {
      const items = (list[1] ?? '').split(',').map((s) => s.trim());
      if (items.some((s) => /[[\]{}]/.test(s))) return null;
      out[m[1]] = items.filter((s) => s !== '').map(scalar);
    } else if (m[2] === '' || /^(null|~|\d[\d.e+-]*)$/i.test(m[2]) || /:\s/.test(m[2])) {
      return null; // numbers, nulls, nested maps: let YAML decide
    } else out[m[1]] = scalar(m[2]);
  }
  return out;
}

/** Split a Markdown file into front matter and sections; problems are returned, not thrown. */
export function parseMarkdownArticle(
  filename: string,
  content: string,
): { value: Record<string, unknown> } | { problems: string[] } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(content);
  if (!match) return { problems: ["Het bestand begint niet met front matter tussen twee regels '---'."] };
  let front: unknown = simpleFrontMatter(match[1] ?? '');
  if (front === null) {
    try {
      front = parseYaml(match[1] ?? '');
    } catch (e) {
      return { problems: [`De front matter is geen geldige YAML: ${(e as Error).message.split('\n')[0]}`] };
    }
  }
  if (!front || typeof front !== 'object' || Array.isArray(front)) {
    return { problems: ['De front matter moet sleutels met waarden bevatten (title, summary, …).'] };
  }
  const value: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(front)) value[frontMatterAliases[key] ?? key] = v;
  if (value.slug === undefined) value.slug = slugFromFilename(filename);

  const problems: string[] = [];
  // Text before the first heading is the description ("what it is").
  const preamble: string[] = [];
  let current: string[] | null = preamble;
  const sections = new Map<keyof ArticleInput, string[]>();
  for (const line of (match[2] ?? '').split(/\r?\n/)) {
    const heading = /^#{1,3}\s+(.+?)\s*:?\s*$/.exec(line);
    if (!heading?.[1]) {
      current?.push(line);
      continue;
    }
    const field = sectionFields[heading[1].toLowerCase()];
    current = null;
    if (!field) {
      problems.push(
        `Onbekende sectie '${heading[1]}'. Gebruik: Wat is het, Voorwaarden, Kosten, Aanvragen, Werkinstructie.`,
      );
    } else if (sections.has(field)) {
      problems.push(`De sectie '${heading[1]}' staat er twee keer in.`);
    } else {
      current = [];
      sections.set(field, current);
    }
  }
  const intro = preamble.join('\n').trim();
  if (intro) {
    if (sections.has('description'))
      problems.push("Er staat tekst vóór de eerste sectie én een sectie 'Wat is het'.");
    else sections.set('description', preamble);
  }
  for (const [f, lines] of sections) {
    const text = lines.join('\n').trim();
    if (text && value[f] !== undefined)
      problems.push(`'${f}' staat zowel in de front matter als in een sectie.`);
    else if (text) value[f] = text;
  }
  return problems.length > 0 ? { problems } : { value };
}

/**
 * Validate a whole import set. Returns the items, or every problem found (named by position and
 * file), so an editor can fix the set in one go.
 */
export function readImportSet(body: {
  articles: unknown[];
  markdown: { filename: string; content: string }[];
}): { items: ImportItem[]; problems: InvalidParam[] } {
  const items: ImportItem[] = [];
  const problems: InvalidParam[] = [];
  body.articles.forEach((raw, i) => {
    const parsed = articleInput.safeParse(raw);
    if (parsed.success) items.push({ source: `articles[${i}]`, input: parsed.data });
    else problems.push(...zodParams(`articles[${i}]`, parsed.error));
  });
  body.markdown.forEach((file, i) => {
    const prefix = `markdown[${i}] (${file.filename})`;
    const read = parseMarkdownArticle(file.filename, file.content);
    if ('problems' in read) {
      for (const reason of read.problems) problems.push({ name: prefix, code: 'invalid', reason });
      return;
    }
    const parsed = articleInput.safeParse(read.value);
    if (parsed.success) items.push({ source: prefix, input: parsed.data });
    else problems.push(...zodParams(prefix, parsed.error));
  });
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.input.slug);
    if (first) {
      problems.push({
        name: `${item.source}.slug`,
        code: 'duplicate',
        reason: `De slug '${item.input.slug}' komt ook voor in ${first}.`,
      });
    } else seen.set(item.input.slug, item.source);
  }
  if (items.length === 0 && problems.length === 0) {
    problems.push({ name: 'articles', code: 'too_small', reason: 'De importset bevat geen artikelen.' });
  }
  return { items, problems };
}
