// The frame around every screen: skip link, header with the one search box (shortcut '/'),
// navigation and the user menu. Navigating moves focus to the new page's h1 for screen readers.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { QueueCount } from '../features/queue/queue-count.tsx';
import { SearchBox } from '../features/search/search-box.tsx';
import { TaskCount } from '../features/tasks/task-count.tsx';
import { ScreenPop } from '../features/telephony/screen-pop.tsx';
import { Button } from '../ui/index.ts';
import { useLogout, useMe } from './auth.ts';

// `role` / `permission`: shown only to employees with that role or right (the server checks again).
const navItems: {
  to: string;
  key: string;
  end?: boolean;
  count?: boolean;
  role?: string;
  permission?: string;
}[] = [
  { to: '/', key: 'nav.start', end: true },
  { to: '/contacten/nieuw', key: 'nav.register' },
  { to: '/taken', key: 'nav.tasks', count: true },
  { to: '/wachtrij', key: 'nav.queue' },
  { to: '/chats', key: 'nav.chats' },
  { to: '/kennisbank', key: 'nav.knowledge' },
  { to: '/stuurinformatie', key: 'nav.dashboard', role: 'manager' },
  { to: '/berichten', key: 'nav.announcements', permission: 'announcements:publish' },
  { to: '/beheer', key: 'nav.admin', role: 'admin' },
];

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const first = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change on purpose
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = document.querySelector<HTMLElement>('main h1');
    h1?.focus();
  }, [location.pathname]);

  return (
    <div className="loket-app">
      <a className="loket-skip-link" href="#inhoud">
        {t('layout.skip')}
      </a>
      <header className="loket-header">
        <div className="loket-header__bar">
          <NavLink to="/" className="loket-logo">
            <span aria-hidden="true" className="loket-logo__mark" />
            {t('app.name')}
          </NavLink>
          <SearchBox />
          <div className="loket-user">
            <span className="loket-user__name">{me.data?.displayName}</span>
            <Button
              variant="subtle"
              onClick={async () => {
                await logout();
                navigate('/inloggen');
              }}
            >
              {t('layout.logout')}
            </Button>
          </div>
        </div>
        <nav className="loket-nav" aria-label={t('layout.navLabel')}>
          <ul>
            {navItems
              .filter((item) => !item.role || me.data?.roles.includes(item.role))
              .filter((item) => !item.permission || me.data?.permissions.includes(item.permission))
              .map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? false} className="loket-nav__link">
                    {t(item.key)}
                    {item.count ? <TaskCount /> : null}
                    {item.to === '/wachtrij' ? <QueueCount /> : null}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
      </header>
      <ScreenPop />
      <main id="inhoud" className="loket-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
