// The conversation a contact belongs to: every message across channels in the order it happened,
// this one marked; confidential messages are left out by the server for those not allowed.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api.ts';
import { Alert, ChannelIcon, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';
import './thread.css';

type ThreadContact = {
  id: string;
  number: string;
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  occurredAt: string;
  employee: { id: string; name: string } | null;
};
type Thread = { id: string; reference: string; subject: string; contacts: ThreadContact[] };

export function ThreadSection(props: { threadId: string; reference: string; currentId: string }) {
  const { t } = useTranslation();
  const thread = useQuery({
    queryKey: ['thread', props.threadId],
    queryFn: () => get<Thread>(`/threads/${props.threadId}`),
  });
  return (
    <section aria-labelledby="contact-thread" className="loket-thread">
      <Heading level={2} appearance={4} id="contact-thread">
        {t('contactDetail.threadTitle', { reference: props.reference })}
      </Heading>
      <Paragraph>
        {thread.data?.subject ? `${thread.data.subject}. ` : ''}
        {t('contactDetail.threadIntro')}
      </Paragraph>
      {thread.error ? <Alert type="error">{thread.error.message}</Alert> : null}
      {!thread.data && !thread.error ? <Paragraph>{t('common.loading')}</Paragraph> : null}
      <ol className="loket-thread__list">
        {(thread.data?.contacts ?? []).map((m) => {
          const current = m.id === props.currentId;
          return (
            <li
              key={m.id}
              className={current ? 'loket-thread__item loket-thread__item--current' : 'loket-thread__item'}
            >
              <div className="loket-thread__meta">
                <ChannelIcon channel={m.channel} /> {t(`channel.${m.channel}`, m.channel)} ·{' '}
                {t(`direction.${m.direction}`)} · {formatDateTime(m.occurredAt)} ·{' '}
                {m.employee?.name ?? t('contactDetail.noEmployee')}
              </div>
              {current ? (
                <span aria-current="page">
                  <strong>{m.subject}</strong> ({t('contactDetail.thisOne')})
                </span>
              ) : (
                <Link className="utrecht-link" to={`/contacten/${m.id}`}>
                  {m.subject}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
