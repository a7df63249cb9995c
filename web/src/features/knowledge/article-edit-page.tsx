// Admin editing of an article (or a new one). The server keeps the replaced version in the history;
// `version` makes a save fail (409) when someone else saved in between.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../app/api.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Button, Heading, Paragraph, Select, TextArea, TextField, Toggle } from '../../ui/index.ts';
import { useReasons } from '../contacts/reference-data.ts';
import { type Article, type ArticleContent, sectionKeys, useArticle } from './knowledge-api.ts';
import './knowledge.css';
import './texts.ts';

const blank: ArticleContent = {
  slug: '',
  title: '',
  summary: '',
  description: '',
  conditions: '',
  costs: '',
  howToApply: '',
  workInstructions: '',
  keywords: [],
  reasonCodes: [],
  status: 'draft',
  humanOnly: false,
};

type Draft = Omit<ArticleContent, 'keywords' | 'reasonCodes'> & { keywords: string; reasonCodes: string };
const toDraft = (a: ArticleContent): Draft => ({
  slug: a.slug,
  title: a.title,
  summary: a.summary,
  description: a.description,
  conditions: a.conditions,
  costs: a.costs,
  howToApply: a.howToApply,
  workInstructions: a.workInstructions,
  status: a.status,
  humanOnly: a.humanOnly,
  keywords: a.keywords.join(', '),
  reasonCodes: a.reasonCodes.join(', '),
});
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export default function ArticleEditPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const isNew = !slug;
  const article = useArticle(slug);
  const reasons = useReasons();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(isNew ? toDraft(blank) : null);
  useEffect(() => {
    if (article.data && !draft) setDraft(toDraft(article.data));
  }, [article.data, draft]);
  const title = isNew
    ? t('kb.editor.newTitle')
    : t('kb.editor.editTitle', { title: article.data?.title ?? '' });
  useTitle(title);

  const save = useMutation({
    mutationFn: (d: Draft) => {
      const body = { ...d, keywords: list(d.keywords), reasonCodes: list(d.reasonCodes) };
      return isNew
        ? api<Article>('POST', '/knowledge', body)
        : api<Article>('PATCH', `/knowledge/${article.data?.id}`, {
            ...body,
            version: article.data?.version,
          });
    },
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: ['knowledge'] });
      navigate(`/kennisbank/${saved.slug}`);
    },
  });

  if (article.error) return <Alert type="error">{article.error.message}</Alert>;
  if (!draft) return <Paragraph>{t('common.loading')}</Paragraph>;
  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const err = (name: string) =>
    save.error instanceof ApiError
      ? (save.error.problem.invalidParams?.find((p) => p.name === name)?.reason ?? null)
      : null;
  const failure =
    save.error instanceof ApiError && save.error.status === 409 && !err('slug')
      ? t('kb.editor.conflict')
      : save.error?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const reasonOptions = (reasons.data ?? []).map((r) => `${r.code} (${r.label})`).join(', ');

  return (
    <div className="loket-kb-article">
      <p>
        <Link className="utrecht-link" to={isNew ? '/kennisbank' : `/kennisbank/${slug}`}>
          {t('kb.back')}
        </Link>
      </p>
      <Heading level={1} tabIndex={-1}>
        {title}
      </Heading>
      {failure ? <Alert type="error">{failure}</Alert> : null}
      <form className="loket-form loket-form--wide" onSubmit={submit} noValidate>
        <TextField
          id="kb-title"
          label={t('kb.editor.title')}
          value={draft.title}
          onValue={(v) => set({ title: v })}
          error={err('title')}
          aria-required="true"
        />
        <TextField
          id="kb-slug"
          label={t('kb.editor.slug')}
          description={t('kb.editor.slugHint')}
          value={draft.slug}
          onValue={(v) => set({ slug: v })}
          error={err('slug')}
          aria-required="true"
        />
        <TextArea
          id="kb-summary"
          label={t('kb.editor.summary')}
          value={draft.summary}
          onValue={(v) => set({ summary: v })}
          error={err('summary')}
          rows={2}
        />
        {sectionKeys.map((key) => (
          <TextArea
            key={key}
            id={`kb-${key}`}
            label={t(`kb.sections.${key}`)}
            description={t('kb.editor.markdownHint')}
            value={draft[key]}
            onValue={(v) => set({ [key]: v })}
            error={err(key)}
            rows={5}
          />
        ))}
        <TextArea
          id="kb-workInstructions"
          label={`${t('kb.sections.workInstructions')} (${t('kb.internal').toLowerCase()})`}
          description={t('kb.internalHint')}
          value={draft.workInstructions}
          onValue={(v) => set({ workInstructions: v })}
          error={err('workInstructions')}
          rows={5}
        />
        <TextField
          id="kb-keywords"
          label={t('kb.editor.keywords')}
          description={t('kb.editor.keywordsHint')}
          value={draft.keywords}
          onValue={(v) => set({ keywords: v })}
          error={err('keywords')}
        />
        <TextField
          id="kb-reasons"
          label={t('kb.editor.reasonCodes')}
          description={`${t('kb.editor.reasonHint')} ${t('kb.editor.keywordsHint')} ${reasonOptions}`}
          value={draft.reasonCodes}
          onValue={(v) => set({ reasonCodes: v })}
          error={err('reasonCodes')}
        />
        <Select
          id="kb-status"
          label={t('kb.editor.status')}
          value={draft.status}
          onValue={(v) => set({ status: v as Draft['status'] })}
          options={[
            { value: 'draft', label: t('kb.editor.statusDraft') },
            { value: 'published', label: t('kb.editor.statusPublished') },
          ]}
        />
        <Toggle
          id="kb-human"
          label={t('kb.editor.humanOnly')}
          checked={draft.humanOnly}
          onChange={(v) => set({ humanOnly: v })}
        />
        <div className="loket-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            {isNew ? t('kb.editor.create') : t('kb.editor.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
