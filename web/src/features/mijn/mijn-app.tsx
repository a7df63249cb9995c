// MijnGemeente, the resident portal: its own entry (main.tsx loads it for /mijn), so a resident's
// browser never loads the werkplek's code. Login with DigiD / eHerkenning through the server.
import './texts.ts';
import './mijn.css';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createBrowserRouter,
  Link,
  Navigate,
  NavLink,
  Outlet,
  RouterProvider,
  useLocation,
  useNavigate,
} from 'react-router';
import { ApiError, post } from '../../app/api.ts';
import { Button } from '../../ui/index.ts';
import { CasePage } from './case-page.tsx';
import { LoginPage } from './login-page.tsx';
import { useMe } from './mijn-api.ts';
import { OverviewPage } from './overview-page.tsx';
import { PreferencesPage } from './preferences-page.tsx';
import { QuestionPage } from './question-page.tsx';
import { SubscriptionsPage } from './subscriptions-page.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

/** A 401 from any portal call means the session ended (15 minutes idle): back to the login page. */
queryClient.getQueryCache().subscribe((event) => {
  const err = event.query.state.error;
  if (
    event.type === 'updated' &&
    err instanceof ApiError &&
    err.status === 401 &&
    event.query.queryKey[1] !== 'me'
  ) {
    void queryClient.invalidateQueries({ queryKey: ['mijn', 'me'] });
  }
});

function Shell({ children, name }: { children: ReactNode; name?: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (pathname) main.current?.focus({ preventScroll: true });
  }, [pathname]);
  async function logout() {
    await post('/mijn/auth/logout');
    sessionStorage.removeItem('mijn-ingelogd');
    qc.removeQueries({ queryKey: ['mijn', 'overview'] });
    qc.removeQueries({ queryKey: ['mijn', 'case'] });
    qc.setQueryData(['mijn', 'me'], { loggedIn: false });
    navigate('/mijn?uitgelogd=1');
  }
  return (
    <div className="mijn">
      <a className="loket-skip-link" href="#inhoud">
        {t('mijn.skip')}
      </a>
      <header className="mijn-header">
        <Link to="/mijn" className="mijn-logo">
          {t('mijn.title')}
        </Link>
        {name ? (
          <div className="mijn-user">
            <span>{t('mijn.loggedInAs', { name })}</span>
            <Button variant="secondary" onClick={logout}>
              {t('mijn.logout')}
            </Button>
          </div>
        ) : null}
      </header>
      {name ? (
        <nav className="mijn-nav" aria-label={t('mijn.nav.label')}>
          <NavLink to="/mijn" end>
            {t('mijn.nav.overview')}
          </NavLink>
          <NavLink to="/mijn/voorkeuren">{t('mijn.nav.preferences')}</NavLink>
          <NavLink to="/mijn/abonnementen">{t('mijn.nav.subscriptions')}</NavLink>
        </nav>
      ) : null}
      <main id="inhoud" className="mijn-main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </div>
  );
}

function Gate() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Shell>{t('mijn.loading')}</Shell>;
  if (!me.data?.loggedIn) {
    return (
      <Shell>
        <LoginPage />
      </Shell>
    );
  }
  return (
    <Shell name={me.data.name}>
      <Outlet />
    </Shell>
  );
}

const router = createBrowserRouter([
  {
    element: <Gate />,
    children: [
      { path: '/mijn', element: <OverviewPage /> },
      { path: '/mijn/zaken/:id', element: <CasePage /> },
      { path: '/mijn/vraag', element: <QuestionPage /> },
      { path: '/mijn/abonnementen', element: <SubscriptionsPage /> },
      { path: '/mijn/voorkeuren', element: <PreferencesPage /> },
      { path: '*', element: <Navigate to="/mijn" replace /> },
    ],
  },
]);

export function MijnApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
