// "Inloggen met uw organisatieaccount": shown when /auth/config says an identity provider is set up.
// A plain link, so the browser leaves for the IdP and comes back logged in at `returnTo`.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';
import './login.css';

type AuthConfig = {
  localLogin: boolean;
  oidc: { enabled: boolean; label: string | null; loginUrl: string | null };
};

export function useAuthConfig() {
  return useQuery({
    queryKey: ['auth-config'],
    queryFn: () => get<AuthConfig>('/auth/config'),
    staleTime: Infinity,
  });
}

export function OidcButton({ config, returnTo }: { config: AuthConfig['oidc']; returnTo: string }) {
  if (!config.enabled || !config.loginUrl) return null;
  return (
    <a
      className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action loket-oidc-button"
      href={`${config.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`}
    >
      {config.label}
    </a>
  );
}
