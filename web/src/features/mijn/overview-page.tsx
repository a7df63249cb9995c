// The resident's overview: cases, callback requests, contacts and notifications, newest first.
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { Alert, Badge, Heading, Paragraph } from '../../ui/index.ts';
import { useMijnTitle, useOverview } from './mijn-api.ts';

export function OverviewPage() {
  const { t } = useTranslation();
  const q = useOverview();
  const location = useLocation();
  useMijnTitle(t('mijn.title'));
  if (q.isPending) return <Paragraph>{t('mijn.loading')}</Paragraph>;
  if (q.isError) return <Alert type="error">{q.error.message}</Alert>;
  const o = q.data;
  const channel = (c: string) => t(`mijn.channels.${c}`, { defaultValue: c });
  return (
    <>
      <Heading level={1}>{t('mijn.welcome', { name: o.name })}</Heading>
      {(location.state as { sent?: boolean } | null)?.sent ? <Alert type="ok">{t('mijn.sent')}</Alert> : null}
      <p>
        <Link
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
          to="/mijn/vraag"
        >
          {t('mijn.ask')}
        </Link>
      </p>

      <section aria-labelledby="mijn-zaken">
        <Heading level={2} id="mijn-zaken">
          {t('mijn.cases')}
        </Heading>
        {o.cases.length === 0 ? <Paragraph>{t('mijn.noCases')}</Paragraph> : null}
        <ul className="mijn-cards">
          {o.cases.map((c) => (
            <li key={c.id} className="mijn-card">
              <Link to={`/mijn/zaken/${encodeURIComponent(c.identification)}`} className="mijn-card__title">
                {c.subject}
              </Link>
              <div className="mijn-card__meta">
                {c.caseType} · {c.identification}
              </div>
              <div>
                {t('mijn.status')}:{' '}
                <Badge tone={c.closed ? 'ok' : 'neutral'}>{c.status?.name ?? t('mijn.open')}</Badge>
              </div>
              {c.expectedEndDate && !c.closed ? (
                <div>
                  {t('mijn.expectedEnd')}: {formatDate(c.expectedEndDate)}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="mijn-terugbellen">
        <Heading level={2} id="mijn-terugbellen">
          {t('mijn.callbacks')}
        </Heading>
        {o.callbacks.length === 0 ? <Paragraph>{t('mijn.noCallbacks')}</Paragraph> : null}
        <ul className="mijn-cards">
          {o.callbacks.map((c) => (
            <li key={c.id} className="mijn-card">
              <div className="mijn-card__title">{c.subject}</div>
              <div>
                {t('mijn.status')}:{' '}
                <Badge tone={c.status === 'done' ? 'ok' : 'neutral'}>
                  {t(`mijn.taskStatus.${c.status}`)}
                </Badge>
              </div>
              {c.status === 'open' || c.status === 'in_progress' ? (
                <div>
                  {t('mijn.expectedAt')}: {formatDate(c.expectedAt)}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="mijn-contacten">
        <Heading level={2} id="mijn-contacten">
          {t('mijn.contacts')}
        </Heading>
        {o.contacts.length === 0 ? <Paragraph>{t('mijn.noContacts')}</Paragraph> : null}
        <ul className="mijn-cards">
          {o.contacts.map((c) => (
            <li key={c.id} className="mijn-card">
              <div className="mijn-card__title">{c.subject}</div>
              <div className="mijn-card__meta">
                {formatDateTime(c.occurredAt)} · {t('mijn.via', { channel: channel(c.channel) })}
              </div>
              {c.answer ? (
                <div>
                  <strong>{t('mijn.answer')}:</strong> {c.answer}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="mijn-berichten">
        <Heading level={2} id="mijn-berichten">
          {t('mijn.notifications')}
        </Heading>
        {o.notifications.length === 0 ? <Paragraph>{t('mijn.noNotifications')}</Paragraph> : null}
        <ul className="mijn-cards">
          {o.notifications.map((n) => (
            <li key={n.id} className="mijn-card">
              <div className="mijn-card__title">{n.subject}</div>
              <div className="mijn-card__meta">
                {formatDateTime(n.sentAt)} · {t('mijn.via', { channel: channel(n.channel) })}
              </div>
              <div className="mijn-card__message">{n.message}</div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
