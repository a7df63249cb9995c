// Every Beheer screen, once: the Beheer index lists them and the router mounts them under /beheer/.
// A new admin screen is one line here (texts under `<key>.title` and `<key>.text`).
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export type AdminPage = { path: string; key: string; Page: LazyExoticComponent<ComponentType> };

export const adminPages: AdminPage[] = [
  { path: 'contactredenen', key: 'admin.pages.reasons', Page: lazy(() => import('./reasons-page.tsx')) },
  { path: 'teams', key: 'admin.pages.teams', Page: lazy(() => import('./teams-page.tsx')) },
  { path: 'medewerkers', key: 'admin.pages.employees', Page: lazy(() => import('./employees-page.tsx')) },
  { path: 'api-tokens', key: 'admin.pages.tokens', Page: lazy(() => import('./tokens-page.tsx')) },
  { path: 'kalender', key: 'admin.pages.calendar', Page: lazy(() => import('./calendar-page.tsx')) },
  { path: 'routering', key: 'routingAdmin.rules', Page: lazy(() => import('../routing/rules-page.tsx')) },
  {
    path: 'openingstijden',
    key: 'routingAdmin.hours',
    Page: lazy(() => import('../routing/opening-hours-page.tsx')),
  },
  {
    path: 'kennisbank',
    key: 'admin.pages.knowledge',
    Page: lazy(() => import('../knowledge/knowledge-admin-page.tsx')),
  },
  {
    path: 'berichtsjablonen',
    key: 'admin.pages.templates',
    Page: lazy(() => import('./templates-page.tsx')),
  },
  {
    path: 'niet-bezorgde-berichten',
    key: 'admin.pages.deadLetters',
    Page: lazy(() => import('./dead-letters-page.tsx')),
  },
];
