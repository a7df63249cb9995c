// The chatbot's index of the published knowledge articles, kept in memory so a resident's question
// costs no database round trip. It is built from the articles' own search vectors (stemmed by
// PostgreSQL's Dutch dictionary) and ranks as the knowledge search does (ts_rank over an OR query
// of the question's words, plus the title's share), so the bot's thresholds keep their meaning.
// Words of the articles are stemmed by PostgreSQL once, when the index is built; a word no article
// uses is mapped to an article's stem by a small normaliser (no Dutch stemmer is installed).
// A cheap version check, at most every few seconds and never in a resident's way, rebuilds it after
// an article is added, edited, published or withdrawn.
import type { Db } from '../../db/connect.ts';
import { type IndexedArticle, publishedArticlesSince } from '../knowledge/knowledge.service.ts';
import { stemWords } from './chat.repo.ts';

export type IndexHit = IndexedArticle & { score: number };

type Entry = {
  article: IndexedArticle;
  /** Lexeme → the weights of its positions, in position order. */
  lexemes: Map<string, number[]>;
  /** The title's lexemes (the A-weighted positions) and how many words the title has. */
  title: Map<string, number[]>;
  titleLength: number;
};

export type KnowledgeIndex = {
  entries: Entry[];
  byId: Map<string, IndexedArticle>;
  /** A word of the articles (or a common question word) → its stem; null for a stop word. */
  stems: Map<string, string | null>;
  allLexemes: Set<string>;
  guesses: Map<string, string>;
};

/** PostgreSQL's default rank weights for D, C, B, A. */
const weights: Record<string, number> = { A: 1, B: 0.4, C: 0.2, D: 0.1 };
const checkEveryMs = 3000;
const maxGuesses = 10_000;

/** Words residents ask with that articles seldom use; PostgreSQL decides which are stop words. */
const questionWords =
  'hoe wat waar wanneer waarom welke welk wie hoeveel hoelang kan kun kunt mag moet moeten wil wilt ik mijn mij me u uw jullie wij we ons onze graag even nog ook al een het de dat die dit deze er aan bij van voor met naar over om op in uit tot als dan toch weer niet geen wel heb hebt heeft hebben ben bent is zijn was word wordt worden doe doet doen krijg krijgt krijgen vraag vragen'.split(
    ' ',
  );

export const questionWordsOf = (text: string) =>
  (text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).slice(0, 20);

/** 'paspoort':1A,5B 'aanvrag':2A … → lexeme → position weights. */
function parseVector(vector: string) {
  const lexemes = new Map<string, number[]>();
  for (const m of vector.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    const lexeme = (m[1] ?? '').replaceAll("''", "'");
    const positions = m[2] ? m[2].split(',') : ['0'];
    lexemes.set(
      lexeme,
      positions.map((p) => weights[p.at(-1) ?? ''] ?? weights.D ?? 0.1),
    );
  }
  return lexemes;
}

async function build(db: Db, articles: IndexedArticle[]): Promise<KnowledgeIndex> {
  const entries = articles.map((article) => {
    const lexemes = parseVector(article.vector);
    const title = new Map<string, number[]>();
    let titleLength = 0;
    for (const [lexeme, ws] of lexemes) {
      const inTitle = ws.filter((w) => w === weights.A);
      if (inTitle.length) title.set(lexeme, inTitle);
      titleLength += inTitle.length;
    }
    return { article, lexemes, title, titleLength };
  });
  const words = new Set(questionWords);
  for (const a of articles)
    for (const w of a.text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) words.add(w);
  const stems = await stemWords(db, [...words]);
  const allLexemes = new Set(entries.flatMap((e) => [...e.lexemes.keys()]));
  return { entries, byId: new Map(articles.map((a) => [a.id, a])), stems, allLexemes, guesses: new Map() };
}

type State = {
  index: KnowledgeIndex | null;
  version: string | null;
  checkedAt: number;
  busy: Promise<void> | null;
};
const states = new WeakMap<Db, State>();

