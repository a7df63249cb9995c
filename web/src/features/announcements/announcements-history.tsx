// What was published before: date, topic (and area), title, recipients and how far delivery got.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { Alert, Heading, Paragraph } from '../../ui/index.ts';
import { Table } from '../admin/admin-frame.tsx';

type Announcement = {
  id: string;
  topic: { code: string; name: string };
  postcodeArea: string | null;
  caseId: string | null;
  title: string;
  publishedAt: string;
  publishedBy: string | null;
  recipients: number;
  delivery: { queued: number; sent: number; failed: number };
};

export function AnnouncementHistory() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['announcements'],
    queryFn: async () => (await get<{ items: Announcement[] }>('/announcements')).items,
    refetchInterval: 10_000, // delivery goes on after publishing
  });
  const c = (k: string) => t(`ann.columns.${k}`);
  return (
    <section aria-labelledby="ann-history">
      <Heading level={2} appearance={4} id="ann-history">
        {t('ann.history')}
      </Heading>
      {list.isPending ? <Paragraph>{t('ann.loading')}</Paragraph> : null}
      {list.isError ? <Alert type="error">{list.error.message}</Alert> : null}
      {list.data?.length === 0 ? <Paragraph>{t('ann.none')}</Paragraph> : null}
      {list.data?.length ? (
        <Table
          caption={t('ann.history')}
          headers={[c('date'), c('topic'), c('title'), c('recipients'), c('delivery'), c('by')]}
        >
          {list.data.map((a) => (
            <tr key={a.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">{formatDateTime(a.publishedAt)}</td>
              <td className="utrecht-table__cell">
                {a.topic.name}
                {a.postcodeArea ? `, ${t('ann.area', { area: a.postcodeArea })}` : ''}
              </td>
              <td className="utrecht-table__cell">{a.title}</td>
              <td className="utrecht-table__cell">{a.recipients}</td>
              <td className="utrecht-table__cell">{t('ann.delivery', a.delivery)}</td>
              <td className="utrecht-table__cell">{a.publishedBy ?? ''}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
