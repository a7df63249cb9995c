// One of the resident's cases: where it stands, its status history and its documents.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { Alert, Badge, Heading, Paragraph } from '../../ui/index.ts';
import { useCase, useMijnTitle } from './mijn-api.ts';

export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCase(id);
  useMijnTitle(t('mijn.caseTitle', { id }));
  const back = (
    <p>
      <Link to="/mijn">{t('mijn.back')}</Link>
    </p>
  );
  if (q.isPending) return <Paragraph>{t('mijn.loading')}</Paragraph>;
  if (q.isError)
    return (
      <>
        {back}
        <Alert type="error">{q.error.message}</Alert>
      </>
    );
  const c = q.data;
  return (
    <>
      {back}
      <Heading level={1}>{c.subject}</Heading>
      <dl className="mijn-facts">
        <dt>{t('mijn.case')}</dt>
        <dd>
          {c.caseType} · {c.identification}
        </dd>
        <dt>{t('mijn.status')}</dt>
        <dd>
          <Badge tone={c.closed ? 'ok' : 'neutral'}>{c.status?.name ?? t('mijn.open')}</Badge>
        </dd>
        <dt>{t('mijn.started')}</dt>
        <dd>{formatDate(c.startDate)}</dd>
        {c.closed && c.endDate ? (
          <>
            <dt>{t('mijn.ended')}</dt>
            <dd>{formatDate(c.endDate)}</dd>
          </>
        ) : c.expectedEndDate ? (
          <>
            <dt>{t('mijn.expectedEnd')}</dt>
            <dd>{formatDate(c.expectedEndDate)}</dd>
          </>
        ) : null}
      </dl>
      {c.description ? <Paragraph>{c.description}</Paragraph> : null}
      <Heading level={2}>{t('mijn.history')}</Heading>
      <ol className="mijn-history">
        {c.history.map((h) => (
          <li key={`${h.at}-${h.name}`}>
            <strong>{h.name}</strong> <span className="mijn-card__meta">{formatDateTime(h.at)}</span>
            {h.explanation ? <div>{h.explanation}</div> : null}
          </li>
        ))}
      </ol>
      <Heading level={2}>{t('mijn.documents')}</Heading>
      {c.documents.length === 0 ? <Paragraph>{t('mijn.noDocuments')}</Paragraph> : null}
      <ul>
        {c.documents.map((d) => (
          <li key={d.id}>
            {d.title} ({formatDate(d.date)})
          </li>
        ))}
      </ul>
    </>
  );
}
