// One contact in full: what was asked and answered, who was involved, who handled it, what it is
// linked to, its attachments, and, when it is part of a conversation, the whole thread in order.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../app/api.ts';
import type { ContactDetails, PartyDetails } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, ChannelIcon, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';
import { EmailReply } from './email-reply.tsx';
import { ThreadSection } from './thread-section.tsx';
import './thread-texts.ts';

export type ContactWithThread = Omit<ContactDetails, 'parties'> & {
  thread?: { id: string; reference: string } | null;
  durationSeconds?: number | null;
  parties: (ContactDetails['parties'][number] & { details?: Record<string, unknown> })[];
};

function Parties({ contact }: { contact: ContactWithThread }) {
  const { t } = useTranslation();
  const ids = [...new Set(contact.parties.map((p) => p.partyId).filter((x): x is string => !!x))];
  const parties = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['party', id],
      queryFn: () => get<PartyDetails>(`/parties/${id}`),
      staleTime: 60_000,
    })),
  });
  const nameOf = (id: string) =>
    parties.find((q) => q.data?.id === id)?.data?.displayName ??
    t('contactDetail.partyUnknown', { id: id.slice(0, 8) });
  return (
    <section aria-labelledby="contact-parties">
      <Heading level={2} appearance={4} id="contact-parties">
        {t('contactDetail.parties')}
      </Heading>
      {contact.parties.length === 0 ? <Paragraph>{t('contactDetail.noParties')}</Paragraph> : null}
      <ul className="loket-plain-list">
        {contact.parties.map((p) => {
          const label = t(`contactDetail.role.${p.role}`, { defaultValue: p.role });
          const callerName = typeof p.details?.name === 'string' ? p.details.name : null;
          return (
            <li key={p.id}>
              <span className="loket-muted">{label}: </span>
              {p.partyId ? (
                <Link className="utrecht-link" to={`/klanten/${p.partyId}`}>
                  {nameOf(p.partyId)}
                </Link>
              ) : (
                (callerName ?? t('contact.anonymous'))
              )}
              {p.initiator ? <span className="loket-muted"> ({t('contactDetail.initiator')})</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export default function ContactPage() {
  const { t } = useTranslation();
  const { contactId = '' } = useParams();
  const contact = useQuery({
    queryKey: ['contact', contactId],
    queryFn: () => get<ContactWithThread>(`/contacts/${contactId}`),
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
        {c.durationSeconds ? (
          <div>
            <dt>{t('contactDetail.duration')}</dt>
            <dd>{t('contactDetail.minutes', { count: Math.max(1, Math.round(c.durationSeconds / 60)) })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('contact.reason')}</dt>
          <dd>{c.reason?.label ?? t('party.none')}</dd>
        </div>
        <div>
          <dt>{t('contact.employee')}</dt>
          <dd>{c.employee?.name ?? t('party.none')}</dd>
        </div>
        <div>
          <dt>{t('contactDetail.team')}</dt>
          <dd>{c.team?.name ?? t('party.none')}</dd>
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
      <Parties contact={c} />
      {c.subjects.length > 0 ? (
        <section aria-labelledby="contact-subjects">
          <Heading level={2} appearance={4} id="contact-subjects">
            {t('contact.subjects')}
          </Heading>
          <ul className="loket-plain-list">
            {c.subjects.map((s) => (
              <li key={s.id}>
                {t(`contact.subjectKind.${s.kind}`, s.kind)}: {s.reference}
                {s.register ? <span className="loket-muted"> ({s.register})</span> : null}
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
      {c.thread ? (
        <ThreadSection threadId={c.thread.id} reference={c.thread.reference} currentId={c.id} />
      ) : null}
      <EmailReply contact={c} />
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
