// Wachtrij: the inbound messages of my teams, open ones first and oldest first. "Oppakken" claims a
// message and opens its contact; the team sees at once that someone is on it (live updates).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';
import { type QueueItem, useQueueItems, useQueueLive, useQueues } from './queue-api.ts';
import './texts.ts';
// The admin screens' table styles include the narrow-screen layout (rows become blocks).
import '../admin/admin.css';
import './queue.css';

function useChannelLabels() {
  const channels = useQuery({
    queryKey: ['channels'],
    queryFn: () => get<{ results: { code: string; label: string }[] }>('/channels'),
    staleTime: 10 * 60_000,
  });
  return (code: string) => channels.data?.results.find((c) => c.code === code)?.label ?? code;
}

function Waiting({ since }: { since: string }) {
  const { t } = useTranslation();
  const minutes = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 60_000));
  const duration =
    minutes < 60
      ? t('queue.minutes', { count: minutes })
      : minutes < 1440
        ? t('queue.hours', { count: Math.floor(minutes / 60) })
        : t('queue.days', { count: Math.floor(minutes / 1440) });
  return <span className="loket-muted">{t('queue.waiting', { duration })}</span>;
}

function ItemRow(props: { item: QueueItem; meId: string | undefined; onMessage: (m: string) => void }) {
  const { item } = props;
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const label = useChannelLabels();
  const refresh = () => qc.invalidateQueries({ queryKey: ['queues'] });
  const subject = item.contact.subject;
  const act = useMutation({
    mutationFn: (action: 'claim' | 'release' | 'done') => post(`/queues/items/${item.id}/${action}`),
    onSuccess: async (_r, action) => {
      await refresh();
      if (action === 'claim') navigate(`/contacten/${item.contactId}`);
      else props.onMessage(t(action === 'done' ? 'queue.doneMessage' : 'queue.releasedMessage', { subject }));
    },
  });
  const mine = item.claimedBy?.id === props.meId;
  return (
    <tr className="utrecht-table__row">
      <td className="utrecht-table__cell">
        {formatDateTime(item.contact.occurredAt)}
        <div>
          <Waiting since={item.enqueuedAt} />
        </div>
      </td>
      <td className="utrecht-table__cell" data-label={t('queue.channel')}>
        {label(item.contact.channel)}
      </td>
      <td className="utrecht-table__cell">
        <Link className="utrecht-link" to={`/contacten/${item.contactId}`}>
          {subject}
        </Link>
        <div className="loket-muted">
          {item.contact.parties.length
            ? item.contact.parties.map((p) => p.displayName).join(', ')
            : t('queue.anonymous')}
          {item.contact.reason ? ` · ${item.contact.reason.label}` : ''}
        </div>
        {act.error ? <Alert type="error">{act.error.message}</Alert> : null}
      </td>
      <td className="utrecht-table__cell" data-label={t('queue.status')}>
        {item.status === 'open' ? (
          <Badge tone="ok">{t('queue.open')}</Badge>
        ) : (
          <Badge>{t('queue.claimedBy', { name: item.claimedBy?.name ?? '' })}</Badge>
        )}
      </td>
      <td className="utrecht-table__cell">
        <div className="loket-queue__actions">
          {item.status === 'open' ? (
            <Button
              variant="primary"
              busy={act.isPending}
              aria-label={t('queue.claimLabel', { subject })}
              onClick={() => act.mutate('claim')}
            >
              {t('queue.claim')}
            </Button>
          ) : null}
          {mine ? (
            <>
              <Button onClick={() => act.mutate('release')} busy={act.isPending}>
                {t('queue.release')}
              </Button>
              <Button onClick={() => act.mutate('done')} busy={act.isPending}>
                {t('queue.done')}
              </Button>
            </>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

export default function QueuePage() {
  const { t } = useTranslation();
  useTitle(t('queue.title'));
  useQueueLive();
  const params = useParams();
  const queues = useQueues();
  const [message, setMessage] = useState('');
  const me = useMe();
  const list = queues.data ?? [];
  const current = list.find((q) => q.team.id === params.teamId || q.team.code === params.teamId) ?? list[0];
  const items = useQueueItems(current?.team.id);

  return (
    <div className="loket-queue">
      <Heading level={1} tabIndex={-1}>
        {t('queue.title')}
      </Heading>
      <Paragraph>{t('queue.intro')}</Paragraph>
      <p role="status" className="loket-queue__status">
        {message}
      </p>
      {queues.error ? <Alert type="error">{queues.error.message}</Alert> : null}
      {queues.data && list.length === 0 ? <Paragraph>{t('queue.noTeams')}</Paragraph> : null}
      {list.length > 1 ? (
        <nav aria-label={t('queue.teams')}>
          <ul className="loket-queue__teams">
            {list.map((q) => (
              <li key={q.team.id}>
                <Link
                  className="loket-queue__team"
                  to={`/wachtrij/${q.team.code}`}
                  aria-current={q.team.id === current?.team.id ? 'page' : undefined}
                >
                  {t('queue.teamLink', { team: q.team.name, count: q.open })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {current ? (
        <section aria-labelledby="queue-team">
          <Heading level={2} id="queue-team">
            {current.team.name}
          </Heading>
          <Paragraph className="loket-muted">
            {t('queue.counts', { open: current.open, claimed: current.claimed })}
          </Paragraph>
          {items.error ? <Alert type="error">{items.error.message}</Alert> : null}
          {items.data && items.data.items.length === 0 ? (
            <Paragraph>{t('queue.empty', { team: current.team.name })}</Paragraph>
          ) : null}
          {items.data && items.data.items.length > 0 ? (
            <div className="loket-table-wrap">
              <table className="utrecht-table utrecht-table--html-table loket-table">
                <caption className="utrecht-table__caption loket-visually-hidden">
                  {t('queue.caption', { team: current.team.name })}
                </caption>
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    {['received', 'channel', 'message', 'status', 'actions'].map((h) => (
                      <th key={h} scope="col" className="utrecht-table__header-cell">
                        {t(`queue.${h}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {items.data.items.map((item) => (
                    <ItemRow key={item.id} item={item} meId={me.data?.id} onMessage={setMessage} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
