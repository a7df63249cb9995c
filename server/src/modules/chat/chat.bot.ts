// The chatbot answers only with text from the knowledge base: the best published article's summary,
// with the article as its source. It asks which one is meant when two are about as good, and says
// plainly when it does not know. It never writes an answer of its own.
import type { Db } from '../../db/connect.ts';
import { getPublishedArticle } from '../knowledge/knowledge.service.ts';
import type { ArticleSource, Choice } from './chat.tables.ts';
import { knowledgeIndex, searchIndex } from './knowledge-index.ts';

export type BotReply =
  | { kind: 'answer'; text: string; source: ArticleSource; reasonCodes: string[] }
  | { kind: 'choose'; text: string; choices: Choice[] }
  | { kind: 'unknown'; text: string }
  | { kind: 'handover'; reason: 'asked' | 'human-only'; source?: ArticleSource };

/** Below this score the best article is not a good enough match to quote. */
const minimumScore = 0.1;
/** When the second article scores at least this share of the first, ask which one is meant. */
const closeShare = 0.95;

const asksForPerson = /\b(medewerker|mens|persoon|iemand spreken|echt iemand)\b/i;

export const unknownText =
  'Dat weet ik helaas niet. Kunt u uw vraag anders stellen? U kunt ook "medewerker" typen om een medewerker te spreken.';

export async function botReply(db: Db, question: string): Promise<BotReply> {
  if (asksForPerson.test(question)) return { kind: 'handover', reason: 'asked' };
  // Any of the question's words may match (a resident asks in a sentence, not in keywords); articles
  // that match more and rarer words rank higher. The index is in memory: no query per question.
  const index = await knowledgeIndex(db);
  const hits = searchIndex(index, question, 3).filter((h) => h.score >= minimumScore);
  const [best, second] = hits;
  if (!best) return { kind: 'unknown', text: unknownText };
  const source = { id: best.id, slug: best.slug, title: best.title };
  if (best.humanOnly) return { kind: 'handover', reason: 'human-only', source };
  if (second && second.score >= best.score * closeShare) {
    return {
      kind: 'choose',
      text: 'Bedoelt u een van deze onderwerpen?',
      choices: hits.slice(0, 3).map((h) => ({ id: h.id, title: h.title })),
    };
  }
  return { kind: 'answer', text: best.summary, source, reasonCodes: best.reasonCodes };
}

/** The answer for an article the resident picked from a clarifying question. */
export async function articleReply(db: Db, articleId: string): Promise<BotReply> {
  const article =
    (await knowledgeIndex(db)).byId.get(articleId) ??
    (await getPublishedArticle(db, articleId).catch(() => null));
  if (!article) return { kind: 'unknown', text: unknownText };
  const source = { id: article.id, slug: article.slug, title: article.title };
  if (article.humanOnly) return { kind: 'handover', reason: 'human-only', source };
  return { kind: 'answer', text: article.summary, source, reasonCodes: article.reasonCodes };
}
