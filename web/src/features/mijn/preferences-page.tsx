// "Mijn voorkeuren": the resident's e-mail addresses and phone numbers (verified by a code), the
// channel per kind of message and the language. A channel needs a verified address of its kind;
// post always works (the letter goes to the home address).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, get } from '../../app/api.ts';
import { Alert, Badge, Button, Heading, Paragraph } from '../../ui/index.ts';
import { useMijnTitle } from './mijn-api.ts';
import { AddAddress } from './preferences-address.tsx';
import {
  type Channel,
  type MessageKind,
  messageKinds,
  type PortalAddress,
  type PreferencesData,
  RadioGroup,
} from './preferences-fields.tsx';

const key = ['mijn', 'preferences'];
const channels: Channel[] = ['email', 'sms', 'whatsapp', 'post'];
const needs: Record<Channel, 'email' | 'phone' | null> = {
  email: 'email',
  sms: 'phone',
  whatsapp: 'phone',
  post: null,
};

export function PreferencesPage() {
  const { t } = useTranslation();
  useMijnTitle(t('mijn.prefs.title'));
  const q = useQuery({ queryKey: key, queryFn: () => get<PreferencesData>('/mijn/preferences') });
  return (
    <>
      <p>
        <Link to="/mijn">{t('mijn.back')}</Link>
      </p>
      <Heading level={1}>{t('mijn.prefs.title')}</Heading>
      <Paragraph>{t('mijn.prefs.intro')}</Paragraph>
      {q.isPending ? <Paragraph>{t('mijn.loading')}</Paragraph> : null}
      {q.isError ? <Alert type="error">{q.error.message}</Alert> : null}
      {q.data ? <Addresses data={q.data} /> : null}
      {q.data ? <Choices key={JSON.stringify(q.data.digitalAddresses)} data={q.data} /> : null}
    </>
  );
}

function Addresses({ data }: { data: PreferencesData }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const refresh = (message: string) => {
    setDone(message);
    return qc.invalidateQueries({ queryKey: key });
  };
  const preferred = useMutation({
    mutationFn: (a: PortalAddress) => api('PUT', `/mijn/digital-addresses/${a.id}/preferred`),
    onSuccess: (_r, a) => refresh(t('mijn.prefs.madePreferred', { value: a.value })),
  });
  const remove = useMutation({
    mutationFn: (a: PortalAddress) => api('DELETE', `/mijn/digital-addresses/${a.id}`),
    onSuccess: (_r, a) => refresh(t('mijn.prefs.removed', { value: a.value })),
  });
  const failed = preferred.error ?? remove.error;
  return (
    <section aria-labelledby="mijn-adressen">
      <Heading level={2} id="mijn-adressen">
        {t('mijn.prefs.addresses')}
      </Heading>
      {done ? <Alert type="ok">{done}</Alert> : null}
      {failed ? <Alert type="error">{failed.message}</Alert> : null}
      {data.digitalAddresses.length === 0 ? <Paragraph>{t('mijn.prefs.noAddresses')}</Paragraph> : null}
      <ul className="mijn-cards">
        {data.digitalAddresses.map((a) => (
          <li key={a.id} className="mijn-card">
            <span className="mijn-card__title">{a.value}</span>
            <div className="mijn-card__meta">{t(`mijn.prefs.kinds.${a.kind}`)}</div>
            <div className="mijn-badges">
              {a.verifiedAt ? (
                <Badge tone="ok">{t('mijn.prefs.verified')}</Badge>
              ) : (
                <Badge tone="warning">{t('mijn.prefs.unverified')}</Badge>
              )}
              {a.isPreferred ? <Badge>{t('mijn.prefs.preferred')}</Badge> : null}
            </div>
            <div className="mijn-actions">
              {a.verifiedAt && !a.isPreferred ? (
                <Button onClick={() => preferred.mutate(a)} busy={preferred.isPending}>
                  {t('mijn.prefs.makePreferred')}
                  <span className="loket-visually-hidden">: {a.value}</span>
                </Button>
              ) : null}
              <Button variant="subtle" onClick={() => remove.mutate(a)} busy={remove.isPending}>
                {t('mijn.prefs.remove')}
                <span className="loket-visually-hidden">: {a.value}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Heading level={3}>{t('mijn.prefs.add')}</Heading>
      <AddAddress
        onVerified={(a) =>
          refresh(
            t(a.kind === 'email' ? 'mijn.prefs.verifiedEmail' : 'mijn.prefs.verifiedPhone', {
              value: a.value,
            }),
          )
        }
      />
    </section>
  );
}

function Choices({ data }: { data: PreferencesData }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [choice, setChoice] = useState(data.messagePreferences);
  const [language, setLanguage] = useState(data.language === 'en' ? 'en' : 'nl');
  const [saved, setSaved] = useState(false);
  const has = (kind: 'email' | 'phone') => data.digitalAddresses.some((a) => a.kind === kind && a.verifiedAt);
  const save = useMutation({
    mutationFn: () =>
      api<PreferencesData>('PUT', '/mijn/preferences', { messagePreferences: choice, language }),
    onSuccess: (d) => {
      qc.setQueryData(key, d);
      setSaved(true);
    },
  });
  const errorOf = (kind: MessageKind) =>
    save.error instanceof ApiError
      ? (save.error.problem.invalidParams?.find((p) => p.name === `messagePreferences.${kind}`)?.reason ??
        null)
      : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  }
  const option = (c: Channel) => {
    const kind = needs[c];
    const missing = kind !== null && !has(kind);
    return {
      value: c,
      disabled: missing,
      label: (
        <>
          {t(`mijn.prefs.channels.${c}`)}
          {missing ? <span className="mijn-card__meta"> ({t(`mijn.prefs.needs.${kind}`)})</span> : null}
        </>
      ),
    };
  };
  return (
    <section aria-labelledby="mijn-kanalen">
      <Heading level={2} id="mijn-kanalen">
        {t('mijn.prefs.channelsTitle')}
      </Heading>
      <Paragraph>{t('mijn.prefs.channelsIntro')}</Paragraph>
      {saved ? <Alert type="ok">{t('mijn.prefs.saved')}</Alert> : null}
      {save.isError && !messageKinds.some(errorOf) ? <Alert type="error">{save.error.message}</Alert> : null}
      <form className="loket-form mijn-form" onSubmit={submit} noValidate>
        {messageKinds.map((kind) => (
          <RadioGroup
            key={kind}
            name={`kanaal-${kind}`}
            legend={t(`mijn.prefs.messageKinds.${kind}`)}
            value={choice[kind] ?? 'default'}
            error={errorOf(kind)}
            onChange={(v) => setChoice({ ...choice, [kind]: v === 'default' ? null : (v as Channel) })}
            options={[{ value: 'default', label: t('mijn.prefs.channels.default') }, ...channels.map(option)]}
          />
        ))}
        <RadioGroup
          name="taal"
          legend={t('mijn.prefs.language')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'nl', label: 'Nederlands' },
            { value: 'en', label: <span lang="en">English</span> },
          ]}
        />
        <Button variant="primary" type="submit" busy={save.isPending}>
          {t('mijn.prefs.save')}
        </Button>
      </form>
    </section>
  );
}
