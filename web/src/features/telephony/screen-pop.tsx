// Screen pop: when the employee answers a call, a notice under the header names the caller and links
// to the customer view; when the call ends (already logged as a contact), it asks for the reason and
// notes. Non-blocking: nothing takes focus, the notice is announced through a polite live region.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, get } from '../../app/api.ts';
import { Button, Select, TextArea } from '../../ui/index.ts';
import { useReasons } from '../contacts/reference-data.ts';
import { type CallNotice, useCallNotices } from './call-live.ts';
import './screen-pop.css';
import './texts.ts';

function useDuration() {
  const { t } = useTranslation();
  return (seconds: number | null) => {
    if (seconds === null) return null;
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m > 0 ? t('telephony.minutes', { m, s }) : t('telephony.seconds', { s });
  };
}

function Caller({ notice }: { notice: CallNotice }) {
  const { t } = useTranslation();
  if (notice.partyName) return <strong>{notice.partyName}</strong>;
  const label = notice.matches > 1 ? t('telephony.several') : t('telephony.unknown');
  return (
    <>
      <strong>{label}</strong>
      {notice.number ? <> {notice.number}</> : null}
    </>
  );
}

function ActiveCall({ notice }: { notice: CallNotice }) {
  const { t } = useTranslation();
  return (
    <p className="loket-screenpop__text">
      {notice.direction === 'out' ? t('telephony.outgoing') : t('telephony.incoming')}:{' '}
      <Caller notice={notice} />
      {' — '}
      {notice.partyId ? (
        <Link to={`/klanten/${notice.partyId}`}>{t('telephony.openView')}</Link>
      ) : notice.number ? (
        <Link to={`/zoeken?q=${encodeURIComponent(notice.number)}`}>{t('telephony.searchNumber')}</Link>
      ) : null}
    </p>
  );
}

function EndedText({ notice, saved }: { notice: CallNotice; saved: boolean }) {
  const { t } = useTranslation();
  const duration = useDuration()(notice.durationSeconds);
  const who = notice.partyName ?? notice.number ?? t('telephony.unknown');
  if (saved) return <p className="loket-screenpop__text">{t('telephony.saved', { who })}</p>;
  return (
    <p className="loket-screenpop__text">
      {t(notice.succeeded === false ? 'telephony.missed' : 'telephony.ended', { who })}
      {duration ? ` (${t('telephony.duration', { duration })})` : ''}.{' '}
      {notice.contactId ? (
        <Link to={`/contacten/${notice.contactId}`}>{t('telephony.openContact')}</Link>
      ) : null}
    </p>
  );
}

/** Reason and notes for the logged call; outside the live region, so it is not read out on arrival. */
function AfterCallForm(props: { notice: CallNotice; onSaved: () => void; onLater: () => void }) {
  const { notice } = props;
  const { t } = useTranslation();
  const reasons = useReasons();
  const qc = useQueryClient();
  const [reasonCode, setReasonCode] = useState('');
  const [notes, setNotes] = useState('');
  const who = notice.partyName ?? notice.number ?? t('telephony.unknown');
  const contact = useQuery({
    queryKey: ['contact', notice.contactId],
    queryFn: () => get<{ content: string }>(`/contacts/${notice.contactId}`),
  });
  const save = useMutation({
    mutationFn: () =>
      api('PATCH', `/contacts/${notice.contactId}`, {
        ...(reasonCode ? { reasonCode } : {}),
        ...(notes.trim()
          ? {
              content:
                `${contact.data?.content ?? ''}\n\n${t('telephony.notesHeading')}:\n${notes.trim()}`.trim(),
            }
          : {}),
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['customer-view'] });
      props.onSaved();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reasonCode && !notes.trim()) return props.onLater();
    save.mutate();
  };
  return (
    <form className="loket-screenpop__form" onSubmit={submit} aria-label={t('telephony.formLabel', { who })}>
      <p className="loket-screenpop__hint">{t('telephony.prompt')}</p>
      <Select
        id={`call-reason-${notice.callId}`}
        label={t('telephony.reason')}
        value={reasonCode}
        onValue={setReasonCode}
        options={[
          { value: '', label: t('telephony.chooseReason') },
          ...(reasons.data ?? []).map((r) => ({ value: r.code, label: r.label })),
        ]}
      />
      <TextArea
        id={`call-notes-${notice.callId}`}
        label={t('telephony.notes')}
        value={notes}
        onValue={setNotes}
        rows={3}
      />
      {save.error ? (
        <p className="loket-screenpop__error" role="alert">
          {save.error.message}
        </p>
      ) : null}
      <div className="loket-screenpop__actions">
        <Button type="submit" busy={save.isPending}>
          {t('telephony.save')}
        </Button>
        <Button type="button" variant="subtle" onClick={props.onLater}>
          {t('telephony.later')}
        </Button>
      </div>
    </form>
  );
}

export function ScreenPop() {
  const { t } = useTranslation();
  const { notices, dismiss } = useCallNotices();
  const [saved, setSaved] = useState<string[]>([]);
  const asking = notices.filter((n) => n.phase === 'ended' && n.contactId && !saved.includes(n.callId));
  return (
    <aside className="loket-screenpop" aria-label={t('telephony.region')}>
      {/* Always in the page, so screen readers announce what appears in it. */}
      <div role="status" aria-live="polite" className="loket-screenpop__list">
        {notices.map((n) => (
          <div key={n.callId} className={`loket-screenpop__notice loket-screenpop__notice--${n.phase}`}>
            <div className="loket-screenpop__body">
              {n.phase === 'active' ? (
                <ActiveCall notice={n} />
              ) : (
                <EndedText notice={n} saved={saved.includes(n.callId)} />
              )}
            </div>
            <Button
              variant="subtle"
              className="loket-screenpop__close"
              onClick={() => dismiss(n.callId)}
              aria-label={t('telephony.close')}
            >
              ×
            </Button>
          </div>
        ))}
      </div>
      {asking.length > 0 ? (
        <div className="loket-screenpop__list">
          {asking.map((n) => (
            <AfterCallForm
              key={n.callId}
              notice={n}
              onSaved={() => setSaved((list) => [...list, n.callId])}
              onLater={() => dismiss(n.callId)}
            />
          ))}
        </div>
      ) : null}
    </aside>
  );
}
