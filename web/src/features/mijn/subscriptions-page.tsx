// "Mijn abonnementen": the topics the resident follows (waste collection, road works in a postcode
// area, council decisions, one of their cases), to stop or to add. What the municipality announces
// on them arrives on the resident's preferred channel and in "Berichten aan mij".
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, get } from '../../app/api.ts';
import { Alert, Button, Heading, Paragraph } from '../../ui/index.ts';
import { useMijnTitle } from './mijn-api.ts';
import { SubscribeForm } from './subscriptions-form.tsx';

export type Topic = {
  code: string;
  name: string;
  description: string;
  scope: 'general' | 'postcode_area' | 'case';
};
export type Subscription = {
  id: string;
  topic: Topic;
  postcodeArea: string | null;
  case: { id: string; identification: string; subject: string } | null;
  createdAt: string;
};

export const subscriptionsKey = ['mijn', 'subscriptions'] as const;

export const useSubscriptions = () =>
  useQuery({
    queryKey: subscriptionsKey,
    queryFn: async () => (await get<{ items: Subscription[] }>('/mijn/subscriptions')).items,
  });

/** What one subscription is about, in words: the topic plus its area or case. */
export function useSubscriptionLabel() {
  const { t } = useTranslation();
  return (s: Pick<Subscription, 'postcodeArea' | 'case'>) =>
    s.postcodeArea
      ? t('mijn.subs.area', { area: s.postcodeArea })
      : s.case
        ? t('mijn.subs.case', { id: s.case.identification, subject: s.case.subject })
        : null;
}

export function SubscriptionsPage() {
  const { t } = useTranslation();
  useMijnTitle(t('mijn.subs.title'));
  const qc = useQueryClient();
  const list = useSubscriptions();
  const label = useSubscriptionLabel();
  const [message, setMessage] = useState<string | null>(null);
  const stop = useMutation({
    mutationFn: (s: Subscription) => api('DELETE', `/mijn/subscriptions/${s.id}`),
    onSuccess: (_r, s) => {
      setMessage(t('mijn.subs.stopped', { topic: s.topic.name }));
      return qc.invalidateQueries({ queryKey: subscriptionsKey });
    },
  });
  return (
    <>
      <p>
        <Link to="/mijn">{t('mijn.back')}</Link>
      </p>
      <Heading level={1}>{t('mijn.subs.title')}</Heading>
      <Paragraph>{t('mijn.subs.intro')}</Paragraph>
      {message ? <Alert type="ok">{message}</Alert> : null}
      {stop.isError ? <Alert type="error">{stop.error.message}</Alert> : null}

      <section aria-labelledby="mijn-abonnementen">
        <Heading level={2} id="mijn-abonnementen">
          {t('mijn.subs.current')}
        </Heading>
        {list.isPending ? <Paragraph>{t('mijn.loading')}</Paragraph> : null}
        {list.isError ? <Alert type="error">{list.error.message}</Alert> : null}
        {list.data?.length === 0 ? <Paragraph>{t('mijn.subs.none')}</Paragraph> : null}
        <ul className="mijn-cards">
          {list.data?.map((s) => (
            <li key={s.id} className="mijn-card">
              <div className="mijn-card__title">{s.topic.name}</div>
              {label(s) ? <div>{label(s)}</div> : null}
              <div className="mijn-card__meta">{s.topic.description}</div>
              <Button
                variant="secondary"
                onClick={() => stop.mutate(s)}
                disabled={stop.isPending}
                aria-label={t('mijn.subs.stopLabel', { topic: s.topic.name, what: label(s) ?? '' }).trim()}
              >
                {t('mijn.subs.stop')}
              </Button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="mijn-abonneren">
        <Heading level={2} id="mijn-abonneren">
          {t('mijn.subs.add')}
        </Heading>
        <SubscribeForm
          existing={list.data ?? []}
          onDone={(text) => {
            setMessage(text);
            stop.reset();
          }}
        />
      </section>
    </>
  );
}
