// The kennisbank's shapes and queries (app API /api/v1/knowledge).
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';
import './texts.ts';

export type ArticleContent = {
  slug: string;
  title: string;
  summary: string;
  description: string;
  conditions: string;
  costs: string;
  howToApply: string;
  workInstructions: string;
  keywords: string[];
  reasonCodes: string[];
  status: 'draft' | 'published';
  humanOnly: boolean;
};
export type Article = ArticleContent & {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: { id: string | null; name: string } | null;
};
export type ArticleHit = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: 'draft' | 'published';
  humanOnly: boolean;
  reasonCodes: string[];
  updatedAt: string;
  snippet: { text: string; highlight: boolean }[];
};
export type SearchResult = { query: string | null; results: ArticleHit[]; page: number; hasMore: boolean };
export type Suggestion = { id: string; slug: string; title: string; summary: string; humanOnly: boolean };
export type History = {
  articleId: string;
  slug: string;
  title: string;
  currentVersion: number;
  versions: {
    version: number;
    current: boolean;
    editedAt: string;
    editedBy: { id: string | null; name: string } | null;
    changedFields: string[];
    content: ArticleContent;
  }[];
};

export const sectionKeys = ['description', 'conditions', 'costs', 'howToApply'] as const;

export function useArticle(slug: string) {
  return useQuery({
    queryKey: ['knowledge', 'article', slug],
    queryFn: () => get<Article>(`/knowledge/${encodeURIComponent(slug)}`),
    enabled: !!slug,
  });
}

export function useSuggestions(reasonCode: string | null | undefined) {
  return useQuery({
    queryKey: ['knowledge', 'suggestions', reasonCode],
    queryFn: () =>
      get<{ results: Suggestion[] }>(`/knowledge/suggestions?reason=${encodeURIComponent(reasonCode ?? '')}`),
    enabled: !!reasonCode,
    staleTime: 5 * 60_000,
    select: (d) => d.results,
  });
}
