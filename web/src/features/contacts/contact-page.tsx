// One contact in full: what was asked, what was answered, who handled it, links to cases.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../app/api.ts';
import type { ContactDetails } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, ChannelIcon, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';

export default function ContactPage() {
  const { t } = useTranslation();
  const { contactId = '' } = useParams();
  const contact = useQuery({
    queryKey: ['contact', contactId],
    queryFn: () => get<ContactDetails>(`/contacts/${contactId}`),
  });
  const c = contact.data;
  useTitle(c ? c.subject : t('contact.title'));
  if (contact.error) return <Alert type="error">{contact.error.message}</Alert>;
  if (!c) return <Paragraph>{t('common.loading')}</Paragraph>;
  const customer = c.parties.find((p) => p.partyId);
  return (
    <article className="loket-contact">
      <p className="loket-muted">
        {t('contact.title')} {c.number}
      </p>
      <Heading level={1} tabIndex={-1}>
        {c.subject}
      </Heading>
      <dl className="loket-facts">
        <div>
          <dt>{t('contact.channel')}</dt>
          <dd>
            <ChannelIcon channel={c.channel} /> {t(`channel.${c.channel}`, c.channel)} ·{' '}
            {t(`direction.${c.direction}`)}
          </dd>
        </div>
        <div>
          <dt>{t('contact.when')}</dt>
          <dd>{formatDateTime(c.occurredAt)}</dd>
        </div>
        <div>
          <dt>{t('contact.reason')}</dt>
          <dd>{c.reason?.label ?? t('party.none')}</dd>
        </div>
        <div>
          <dt>{t('contact.employee')}</dt>
          <dd>{[c.employee?.name, c.team?.name].filter(Boolean).join(', ') || t('party.none')}</dd>
        </div>
        <div>
          <dt>{t('contact.resolved')}</dt>
          <dd>
            {c.resolvedFirstContact == null
              ? t('party.none')
              : c.resolvedFirstContact
                ? t('common.yes')
                : t('common.no')}
            {c.confidential ? <Badge tone="danger">{t('contact.confidential')}</Badge> : null}
          </dd>
        </div>
      </dl>
      {c.content ? (
        <section aria-labelledby="contact-content">
          <Heading level={2} appearance={4} id="contact-content">
            {t('contact.content')}
          </Heading>
          <div className="loket-content">{c.content}</div>
        </section>
      ) : null}
      {c.result ? (
        <section aria-labelledby="contact-result">
          <Heading level={2} appearance={4} id="contact-result">
            {t('contact.result')}
          </Heading>
          <div className="loket-content">{c.result}</div>
        </section>
      ) : null}
      {c.subjects.length > 0 ? (
        <section aria-labelledby="contact-subjects">
          <Heading level={2} appearance={4} id="contact-subjects">
            {t('contact.subjects')}
          </Heading>
          <ul className="loket-plain-list">
            {c.subjects.map((s) => (
              <li key={s.id}>
                {t(`contact.subjectKind.${s.kind}`, s.kind)}: {s.reference}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.attachments.length > 0 ? (
        <section aria-labelledby="contact-attachments">
          <Heading level={2} appearance={4} id="contact-attachments">
            {t('contact.attachments')}
          </Heading>
          <ul className="loket-plain-list">
            {c.attachments.map((a) => (
              <li key={a.id}>
                <a className="utrecht-link" href={`/api/v1/attachments/${a.id}`}>
                  {a.filename}
                </a>{' '}
                <span className="loket-muted">({Math.ceil(a.sizeBytes / 1024)} kB)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {customer?.partyId ? (
        <Paragraph>
          <Link className="utrecht-link" to={`/klanten/${customer.partyId}`}>
            {t('contact.toCustomer')}
          </Link>
        </Paragraph>
      ) : null}
    </article>
  );
}
