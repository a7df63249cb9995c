// What is still open for this person — callback requests and cases — above the timeline, because
// that is the first thing a caller asks about.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api.ts';
import type { CustomerView, TimelineItem } from '../../app/types.ts';
import { Badge, formatDate, Heading } from '../../ui/index.ts';

const closed = new Set(['completed', 'done', 'closed', 'cancelled', 'verwerkt', 'afgerond', 'afgesloten']);

export function openItems(items: TimelineItem[]) {
  return items.filter((i) => i.kind !== 'contact' && !closed.has(String(i.data.status ?? 'open')));
}

/** Tasks and cases of this party, separately from the (filtered, paged) timeline, so none is missed. */
export function OpenItems({ partyId }: { partyId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['customer-view', partyId, 'open'],
    queryFn: () => get<CustomerView>(`/parties/${partyId}/view?kind=task,case&limit=100`),
  });
  const open = openItems(query.data?.timeline.items ?? []);
  if (open.length === 0) return null;
  const now = Date.now();
  return (
    <section className="loket-open" aria-labelledby="open-heading">
      <Heading level={2} appearance={3} id="open-heading">
        {t('customer.openTitle', { count: open.length })}
      </Heading>
      <ul className="loket-open__list">
        {open.map((i) => {
          const due = typeof i.data.dueAt === 'string' ? i.data.dueAt : null;
          const overdue = due ? new Date(due).getTime() < now : false;
          return (
            <li key={`${i.kind}-${i.id}`} className="loket-open__item">
              <span className="loket-open__kind">{t(`timeline.kind.${i.kind}`, i.kind)}</span>
              <strong>{i.title}</strong>
              {due ? <span>{t('customer.due', { date: formatDate(due) })}</span> : null}
              {overdue ? <Badge tone="danger">{t('tasks.overdue')}</Badge> : null}
              {i.summary ? <span className="loket-muted">{i.summary}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
