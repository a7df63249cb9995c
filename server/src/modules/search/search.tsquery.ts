// Free text → a tsquery that forgives Dutch inflection. PostgreSQL's Dutch snowball stemmer is not
// idempotent: 'fietsen' → 'fiets' but 'fiets' → 'fiet', so 'fietsen gestolen' would miss a contact
// saying 'fiets is gestolen'. We stem each word twice and match both stems as prefixes.

export type QueryWord = { word: string; negated: boolean };
/** A word with its first and second Dutch stem (null: a stop word). */
export type StemmedWord = QueryWord & { stem: string | null; stem2: string | null };

/** Words (letters and digits) of the query; '-word' excludes, as in a web search box. */
export function queryWords(text: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const m of text.toLowerCase().matchAll(/(^|\s)?(-?)([\p{L}\p{N}]+)/gu)) {
    const negated = m[2] === '-' && m[1] !== undefined;
    words.push({ word: m[3] as string, negated });
  }
  return words.slice(0, 20);
}

/** Stems shorter than this match exactly: 'kat:*' would match far too much. */
const minPrefix = 4;

const lexeme = (s: string) => `'${s.replace(/'/g, "''")}'${s.length >= minPrefix ? ':*' : ''}`;

/** The tsquery text (for to_tsquery('simple', …)), or null when only stop words remain. */
export function buildTsQuery(words: StemmedWord[]): string | null {
  const parts: string[] = [];
  for (const w of words) {
    if (!w.stem) continue;
    const stems = [...new Set([w.stem, w.stem2 ?? w.stem])].map(lexeme);
    const term = stems.length > 1 ? `(${stems.join(' | ')})` : (stems[0] as string);
    parts.push(w.negated ? `!${term}` : term);
  }
  if (!parts.some((p) => !p.startsWith('!'))) return null;
  return parts.join(' & ');
}
