// The portal's login page: DigiD for residents, eHerkenning for businesses (both through the broker).
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Heading, Paragraph } from '../../ui/index.ts';
import { useAuthConfig, useMijnTitle } from './mijn-api.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const [params] = useSearchParams();
  useMijnTitle(t('mijn.loginTitle'));
  const url = config.data?.loginUrl;
  const href = url ? `${url}?returnTo=${encodeURIComponent(window.location.pathname)}` : undefined;
  const everLoggedIn = sessionStorage.getItem('mijn-ingelogd') === '1';
  return (
    <div className="mijn-login">
      <Heading level={1}>{t('mijn.loginTitle')}</Heading>
      {params.get('uitgelogd') ? <Alert type="ok">{t('mijn.loggedOut')}</Alert> : null}
      {!params.get('uitgelogd') && everLoggedIn ? <Alert type="warning">{t('mijn.expired')}</Alert> : null}
      <Paragraph lead>{t('mijn.loginIntro')}</Paragraph>
      {config.data && !config.data.enabled ? <Alert type="warning">{t('mijn.notConfigured')}</Alert> : null}
      {href ? (
        <>
          <a className="mijn-digid" href={href} onClick={() => sessionStorage.setItem('mijn-ingelogd', '1')}>
            <span className="mijn-digid__mark" aria-hidden="true">
              DigiD
            </span>
            {t('mijn.digid')}
          </a>
          <Paragraph>{t('mijn.eherkenningIntro')}</Paragraph>
          <a
            className="mijn-eherkenning"
            href={href}
            onClick={() => sessionStorage.setItem('mijn-ingelogd', '1')}
          >
            {t('mijn.eherkenning')}
          </a>
        </>
      ) : null}
      {config.data?.devIdp ? <Alert type="info">{t('mijn.devIdp')}</Alert> : null}
    </div>
  );
}
