// The integrated customer view: who this is, how to reach them, what is open, and everything
// that happened on every channel, newest first.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../app/api.ts';
import type { CustomerView } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Heading, Paragraph } from '../../ui/index.ts';
import { SuggestionsPanel } from '../knowledge/suggestions-panel.tsx';
import { OpenItems } from './open-items.tsx';
import { PartyHeader } from './party-header.tsx';
import { Timeline, type TimelineFilter } from './timeline.tsx';

export default function CustomerPage() {
  const { t } = useTranslation();
  const { partyId = '' } = useParams();
  const [filter, setFilter] = useState<TimelineFilter>({ channel: '', kind: '' });

  const view = useInfiniteQuery({
    queryKey: ['customer-view', partyId, filter],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: '25' });
      if (filter.channel) qs.set('channel', filter.channel);
      if (filter.kind) qs.set('kind', filter.kind);
      if (pageParam) qs.set('cursor', pageParam);
      return get<CustomerView>(`/parties/${partyId}/view?${qs}`);
    },
    getNextPageParam: (last) => last.timeline.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });

  const party = view.data?.pages[0]?.party;
  useTitle(party?.displayName ?? t('customer.title'));

  if (view.error) {
    return (
      <>
        <Heading level={1} tabIndex={-1}>
          {t('customer.title')}
        </Heading>
        <Alert type="error">{view.error.message}</Alert>
      </>
    );
  }
  if (!party) return <Paragraph>{t('common.loading')}</Paragraph>;

  const items = view.data?.pages.flatMap((p) => p.timeline.items) ?? [];
  // The panel follows the reason of the latest contact: what the resident most likely calls about.
  const lastReason = items
    .map((i) => i.data.reason as { code?: string; label?: string } | null | undefined)
    .find((r) => r?.code);
  return (
    <div className="loket-customer">
      <PartyHeader party={party} />
      <div className="loket-actions">
        <Link
          to={`/contacten/nieuw?partij=${party.id}`}
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        >
          {t('customer.registerContact')}
        </Link>
      </div>
      <div className="loket-with-aside">
        <div>
          <OpenItems partyId={party.id} />
          <Timeline
            items={items}
            filter={filter}
            onFilter={setFilter}
            hasMore={!!view.hasNextPage}
            loadingMore={view.isFetchingNextPage}
            onMore={() => view.fetchNextPage()}
            updating={view.isFetching && !view.isFetchingNextPage}
          />
        </div>
        <SuggestionsPanel reasonCode={lastReason?.code} reasonLabel={lastReason?.label} />
      </div>
    </div>
  );
}
