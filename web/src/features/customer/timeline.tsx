// The merged timeline with channel icons and filters. Each entry unfolds in place; the full
// contact (thread, attachments, case links) is one link further.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api.ts';
import type { Channel, TimelineItem } from '../../app/types.ts';
import { Badge, Button, ChannelIcon, formatDateTime, Heading, Paragraph, Select } from '../../ui/index.ts';

export type TimelineFilter = { channel: string; kind: string };

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => get<{ results: Channel[] }>('/channels'),
    staleTime: 10 * 60_000,
    select: (d) => d.results.filter((c) => c.active).sort((a, b) => a.sortOrder - b.sortOrder),
  });
}

function Entry({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = `tl-${item.kind}-${item.id}`;
  const reason = item.data.reason as { label?: string } | null | undefined;
  const employee = item.data.employee as { name?: string } | null | undefined;
  // Herhaalverkeer, marked by the insights module: "3e contact over dit onderwerp in 5 dagen".
  const repeat = item.data.repeat as { text?: string } | null | undefined;
  return (
    <li className="loket-tl__item">
      <ChannelIcon channel={item.channel} kind={item.kind} />
      <div className="loket-tl__body">
        <div className="loket-tl__head">
          <button
            type="button"
            className="loket-tl__toggle"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
          >
            {item.title}
          </button>
          <time dateTime={item.at} className="loket-muted">
            {formatDateTime(item.at)}
          </time>
          {item.direction ? <span className="loket-muted">{t(`direction.${item.direction}`)}</span> : null}
          {repeat?.text ? <Badge tone="warning">{repeat.text}</Badge> : null}
        </div>
        {item.summary ? <p className="loket-tl__summary">{item.summary}</p> : null}
        <div id={detailsId} hidden={!open} className="loket-tl__details">
          <dl className="loket-facts loket-facts--compact">
            {reason?.label ? (
              <div>
                <dt>{t('contact.reason')}</dt>
                <dd>{reason.label}</dd>
              </div>
            ) : null}
            {employee?.name ? (
              <div>
                <dt>{t('contact.employee')}</dt>
                <dd>{employee.name}</dd>
              </div>
            ) : null}
            {typeof item.data.result === 'string' && item.data.result ? (
              <div>
                <dt>{t('contact.result')}</dt>
                <dd>{item.data.result}</dd>
              </div>
            ) : null}
          </dl>
          {item.kind === 'contact' ? (
            <Link className="utrecht-link" to={`/contacten/${item.id}`}>
              {t('timeline.openContact')}
            </Link>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function Timeline(props: {
  items: TimelineItem[];
  filter: TimelineFilter;
  onFilter: (f: TimelineFilter) => void;
  hasMore: boolean;
  loadingMore: boolean;
  updating: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const channels = useChannels();
  return (
    <section className="loket-tl" aria-labelledby="tl-heading">
      <Heading level={2} appearance={3} id="tl-heading">
        {t('timeline.title')}
      </Heading>
      <div className="loket-tl__filters">
        <Select
          label={t('timeline.filterChannel')}
          value={props.filter.channel}
          onValue={(channel) => props.onFilter({ ...props.filter, channel })}
          options={[
            { value: '', label: t('timeline.allChannels') },
            ...(channels.data ?? []).map((c) => ({ value: c.code, label: c.label })),
          ]}
        />
        <Select
          label={t('timeline.filterKind')}
          value={props.filter.kind}
          onValue={(kind) => props.onFilter({ ...props.filter, kind })}
          options={[
            { value: '', label: t('timeline.allKinds') },
            { value: 'contact', label: t('timeline.kind.contact') },
            { value: 'task', label: t('timeline.kind.task') },
            { value: 'case', label: t('timeline.kind.case') },
          ]}
        />
      </div>
      <p role="status" className="loket-muted loket-tl__status">
        {props.updating ? t('common.loading') : t('timeline.count', { count: props.items.length })}
      </p>
      {props.items.length === 0 ? <Paragraph>{t('timeline.empty')}</Paragraph> : null}
      <ol className="loket-tl__list">
        {props.items.map((item) => (
          <Entry key={`${item.kind}-${item.id}`} item={item} />
        ))}
      </ol>
      {props.hasMore ? (
        <Button onClick={props.onMore} busy={props.loadingMore}>
          {t('timeline.more')}
        </Button>
      ) : null}
    </section>
  );
}
