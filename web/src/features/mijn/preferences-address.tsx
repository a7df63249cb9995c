// Adding an e-mail address or phone number in MijnGemeente: the value, then the 6-digit code the
// municipality sent to it, then it shows as verified. The code field gets focus when it appears.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../app/api.ts';
import { Alert, Button, TextField } from '../../ui/index.ts';
import { type PortalAddress, RadioGroup } from './preferences-fields.tsx';

type Started = { verificationId: string; expiresAt: string; kind: 'email' | 'phone'; value: string };

const fieldError = (err: unknown, field: string) =>
  err instanceof ApiError ? (err.problem.invalidParams?.find((p) => p.name === field)?.reason ?? null) : null;

export function AddAddress(props: { onVerified: (a: PortalAddress) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'email' | 'phone'>('email');
  const [value, setValue] = useState('');
  const [code, setCode] = useState('');
  const [started, setStarted] = useState<Started | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const codeField = useRef<HTMLInputElement>(null);

  const request = useMutation({
    mutationFn: () => post<Omit<Started, 'kind' | 'value'>>('/mijn/digital-addresses', { kind, value }),
    onSuccess: (s) => {
      setStarted({ ...s, kind, value });
      setCode('');
    },
  });
  const verify = useMutation({
    mutationFn: () =>
      post<PortalAddress>('/mijn/digital-addresses/verify', {
        verificationId: started?.verificationId,
        code,
      }),
    onSuccess: (a) => {
      setStarted(null);
      setValue('');
      setCode('');
      props.onVerified(a);
    },
  });
  useEffect(() => {
    if (started) codeField.current?.focus();
  }, [started]);

  function submitValue(e: FormEvent) {
    e.preventDefault();
    setMissing(value.trim() ? null : t('mijn.required'));
    if (value.trim()) request.mutate();
  }
  function submitCode(e: FormEvent) {
    e.preventDefault();
    setMissing(/^\d{6}$/.test(code.trim()) ? null : t('mijn.prefs.codeFormat'));
    if (/^\d{6}$/.test(code.trim())) verify.mutate();
  }
  function cancel() {
    setStarted(null);
    setMissing(null);
    verify.reset();
  }

  if (started) {
    const dead = verify.error instanceof ApiError && verify.error.status !== 400;
    return (
      <form
        className="loket-form mijn-form"
        onSubmit={submitCode}
        noValidate
        aria-labelledby="mijn-code-titel"
      >
        <Alert type="info">
          <span id="mijn-code-titel">
            {t(started.kind === 'email' ? 'mijn.prefs.codeSentEmail' : 'mijn.prefs.codeSentPhone', {
              value: started.value,
            })}
          </span>
        </Alert>
        {dead ? <Alert type="error">{verify.error?.message}</Alert> : null}
        <TextField
          ref={codeField}
          label={t('mijn.prefs.code')}
          description={t('mijn.prefs.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onValue={setCode}
          error={missing ?? (dead ? null : fieldError(verify.error, 'code'))}
          aria-required="true"
        />
        <div className="mijn-actions">
          <Button variant="primary" type="submit" busy={verify.isPending}>
            {t('mijn.prefs.confirm')}
          </Button>
          <Button variant="secondary" onClick={cancel}>
            {dead ? t('mijn.prefs.tryAgain') : t('mijn.prefs.cancel')}
          </Button>
        </div>
      </form>
    );
  }

  const generalError =
    request.error instanceof ApiError && !fieldError(request.error, 'value') ? request.error.message : null;
  return (
    <form className="loket-form mijn-form" onSubmit={submitValue} noValidate>
      {generalError ? <Alert type="error">{generalError}</Alert> : null}
      <RadioGroup
        name="nieuw-soort"
        legend={t('mijn.prefs.newKind')}
        value={kind}
        onChange={(k) => setKind(k as 'email' | 'phone')}
        options={[
          { value: 'email', label: t('mijn.prefs.kinds.email') },
          { value: 'phone', label: t('mijn.prefs.kinds.phone') },
        ]}
      />
      <TextField
        label={kind === 'email' ? t('mijn.prefs.newEmail') : t('mijn.prefs.newPhone')}
        type={kind === 'email' ? 'email' : 'tel'}
        autoComplete={kind === 'email' ? 'email' : 'tel'}
        value={value}
        onValue={setValue}
        error={missing ?? fieldError(request.error, 'value')}
        aria-required="true"
      />
      <Button variant="primary" type="submit" busy={request.isPending}>
        {t('mijn.prefs.sendCode')}
      </Button>
    </form>
  );
}
