// Following a topic: choose it, and for road works the postcode area (the resident's own suggested)
// or for a case one of the resident's own cases. The server checks the same and names the field.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../app/api.ts';
import { Alert, Button, Paragraph, Select, TextField } from '../../ui/index.ts';
import type { CaseItem } from './mijn-api.ts';
import { type Subscription, subscriptionsKey, type Topic } from './subscriptions-page.tsx';

type TopicsAnswer = { items: Topic[]; ownPostcodeArea: string | null };

export function SubscribeForm(props: { existing: Subscription[]; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const topics = useQuery({ queryKey: ['mijn', 'topics'], queryFn: () => get<TopicsAnswer>('/mijn/topics') });
  const cases = useQuery({
    queryKey: ['mijn', 'cases'],
    queryFn: async () => (await get<{ items: CaseItem[] }>('/mijn/cases')).items,
  });
  const [code, setCode] = useState('');
  const [area, setArea] = useState<string | null>(null);
  const [caseId, setCaseId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const topic = topics.data?.items.find((x) => x.code === code);
  const areaValue = area ?? topics.data?.ownPostcodeArea ?? '';
  const openCases = (cases.data ?? []).filter((c) => !c.closed);

  const send = useMutation({
    mutationFn: () =>
      post<Subscription>('/mijn/subscriptions', {
        topic: code,
        ...(topic?.scope === 'postcode_area' ? { postcodeArea: areaValue } : {}),
        ...(topic?.scope === 'case' ? { caseId } : {}),
      }),
    onSuccess: async (s) => {
      const already = props.existing.some((e) => e.id === s.id);
      await qc.invalidateQueries({ queryKey: subscriptionsKey });
      setCode('');
      setCaseId('');
      props.onDone(t(already ? 'mijn.subs.already' : 'mijn.subs.added', { topic: s.topic.name }));
    },
    onError: (err) => {
      const found: Record<string, string> = {};
      if (err instanceof ApiError) for (const p of err.problem.invalidParams ?? []) found[p.name] = p.reason;
      setErrors(found);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!topic) found.topic = t('mijn.subs.chooseTopic');
    if (topic?.scope === 'postcode_area' && !/^[1-9][0-9]{3}$/.test(areaValue.trim()))
      found.postcodeArea = t('mijn.subs.areaFormat');
    if (topic?.scope === 'case' && !caseId) found.caseId = t('mijn.subs.chooseCase');
    setErrors(found);
    if (Object.keys(found).length === 0) send.mutate();
  }

  if (topics.isError) return <Alert type="error">{topics.error.message}</Alert>;
  return (
    <form className="loket-form mijn-form" onSubmit={submit} noValidate>
      {send.isError && Object.keys(errors).length === 0 ? (
        <Alert type="error">{send.error.message}</Alert>
      ) : null}
      <Select
        label={t('mijn.subs.topic')}
        value={code}
        onValue={(v) => {
          setCode(v);
          setErrors({});
        }}
        options={[
          { value: '', label: t('mijn.subs.pick') },
          ...(topics.data?.items ?? []).map((x) => ({ value: x.code, label: x.name })),
        ]}
      />
      {errors.topic ? <Alert type="error">{errors.topic}</Alert> : null}
      {topic ? <Paragraph>{topic.description}</Paragraph> : null}
      {topic?.scope === 'postcode_area' ? (
        <TextField
          label={t('mijn.subs.postcodeArea')}
          description={t('mijn.subs.postcodeAreaHint')}
          value={areaValue}
          onValue={setArea}
          error={errors.postcodeArea}
          inputMode="numeric"
          autoComplete="off"
          maxLength={7}
          aria-required="true"
        />
      ) : null}
      {topic?.scope === 'case' ? (
        openCases.length === 0 ? (
          <Paragraph>{t('mijn.subs.noCases')}</Paragraph>
        ) : (
          <>
            <Select
              label={t('mijn.subs.whichCase')}
              value={caseId}
              onValue={setCaseId}
              options={[
                { value: '', label: t('mijn.subs.pickCase') },
                ...openCases.map((c) => ({
                  value: c.identification,
                  label: `${c.subject} (${c.identification})`,
                })),
              ]}
            />
            {errors.caseId ? <Alert type="error">{errors.caseId}</Alert> : null}
          </>
        )
      ) : null}
      <Button variant="primary" type="submit" busy={send.isPending}>
        {t('mijn.subs.subscribe')}
      </Button>
    </form>
  );
}
