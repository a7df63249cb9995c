// Import a set of articles: JSON (a list, or {"articles": [...]}) and/or Markdown files with front
// matter. First a check (dryRun), then the import; the server stores all or nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../../app/api.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Button, Heading, Paragraph, TextArea } from '../../ui/index.ts';
import './knowledge.css';
import './texts.ts';

type Report = {
  dryRun: boolean;
  created: { slug: string; title: string }[];
  updated: { slug: string; title: string; version: number }[];
  unchanged: { slug: string; title: string }[];
};
type ImportBody = { articles: unknown[]; markdown: { filename: string; content: string }[] };

function articlesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && Array.isArray((value as { articles?: unknown }).articles)) {
    return (value as { articles: unknown[] }).articles;
  }
  return [value];
}

export default function ImportPage() {
  const { t } = useTranslation();
  useTitle(t('kb.importPage.title'));
  const qc = useQueryClient();
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [json, setJson] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const body = (): ImportBody | null => {
    const out: ImportBody = { articles: [], markdown: [] };
    try {
      for (const f of files) {
        if (/\.json$/i.test(f.name)) out.articles.push(...articlesOf(JSON.parse(f.text)));
        else out.markdown.push({ filename: f.name, content: f.text });
      }
      if (json.trim()) out.articles.push(...articlesOf(JSON.parse(json)));
    } catch {
      setLocalError(t('kb.importPage.badJson'));
      return null;
    }
    if (out.articles.length + out.markdown.length === 0) {
      setLocalError(t('kb.importPage.nothing'));
      return null;
    }
    return out;
  };
  const run = useMutation({
    mutationFn: (input: ImportBody & { dryRun: boolean }) => post<Report>('/knowledge/import', input),
    onSuccess: (r) => (r.dryRun ? undefined : qc.invalidateQueries({ queryKey: ['knowledge'] })),
  });
  const start = (dryRun: boolean) => {
    setLocalError(null);
    const b = body();
    if (b) run.mutate({ ...b, dryRun });
  };
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(e.target.files ?? [])];
    setFiles(await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() }))));
    run.reset();
  };
  const problems = run.error instanceof ApiError ? (run.error.problem.invalidParams ?? []) : [];
  const r = run.data;

  return (
    <div className="loket-kb-article">
      <p>
        <Link className="utrecht-link" to="/kennisbank">
          {t('kb.back')}
        </Link>
      </p>
      <Heading level={1} tabIndex={-1}>
        {t('kb.importPage.title')}
      </Heading>
      <Paragraph>{t('kb.importPage.intro')}</Paragraph>
      <div className="loket-form loket-form--wide">
        <div className="utrecht-form-field utrecht-form-field--text">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor="kb-files">
              {t('kb.importPage.files')}
            </label>
          </div>
          <div className="utrecht-form-field-description" id="kb-files-desc">
            {t('kb.importPage.filesHint')}
          </div>
          <input
            id="kb-files"
            type="file"
            multiple
            accept=".json,.md,.markdown,application/json,text/markdown"
            aria-describedby="kb-files-desc"
            onChange={pick}
          />
          {files.length ? (
            <p className="loket-muted">{t('kb.importPage.chosen', { count: files.length })}</p>
          ) : null}
        </div>
        <TextArea id="kb-json" label={t('kb.importPage.json')} value={json} onValue={setJson} rows={6} />
        <div className="loket-actions">
          <Button onClick={() => start(true)} busy={run.isPending && run.variables?.dryRun}>
            {t('kb.importPage.check')}
          </Button>
          <Button
            variant="primary"
            onClick={() => start(false)}
            busy={run.isPending && !run.variables?.dryRun}
          >
            {t('kb.importPage.run')}
          </Button>
        </div>
      </div>
      <div aria-live="polite">
        {localError ? <Alert type="error">{localError}</Alert> : null}
        {run.error ? (
          <Alert type="error">
            <strong>{run.error.message}</strong>
            {problems.length ? (
              <ul className="loket-kb-problems" aria-label={t('kb.importPage.problems')}>
                {problems.map((p) => (
                  <li key={`${p.name}:${p.reason}`}>
                    <code>{p.name}</code>: {p.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
        {r ? (
          <Alert type="ok">
            <strong>{r.dryRun ? t('kb.importPage.checked') : t('kb.importPage.done')}</strong>
            <ul>
              <li>
                {t('kb.importPage.created', { count: r.created.length })}
                {r.created.length ? `: ${r.created.map((a) => a.title).join(', ')}` : ''}
              </li>
              <li>
                {t('kb.importPage.updatedCount', { count: r.updated.length })}
                {r.updated.length ? `: ${r.updated.map((a) => a.title).join(', ')}` : ''}
              </li>
              <li>{t('kb.importPage.unchanged', { count: r.unchanged.length })}</li>
            </ul>
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
