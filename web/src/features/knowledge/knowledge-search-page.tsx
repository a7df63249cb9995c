// Kennisbank: Dutch full-text search over the articles, or every article when nothing is asked.
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, Heading, Paragraph, TextField } from '../../ui/index.ts';
import type { SearchResult } from './knowledge-api.ts';
import './knowledge.css';
import './texts.ts';

const pageSize = 20;

export default function KnowledgeSearchPage() {
  const { t } = useTranslation();
  useTitle(t('kb.title'));
  const me = useMe();
  const admin = !!me.data?.roles.includes('admin');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const found = useInfiniteQuery({
    queryKey: ['knowledge', 'search', q],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<SearchResult>(
        `/knowledge?${new URLSearchParams({ q, page: String(pageParam), limit: String(pageSize) })}`,
      ),
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
  });
  const results = found.data?.pages.flatMap((p) => p.results) ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };

  return (
    <>
      <Heading level={1} tabIndex={-1}>
        {t('kb.title')}
      </Heading>
      <Paragraph>{t('kb.intro')}</Paragraph>
      {admin ? (
        <div className="loket-actions">
          <Link
            className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
            to="/kennisbank/nieuw"
          >
            {t('kb.newArticle')}
          </Link>
          <Link
            className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
            to="/kennisbank/importeren"
          >
            {t('kb.import')}
          </Link>
        </div>
      ) : null}
      <search aria-label={t('kb.searchLabel')}>
        <form className="loket-kb-search" onSubmit={submit}>
          <TextField
            id="kb-q"
            type="search"
            label={t('kb.searchLabel')}
            description={t('kb.searchHint')}
            value={text}
            onValue={setText}
            autoComplete="off"
          />
          <Button type="submit" variant="primary">
            {t('kb.searchButton')}
          </Button>
        </form>
      </search>
      <Heading level={2} appearance={4}>
        <span aria-live="polite">
          {q
            ? found.data
              ? found.hasNextPage
                ? t('kb.moreResults', { count: results.length, q })
                : t('kb.resultsFor', { count: results.length, q })
              : t('common.loading')
            : t('kb.all')}
        </span>
      </Heading>
      {found.error ? <Alert type="error">{found.error.message}</Alert> : null}
      {found.data && results.length === 0 ? <Paragraph>{t('kb.none')}</Paragraph> : null}
      <ul className="loket-kb-results">
        {results.map((hit) => (
          <li key={hit.id}>
            <Link className="utrecht-link" to={`/kennisbank/${hit.slug}`}>
              {hit.title}
            </Link>{' '}
            {hit.status === 'draft' ? <Badge tone="warning">{t('kb.draft')}</Badge> : null}
            {hit.humanOnly ? <Badge>{t('kb.humanOnly')}</Badge> : null}
            <p className="loket-kb-snippet">
              {q && hit.snippet.length > 0
                ? hit.snippet.map((part, i) =>
                    // biome-ignore lint/suspicious/noArrayIndexKey: fragments of one fixed snippet
                    part.highlight ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )
                : hit.summary}
            </p>
          </li>
        ))}
      </ul>
      {found.hasNextPage ? (
        <Button onClick={() => found.fetchNextPage()} busy={found.isFetchingNextPage}>
          {t('kb.more')}
        </Button>
      ) : null}
    </>
  );
}
