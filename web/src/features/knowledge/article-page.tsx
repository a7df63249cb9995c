// One article: the public parts (what it is, conditions, costs, how to apply) and, set apart, the
// work instructions that only employees see.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../app/auth.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, formatDate, Heading, Paragraph } from '../../ui/index.ts';
import { sectionKeys, useArticle } from './knowledge-api.ts';
import { RichText } from './rich-text.tsx';
import './knowledge.css';
import './texts.ts';

export default function ArticlePage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const me = useMe();
  const admin = !!me.data?.roles.includes('admin');
  const article = useArticle(slug);
  const a = article.data;
  useTitle(a?.title ?? t('kb.title'));
  if (article.error) {
    return (
      <>
        <Heading level={1} tabIndex={-1}>
          {t('kb.title')}
        </Heading>
        <Alert type="error">{article.error.message}</Alert>
      </>
    );
  }
  if (!a) return <Paragraph>{t('common.loading')}</Paragraph>;
  const updated = formatDate(a.updatedAt);
  return (
    <article className="loket-kb-article">
      <p>
        <Link className="utrecht-link" to="/kennisbank">
          {t('kb.back')}
        </Link>
      </p>
      <Heading level={1} tabIndex={-1}>
        {a.title}
      </Heading>
      <div className="loket-kb-meta loket-muted">
        {a.status === 'draft' ? <Badge tone="warning">{t('kb.draft')}</Badge> : null}
        {a.humanOnly ? <Badge>{t('kb.humanOnly')}</Badge> : null}
        <span>
          {a.updatedBy
            ? t('kb.updatedBy', { date: updated, name: a.updatedBy.name })
            : t('kb.updated', { date: updated })}{' '}
          ({t('kb.version', { version: a.version })})
        </span>
        {admin ? (
          <>
            <Link className="utrecht-link" to={`/kennisbank/${a.slug}/bewerken`}>
              {t('kb.edit')}
            </Link>
            <Link className="utrecht-link" to={`/kennisbank/${a.slug}/geschiedenis`}>
              {t('kb.history')}
            </Link>
          </>
        ) : null}
      </div>
      {a.summary ? <Paragraph lead>{a.summary}</Paragraph> : null}
      {sectionKeys.map((key) =>
        a[key] ? (
          <section key={key} aria-labelledby={`kb-${key}`}>
            <Heading level={2} appearance={3} id={`kb-${key}`}>
              {t(`kb.sections.${key}`)}
            </Heading>
            <RichText text={a[key]} />
          </section>
        ) : null,
      )}
      {a.workInstructions ? (
        <section className="loket-kb-internal" aria-labelledby="kb-work">
          <Heading level={2} appearance={3} id="kb-work">
            {t('kb.sections.workInstructions')} <Badge tone="warning">{t('kb.internal')}</Badge>
          </Heading>
          <p className="loket-muted">{t('kb.internalHint')}</p>
          <RichText text={a.workInstructions} />
        </section>
      ) : null}
      {a.keywords.length > 0 ? (
        <p className="loket-muted">
          {t('kb.keywords')}: {a.keywords.join(', ')}
        </p>
      ) : null}
    </article>
  );
}
