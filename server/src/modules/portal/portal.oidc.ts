// Residents' login for MijnGemeente: OpenID Connect as DigiD and eHerkenning arrive through a broker.
// The same flow as the employees' login (authorization code, PKCE, state, nonce; see access/oidc.ts),
// but the claims carry a BSN (a person) or a KvK-nummer (a business), and the result is a resident
// session, never an employee one.
import * as client from 'openid-client';
import type { Config, ResidentLoginConfig } from '../../config.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { claimValues, exchangeCode, type PendingLogin, safeReturnTo } from '../access/oidc.ts';

export type ResidentClaims = { kind: 'bsn'; value: string } | { kind: 'kvk'; value: string };

const pendingLifetimeMs = 15 * 60_000;
const discovered = new Map<string, Promise<client.Configuration>>();

export function requireResidentLogin(config: Config): NonNullable<ResidentLoginConfig> {
  if (!config.resident) throw new AppError('not_found', 'Inloggen voor inwoners is niet ingesteld.');
  return config.resident;
}

function configuration(rc: NonNullable<ResidentLoginConfig>, env: Config['env']) {
  const key = `${rc.issuer} ${rc.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    const insecure = rc.issuer.startsWith('http://') && env !== 'production';
    found = client.discovery(new URL(rc.issuer), rc.clientId, rc.clientSecret, undefined, {
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found.catch(() => {
    throw new AppError(
      'unauthenticated',
      'Inloggen met DigiD of eHerkenning is nu niet mogelijk. Probeer het later opnieuw.',
    );
  });
}

export async function startResidentLogin(config: Config, returnTo: string | undefined, now: Date) {
  const rc = requireResidentLogin(config);
  const cfg = await configuration(rc, config.env);
  const back = safeReturnTo(returnTo);
  const pending: PendingLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    returnTo: back.startsWith('/mijn') ? back : '/mijn',
    startedAt: now.getTime(),
  };
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: rc.redirectUrl,
    scope: 'openid',
    // Always authenticate again, as DigiD does: no silent login from an earlier IdP session.
    prompt: 'login',
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, pending };
}

const failed = (why: string) => new AppError('unauthenticated', `Inloggen is mislukt. ${why}`);

export async function finishResidentLogin(
  config: Config,
  query: Record<string, string>,
  pending: PendingLogin | undefined,
  now: Date,
): Promise<{ claims: ResidentClaims; name: string | null; returnTo: string }> {
  const rc = requireResidentLogin(config);
  if (!pending || now.getTime() - pending.startedAt > pendingLifetimeMs) {
    throw invalid('state', 'Er loopt geen inlogpoging (meer) in deze browser. Begin opnieuw met inloggen.');
  }
  if (query.state !== pending.state) {
    throw invalid('state', 'Deze inlogpoging hoort niet bij deze browser. Begin opnieuw met inloggen.');
  }
  if (query.error) {
    throw failed(
      query.error === 'access_denied'
        ? 'U heeft het inloggen afgebroken.'
        : 'De inlogdienst meldde een fout.',
    );
  }
  const cfg = await configuration(rc, config.env);
  const callbackUrl = new URL(rc.redirectUrl);
  for (const [k, v] of Object.entries(query)) callbackUrl.searchParams.set(k, v);
  let claims: Record<string, unknown>;
  try {
    claims = await exchangeCode(cfg, callbackUrl, pending);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw failed('De inlogdienst kon niet worden gecontroleerd. Probeer het opnieuw.');
  }
  const bsn = claimValues(claims, rc.bsnClaim)?.[0];
  const kvk = claimValues(claims, rc.kvkClaim)?.[0];
  const name =
    typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : null;
  if (bsn && /^\d{8,9}$/.test(bsn))
    return { claims: { kind: 'bsn', value: bsn.padStart(9, '0') }, name, returnTo: pending.returnTo };
  if (kvk && /^\d{8}$/.test(kvk))
    return { claims: { kind: 'kvk', value: kvk }, name, returnTo: pending.returnTo };
  throw failed('De inlogdienst gaf geen BSN of KvK-nummer mee.');
}
