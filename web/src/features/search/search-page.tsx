// Search results: enough per person to pick the right one while the caller waits.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../app/api.ts';
import type { SearchResponse } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, ChannelIcon, formatDate, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';

export default function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  useTitle(t('search.resultsTitle', { q }));
  const search = useQuery({
    queryKey: ['search', q],
    queryFn: () => get<SearchResponse>(`/search?q=${encodeURIComponent(q)}&limit=20`),
    enabled: q.length > 0,
  });

  // The next screen is almost always a customer view: fetch its code while the employee reads.
  useEffect(() => {
    void import('../customer/customer-page.tsx');
  }, []);

  const results = search.data?.results ?? [];
  return (
    <>
      <Heading level={1} tabIndex={-1}>
        {t('search.resultsTitle', { q })}
      </Heading>
      {search.isPending && q ? <Paragraph>{t('common.loading')}</Paragraph> : null}
      {search.error ? <Alert type="error">{search.error.message}</Alert> : null}
      {search.data ? (
        <p className="loket-muted" role="status">
          {results.length === 0
            ? t('search.none')
            : t('search.count', { count: results.length, more: search.data.hasMore ? '+' : '' })}
          {search.data.detected !== 'name' && search.data.detected !== 'text'
            ? ` ${t('search.detected', { kind: t(`search.kind.${search.data.detected}`, search.data.detected) })}`
            : ''}
        </p>
      ) : null}
      <ul className="loket-results">
        {results.map((r) =>
          r.type === 'party' ? (
            <li key={`p-${r.partyId}`} className="loket-result">
              <Link to={`/klanten/${r.partyId}`} className="loket-result__link">
                <span className="loket-result__name">{r.displayName}</span>
                <span className="loket-result__meta">
                  <span>
                    {r.birthYear
                      ? t('search.born', { year: r.birthYear })
                      : t(`party.kind.${r.kind}`, r.kind)}
                  </span>
                  <span>{r.address ?? t('search.noAddress')}</span>
                  <span>
                    {r.lastContactAt
                      ? t('search.lastContact', { date: formatDate(r.lastContactAt) })
                      : t('search.noContact')}
                  </span>
                </span>
              </Link>
            </li>
          ) : (
            <li key={`c-${r.contactId}`} className="loket-result loket-result--contact">
              <Link to={`/contacten/${r.contactId}`} className="loket-result__link">
                <span className="loket-result__name">
                  <ChannelIcon channel={r.channel} /> {r.subject}
                </span>
                <span className="loket-result__meta">
                  <span>{r.displayName ?? t('contact.anonymous')}</span>
                  <span>{formatDateTime(r.occurredAt)}</span>
                  {r.snippet ? <span>{r.snippet}</span> : null}
                </span>
              </Link>
            </li>
          ),
        )}
      </ul>
    </>
  );
}
