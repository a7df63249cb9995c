import '@rijkshuisstijl-community/design-tokens/dist/index.css';
import '@rijkshuisstijl-community/components-css/dist/index.css';
import './app/app.css';
import './i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Two entries: MijnGemeente (the resident portal at /mijn) never loads the werkplek's code.
const portal = /^\/mijn(\/|$)/.test(window.location.pathname);
const entry = portal
  ? import('./features/mijn/mijn-app.tsx').then((m) => m.MijnApp)
  : import('./app/app.tsx').then((m) => m.App);

const root = document.getElementById('root');
if (root) {
  void entry.then((Entry) =>
    createRoot(root).render(
      <StrictMode>
        <Entry />
      </StrictMode>,
    ),
  );
}