async function refresh(db: Db, state: State) {
  state.checkedAt = Date.now();
  const found = await publishedArticlesSince(db, state.version);
  if (found.articles) state.index = await build(db, found.articles);
  state.version = found.version;
}

/**
 * The index for this database. The first call builds it; later calls get it at once and, every few
 * seconds, start a version check in the background (an empty knowledge base is checked every time).
 */
export async function knowledgeIndex(db: Db): Promise<KnowledgeIndex> {
  let state = states.get(db);
  if (!state) {
    state = { index: null, version: null, checkedAt: 0, busy: null };
    states.set(db, state);
  }
  const s = state;
  const due = !s.index || s.index.entries.length === 0 || Date.now() - s.checkedAt >= checkEveryMs;
  if (due && !s.busy) {
    s.busy = refresh(db, s).finally(() => {
      s.busy = null;
    });
  }
  if (!s.index || s.index.entries.length === 0) await s.busy;
  else s.busy?.catch(() => {}); // a failed check keeps the index it had; the next one tries again
  if (!s.index) throw new Error('knowledge index unavailable');
  return s.index;
}

const undouble = (w: string) => (/([bdfgklmnprst])\1$/.test(w) ? w.slice(0, -1) : w);
const suffixes = ['heden', 'ingen', 'ing', 'tjes', 'tje', 'jes', 'je', 'en', 'es', 'e', 's'];

/** A stem for a word no article uses: an inflection of an article's stem, or the word itself. */
function guessStem(index: KnowledgeIndex, word: string): string {
  const known = index.guesses.get(word);
  if (known) return known;
  let guess = word;
  if (!index.allLexemes.has(word)) {
    const stripped = suffixes
      .filter((s) => word.endsWith(s) && word.length - s.length >= 3)
      .flatMap((s) => [word.slice(0, -s.length), undouble(word.slice(0, -s.length))])
      .find((w) => index.allLexemes.has(w));
    let prefix = '';
    if (!stripped) {
      for (const l of index.allLexemes) {
        if (l.length >= 4 && l.length > prefix.length && word.length - l.length <= 4 && word.startsWith(l))
          prefix = l;
      }
    }
    guess = stripped ?? (prefix || word);
  }
  if (index.guesses.size >= maxGuesses) index.guesses.clear();
  index.guesses.set(word, guess);
  return guess;
}

/** The question's distinct stems, without stop words: the operands of PostgreSQL's OR query. */
export function queryStems(index: KnowledgeIndex, question: string): string[] {
  const out = new Set<string>();
  for (const word of questionWordsOf(question)) {
    const stem = index.stems.has(word) ? index.stems.get(word) : guessStem(index, word);
    if (stem) out.add(stem);
  }
  return [...out];
}

/** ts_rank's OR ranking: per matched operand its positions' weights, damped, over the operand count. */
function rankOr(lexemes: Map<string, number[]>, operands: string[]): number {
  let res = 0;
  for (const operand of operands) {
    const ws = lexemes.get(operand);
    if (!ws) continue;
    let resj = 0;
    let wjm = -1;
    let jm = 0;
    ws.forEach((w, j) => {
      resj += w / ((j + 1) * (j + 1));
      if (w > wjm) {
        wjm = w;
        jm = j;
      }
    });
    res += (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685;
  }
  return operands.length > 0 ? res / operands.length : 0;
}

/** The best matching published articles, best first, scored as the knowledge search scores them. */
export function searchIndex(index: KnowledgeIndex, question: string, limit: number): IndexHit[] {
  const operands = queryStems(index, question);
  if (operands.length === 0) return [];
  const hits: IndexHit[] = [];
  for (const e of index.entries) {
    if (!operands.some((o) => e.lexemes.has(o))) continue;
    // A title that is mostly the question ("Paspoort aanvragen") beats one that merely mentions it.
    const titleShare = e.titleLength > 0 ? rankOr(e.title, operands) / e.titleLength : 0;
    const score = Math.round((rankOr(e.lexemes, operands) + titleShare) * 10_000) / 10_000;
    hits.push({ ...e.article, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
}
