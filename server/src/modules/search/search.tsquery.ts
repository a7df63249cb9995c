// Free text → a tsquery that forgives Dutch inflection. PostgreSQL's Dutch snowball stemmer is not
// idempotent: 'fietsen' → 'fiets' but 'fiets' → 'fiet', so 'fietsen gestolen' would miss a contact
// saying 'fiets is gestolen'. We stem each word twice and match either stem exactly. Exact lexemes,
// not prefixes: a prefix term makes GIN collect every lexeme it matches into a bitmap first, which
// costs the whole posting list on every probe of the newest-first ladder (search.repo.ts).

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

const lexeme = (s: string) => `'${s.replace(/'/g, "''")}'`;

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
