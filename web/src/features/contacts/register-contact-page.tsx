// Register a contact in about thirty seconds, by keyboard alone: channel (phone preset), reason
// (type-ahead), subject, notes, case number, "Opgelost?" and, when not resolved, a callback request.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, get, post } from '../../app/api.ts';
import type { ContactDetails, PartyDetails } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import {
  Alert,
  Button,
  Combobox,
  Heading,
  Paragraph,
  Select,
  TextArea,
  TextField,
  Toggle,
} from '../../ui/index.ts';
import { useChannels } from '../customer/timeline.tsx';
import { SuggestionsPanel } from '../knowledge/suggestions-panel.tsx';
import { type CallbackDraft, CallbackFields } from './callback-fields.tsx';
import { addWorkingDays, useReasons, useTeams } from './reference-data.ts';

type Errors = Record<string, string>;

const fieldOf: Record<string, string> = {
  reasonId: 'reason',
  reasonCode: 'reason',
  subject: 'subject',
  channel: 'channel',
};

export default function RegisterContactPage() {
  const { t } = useTranslation();
  useTitle(t('register.title'));
  const [params] = useSearchParams();
  const partyId = params.get('partij');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const channels = useChannels();
  const reasons = useReasons();
  useTeams(); // loaded up front, so the callback part opens complete
  const party = useQuery({
    queryKey: ['party', partyId],
    queryFn: () => get<PartyDetails>(`/parties/${partyId}`),
    enabled: !!partyId,
  });

  const [channel, setChannel] = useState('phone');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [notes, setNotes] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [callerName, setCallerName] = useState('');
  const [resolved, setResolved] = useState(true);
  const [callback, setCallback] = useState<CallbackDraft>({
    teamId: null,
    due: '',
    dueTouched: false,
    phone: '',
    note: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ contact: ContactDetails; callback: boolean } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const reason = reasons.data?.find((r) => r.id === reasonId) ?? null;

  // The reason decides the callback's owner team and term (service norm) unless the employee chose.
  useEffect(() => {
    if (!reason) return;
    setCallback((c) => ({
      ...c,
      teamId: c.teamId ?? reason.teamId,
      due: c.dueTouched ? c.due : addWorkingDays(new Date(), reason.serviceNormDays ?? 2),
    }));
    setSubject((s) => s || reason.label);
  }, [reason]);

  useEffect(() => {
    const phone = party.data?.digitalAddresses.find((d) => d.kind === 'phone');
    if (phone) setCallback((c) => (c.phone ? c : { ...c, phone: phone.value }));
  }, [party.data]);

  useEffect(() => {
    if (Object.keys(errors).length > 0 || failure) summaryRef.current?.focus();
  }, [errors, failure]);

  const validate = (): Errors => {
    const e: Errors = {};
    if (!subject.trim()) e.subject = t('register.errors.subject');
    if (!resolved) {
      if (!callback.teamId) e.teamId = t('register.errors.team');
      if (!callback.phone.trim()) e.phone = t('register.errors.phone');
      if (!callback.due) e.due = t('register.errors.due');
    }
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setFailure(null);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    setBusy(true);
    try {
      const contact = await post<ContactDetails>('/contacts', {
        channel,
        direction,
        ...(reasonId ? { reasonId } : {}),
        subject: subject.trim(),
        ...(notes.trim() ? { content: notes.trim() } : {}),
        resolvedFirstContact: resolved,
        parties: partyId
          ? [{ partyId, role: 'klant', initiator: direction === 'in' }]
          : callerName.trim()
            ? [{ partyId: null, role: 'klant', initiator: true, details: { name: callerName.trim() } }]
            : [],
        subjects: caseNumber.trim() ? [{ kind: 'case', reference: caseNumber.trim() }] : [],
      });
      if (!resolved) {
        await post('/tasks', {
          kind: 'callback',
          subject: subject.trim(),
          ...(callback.note.trim() ? { description: callback.note.trim() } : {}),
          contactId: contact.id,
          ...(partyId ? { partyId } : {}),
          ...(reasonId ? { reasonId } : {}),
          callback: { channel: 'phone', address: callback.phone.trim() },
          ...(callback.teamId ? { owner: { kind: 'team', id: callback.teamId } } : {}),
          // The server computes the term from the reason's norm with holidays; only a changed date is sent.
          ...(callback.dueTouched && callback.due
            ? { dueAt: new Date(`${callback.due}T17:00:00`).toISOString() }
            : {}),
        }).catch((err) => {
          throw new ApiError({
            ...(err as ApiError).problem,
            detail: t('register.callbackFailed', { number: contact.number, detail: (err as Error).message }),
          });
        });
      }
      await qc.invalidateQueries({ queryKey: ['customer-view'] });
      await qc.invalidateQueries({ queryKey: ['tasks'] });
      if (partyId) navigate(`/klanten/${partyId}`, { state: { registered: contact.number } });
      else setDone({ contact, callback: !resolved });
    } catch (err) {
      if (err instanceof ApiError && err.problem.invalidParams?.length) {
        const byField: Errors = {};
        for (const p of err.problem.invalidParams) byField[fieldOf[p.name] ?? p.name] = p.reason;
        setErrors(byField);
      }
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <>
        <Heading level={1} tabIndex={-1}>
          {t('register.doneTitle')}
        </Heading>
        <Alert type="ok">
          {t('register.done', { number: done.contact.number })}
          {done.callback ? ` ${t('register.doneCallback')}` : ''}
        </Alert>
        <div className="loket-actions">
          <Button variant="primary" onClick={() => window.location.reload()}>
            {t('register.another')}
          </Button>
          <Link className="utrecht-link" to={`/contacten/${done.contact.id}`}>
            {t('timeline.openContact')}
          </Link>
        </div>
      </>
    );
  }

  const errorList = Object.entries(errors);
  return (
    <>
      <Heading level={1} tabIndex={-1}>
        {t('register.title')}
      </Heading>
      <Paragraph>
        {partyId ? (
          party.data ? (
            <>
              {t('register.forParty')}{' '}
              <Link className="utrecht-link" to={`/klanten/${partyId}`}>
                {party.data.displayName}
              </Link>
            </>
          ) : (
            t('common.loading')
          )
        ) : (
          t('register.anonymous')
        )}
      </Paragraph>
      <div ref={summaryRef} tabIndex={-1} className="loket-error-summary">
        {failure || errorList.length > 0 ? (
          <Alert type="error">
            <strong>{failure && errorList.length === 0 ? failure : t('register.errors.title')}</strong>
            {errorList.length > 0 ? (
              <ul>
                {errorList.map(([field, message]) => (
                  <li key={field}>{message}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </div>
      <div className="loket-with-aside">
        <form onSubmit={submit} noValidate className="loket-form loket-form--wide">
          <div className="loket-form__row">
            <Select
              id="contact-channel"
              label={t('register.channel')}
              value={channel}
              onValue={setChannel}
              options={(channels.data ?? [{ code: 'phone', label: t('channel.phone') }]).map((c) => ({
                value: c.code,
                label: c.label,
              }))}
            />
            <Select
              id="contact-direction"
              label={t('register.direction')}
              value={direction}
              onValue={(v) => setDirection(v as 'in' | 'out')}
              options={[
                { value: 'in', label: t('direction.in') },
                { value: 'out', label: t('direction.out') },
              ]}
            />
          </div>
          {!partyId ? (
            <TextField
              id="contact-caller"
              label={t('register.callerName')}
              description={t('register.callerNameHint')}
              value={callerName}
              onValue={setCallerName}
              autoComplete="off"
            />
          ) : null}
          <Combobox
            id="contact-reason"
            label={t('register.reason')}
            description={t('register.reasonHint')}
            options={(reasons.data ?? []).map((r) => ({ value: r.id, label: r.label }))}
            value={reasonId}
            onChange={setReasonId}
            error={errors.reason}
          />
          <TextField
            id="contact-subject"
            label={t('register.subject')}
            value={subject}
            onValue={setSubject}
            error={errors.subject}
            autoComplete="off"
            required
          />
          <TextArea
            id="contact-notes"
            label={t('register.notes')}
            value={notes}
            onValue={setNotes}
            rows={4}
          />
          <TextField
            id="contact-case"
            label={t('register.caseNumber')}
            description={t('register.caseHint')}
            value={caseNumber}
            onValue={setCaseNumber}
            autoComplete="off"
          />
          <Toggle
            id="contact-resolved"
            label={t('register.resolved')}
            checked={resolved}
            onChange={setResolved}
            description={t('register.resolvedHint')}
          />
          {!resolved ? <CallbackFields value={callback} onChange={setCallback} errors={errors} /> : null}
          <div className="loket-actions">
            <Button type="submit" variant="primary" busy={busy} disabled={busy}>
              {resolved ? t('register.submit') : t('register.submitWithCallback')}
            </Button>
          </div>
        </form>
        <SuggestionsPanel reasonCode={reason?.code} reasonLabel={reason?.label} />
      </div>
    </>
  );
}
