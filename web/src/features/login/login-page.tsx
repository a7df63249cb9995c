// Login with a local account (the embedded default) and, when an identity provider is configured,
// with the organisation account (OpenID Connect) through the button on top.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import type { Me } from '../../app/types.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Button, Heading, Paragraph, TextField } from '../../ui/index.ts';
import { OidcButton, useAuthConfig } from './oidc-button.tsx';

export default function LoginPage() {
  const { t } = useTranslation();
  useTitle(t('login.title'));
  const me = useMe();
  const authConfig = useAuthConfig();
  const oidc = authConfig.data?.oidc;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = params.get('terug');
  const target = back?.startsWith('/') && !back.startsWith('//') ? back : '/';

  if (me.data) return <Navigate to={target} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    try {
      const who = await post<Me>('/auth/login', { username, password });
      qc.setQueryData(['me'], who);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.wrong') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="loket-login" id="inhoud">
      <div className="loket-login__card">
        <p className="loket-logo loket-logo--large">
          <span aria-hidden="true" className="loket-logo__mark" />
          {t('app.name')}
        </p>
        <Heading level={1}>{t('login.title')}</Heading>
        <Paragraph>{t('login.intro')}</Paragraph>
        {oidc?.enabled ? (
          <>
            <OidcButton config={oidc} returnTo={target} />
            <Paragraph className="loket-login__or">{t('login.orLocal')}</Paragraph>
          </>
        ) : null}
        {error ? <Alert type="error">{error}</Alert> : null}
        <form onSubmit={submit} noValidate className="loket-form">
          <TextField
            label={t('login.username')}
            name="username"
            autoComplete="username"
            value={username}
            onValue={setUsername}
            required
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
            required
          />
          <Button type="submit" variant="primary" busy={busy} disabled={busy}>
            {t('login.submit')}
          </Button>
        </form>
      </div>
    </main>
  );
}
