// Beheer › Niet-bezorgde berichten: messages to residents that failed every attempt, with the last
// error (never the message itself), and a button to send one again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../app/api.ts';
import { Alert, Button, formatDateTime, Paragraph } from '../../ui/index.ts';
import { AdminFrame, StatusMessage, Table } from './admin-frame.tsx';
import './notifications-texts.ts';

type Dead = {
  id: string;
  partyName: string;
  kind: string;
  templateCode: string;
  channel: string | null;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
};

export default function DeadLettersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [message, setMessage] = useState('');
  const dead = useQuery({
    queryKey: ['admin', 'notifications', 'dead'],
    queryFn: () => get<{ results: Dead[] }>('/notifications/dead'),
    select: (d) => d.results,
  });
  const retry = useMutation({
    mutationFn: (d: Dead) => post(`/notifications/${d.id}/retry`),
    onSuccess: (_r, d) => {
      setMessage(t('notifyAdmin.dead.retried', { name: d.partyName }));
      return qc.invalidateQueries({ queryKey: ['admin', 'notifications', 'dead'] });
    },
  });
  const h = (k: string) => t(`notifyAdmin.dead.${k}`);
  return (
    <AdminFrame title={t('admin.pages.deadLetters.title')} intro={h('intro')}>
      <StatusMessage message={message} />
      {dead.error ? <Alert type="error">{dead.error.message}</Alert> : null}
      {retry.error ? <Alert type="error">{retry.error.message}</Alert> : null}
      {dead.data && dead.data.length === 0 ? <Paragraph>{h('none')}</Paragraph> : null}
      {dead.data && dead.data.length > 0 ? (
        <Table
          caption={h('caption')}
          headers={[
            h('party'),
            h('message'),
            h('channel'),
            h('attempts'),
            h('error'),
            h('lastAttempt'),
            t('admin.actions'),
          ]}
        >
          {dead.data.map((d) => (
            <tr key={d.id}>
              <td>{d.partyName}</td>
              <td data-label={h('message')}>{t(`notifyAdmin.kinds.${d.templateCode}`)}</td>
              <td data-label={h('channel')}>
                {d.channel ? t(`notifyAdmin.channels.${d.channel}`) : h('unknownChannel')}
              </td>
              <td data-label={h('attempts')}>{d.attempts}</td>
              <td data-label={h('error')}>{d.lastError ?? t('admin.none')}</td>
              <td data-label={h('lastAttempt')}>
                {d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : t('admin.none')}
              </td>
              <td>
                <Button
                  aria-label={t('notifyAdmin.dead.retryLabel', { name: d.partyName })}
                  busy={retry.isPending && retry.variables?.id === d.id}
                  onClick={() => {
                    setMessage('');
                    retry.mutate(d);
                  }}
                >
                  {h('retry')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </AdminFrame>
  );
}
