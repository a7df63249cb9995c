import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './auth.ts';

export function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return null;
  if (!me.data) {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={`/inloggen${back === '/' ? '' : `?terug=${encodeURIComponent(back)}`}`} replace />;
  }
  return <>{children}</>;
}
