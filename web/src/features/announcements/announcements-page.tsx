// Werkplek: publish an announcement to the subscribers of a topic (a postcode area for road works,
// one case for a case topic) and see what was sent before and how far delivery got. Publishing asks
// for confirmation, since it can reach tens of thousands of residents; a retried submit carries the
// same Idempotency-Key, so the server sends it once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../app/api.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Button, Heading, Paragraph, Select, TextArea, TextField } from '../../ui/index.ts';
import { fieldError } from '../admin/field-error.ts';
import { AnnouncementHistory } from './announcements-history.tsx';
import './texts.ts';

type Topic = {
  code: string;
  name: string;
  scope: 'general' | 'postcode_area' | 'case';
  active: boolean;
  subscribers: number;
};

export default function AnnouncementsPage() {
  const { t } = useTranslation();
  useTitle(t('ann.title'));
  const qc = useQueryClient();
  const topics = useQuery({
    queryKey: ['subscription-topics'],
    queryFn: async () => (await get<{ items: Topic[] }>('/subscription-topics')).items,
  });
  const [form, setForm] = useState({ topic: '', postcodeArea: '', caseId: '', title: '', body: '' });
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState(false);
  const key = useRef(crypto.randomUUID());
  const confirmRef = useRef<HTMLDivElement>(null);
  const topic = topics.data?.find((x) => x.code === form.topic);
  const set = (field: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [field]: v }));

  const publish = useMutation({
    mutationFn: () =>
      post<{ id: string; recipients: number }>(
        '/announcements',
        {
          topic: form.topic,
          title: form.title,
          body: form.body,
          ...(topic?.scope === 'postcode_area' ? { postcodeArea: form.postcodeArea } : {}),
          ...(topic?.scope === 'case' ? { caseId: form.caseId } : {}),
        },
        { 'idempotency-key': key.current },
      ),
    onSuccess: () => {
      key.current = crypto.randomUUID();
      setForm({ topic: '', postcodeArea: '', caseId: '', title: '', body: '' });
      return qc.invalidateQueries({ queryKey: ['announcements'] });
    },
    onSettled: () => setConfirming(false),
  });

  function check() {
    const need: Record<string, boolean> = {
      topic: !form.topic,
      title: !form.title.trim(),
      body: !form.body.trim(),
      postcodeArea: topic?.scope === 'postcode_area' && !form.postcodeArea.trim(),
      caseId: topic?.scope === 'case' && !form.caseId.trim(),
    };
    setMissing(need);
    if (Object.values(need).some(Boolean)) return;
    publish.reset();
    setConfirming(true);
    // Move focus to the question, so a keyboard or screen-reader user hears what is asked.
    setTimeout(() => confirmRef.current?.focus(), 0);
  }

  const error = (field: string) => (missing[field] ? t('ann.required') : fieldError(publish.error, field));
  const where =
    topic?.scope === 'postcode_area'
      ? t('ann.confirmArea', { area: form.postcodeArea.trim() })
      : topic?.scope === 'case'
        ? t('ann.confirmCase', { id: form.caseId.trim() })
        : '';

  return (
    <div>
      <Heading level={1} tabIndex={-1}>
        {t('ann.title')}
      </Heading>
      <Paragraph>{t('ann.intro')}</Paragraph>
      {publish.isSuccess ? (
        <Alert type="ok">{t('ann.sent', { count: publish.data.recipients })}</Alert>
      ) : null}
      {publish.isError && !fieldError(publish.error, 'topic') ? (
        <Alert type="error">{publish.error.message}</Alert>
      ) : null}
      <section className="loket-card" aria-labelledby="ann-new">
        <Heading level={2} appearance={4} id="ann-new">
          {t('ann.new')}
        </Heading>
        <form
          className="loket-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            check();
          }}
        >
          <Select
            label={t('ann.topic')}
            value={form.topic}
            onValue={set('topic')}
            options={[
              { value: '', label: t('ann.pick') },
              ...(topics.data ?? [])
                .filter((x) => x.active)
                .map((x) => ({
                  value: x.code,
                  label: t('ann.topicOption', { name: x.name, count: x.subscribers }),
                })),
            ]}
          />
          {error('topic') ? <Alert type="error">{error('topic')}</Alert> : null}
          {topic?.scope === 'postcode_area' ? (
            <TextField
              label={t('ann.postcodeArea')}
              description={t('ann.postcodeAreaHint')}
              value={form.postcodeArea}
              onValue={set('postcodeArea')}
              error={error('postcodeArea')}
              inputMode="numeric"
              maxLength={7}
            />
          ) : null}
          {topic?.scope === 'case' ? (
            <TextField
              label={t('ann.caseId')}
              description={t('ann.caseIdHint')}
              value={form.caseId}
              onValue={set('caseId')}
              error={error('caseId')}
            />
          ) : null}
          <TextField
            label={t('ann.messageTitle')}
            value={form.title}
            onValue={set('title')}
            error={error('title')}
            maxLength={200}
          />
          <TextArea
            label={t('ann.body')}
            value={form.body}
            onValue={set('body')}
            error={error('body')}
            rows={6}
          />
          {confirming ? (
            <div className="loket-confirm" tabIndex={-1} ref={confirmRef}>
              <Alert type="warning">{t('ann.confirm', { topic: topic?.name ?? '', where })}</Alert>
              <Button variant="primary" busy={publish.isPending} onClick={() => publish.mutate()}>
                {t('ann.confirmYes')}
              </Button>{' '}
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t('ann.cancel')}
              </Button>
            </div>
          ) : (
            <Button variant="primary" type="submit">
              {t('ann.send')}
            </Button>
          )}
        </form>
      </section>
      <AnnouncementHistory />
    </div>
  );
}
