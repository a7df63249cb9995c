// Every version of an article, newest first: who changed what, when; each version can be read whole.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../app/api.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';
import { type History, sectionKeys } from './knowledge-api.ts';
import { RichText } from './rich-text.tsx';
import './knowledge.css';
import './texts.ts';

export default function HistoryPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const history = useQuery({
    queryKey: ['knowledge', 'history', slug],
    queryFn: () => get<History>(`/knowledge/${encodeURIComponent(slug)}/history`),
  });
  const [open, setOpen] = useState<number | null>(null);
  const h = history.data;
  const title = t('kb.historyPage.title', { title: h?.title ?? slug });
  useTitle(title);
  const fieldNames = (fields: string[]) => fields.map((f) => t(`kb.fields.${f}`, f)).join(', ');

  return (
    <div className="loket-kb-article">
      <p>
        <Link className="utrecht-link" to={`/kennisbank/${slug}`}>
          {t('kb.back')}
        </Link>
      </p>
      <Heading level={1} tabIndex={-1}>
        {title}
      </Heading>
      <Paragraph>{t('kb.historyPage.intro')}</Paragraph>
      {history.error ? <Alert type="error">{history.error.message}</Alert> : null}
      {!h && !history.error ? <Paragraph>{t('common.loading')}</Paragraph> : null}
      <ol className="loket-kb-history" reversed>
        {(h?.versions ?? []).map((v) => (
          <li key={v.version}>
            <Heading level={2} appearance={5}>
              {t('kb.version', { version: v.version })}{' '}
              {v.current ? <Badge tone="ok">{t('kb.historyPage.current')}</Badge> : null}
            </Heading>
            <p className="loket-muted">
              {t('kb.historyPage.editedBy', {
                date: formatDateTime(v.editedAt),
                name: v.editedBy?.name ?? '–',
              })}
            </p>
            <p>
              {v.changedFields.length
                ? t('kb.historyPage.changed', { fields: fieldNames(v.changedFields) })
                : t('kb.historyPage.first')}
            </p>
            <Button
              aria-expanded={open === v.version}
              aria-controls={`kb-version-${v.version}`}
              onClick={() => setOpen(open === v.version ? null : v.version)}
            >
              {open === v.version
                ? t('kb.historyPage.hide', { version: v.version })
                : t('kb.historyPage.show', { version: v.version })}
            </Button>
            {open === v.version ? (
              <div className="loket-kb-version" id={`kb-version-${v.version}`}>
                <Heading level={3} appearance={4}>
                  {v.content.title}
                </Heading>
                {v.content.summary ? <Paragraph>{v.content.summary}</Paragraph> : null}
                {[...sectionKeys, 'workInstructions' as const].map((key) =>
                  v.content[key] ? (
                    <div key={key}>
                      <Heading level={4} appearance={5}>
                        {t(`kb.sections.${key}`)}
                      </Heading>
                      <RichText text={v.content[key]} />
                    </div>
                  ) : null,
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
