// Employee login through the municipality's identity provider (Keycloak, Entra ID, …) with
// OpenID Connect: authorization code flow with PKCE, state and nonce. The IdP says who someone is
// and which roles and teams they have; Loket finds or creates the employee and keeps its roles in step.
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import type { Config, OidcConfig } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { roles as knownRoles, type Role } from '../../platform/actor.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import * as repo from './access.repo.ts';

/** What the login keeps in the (encrypted) session cookie until the IdP sends the browser back. */
export type PendingLogin = {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  startedAt: number;
};

/** A login started more than this long ago is refused at the callback. */
const pendingLifetimeMs = 15 * 60_000;

const discovered = new Map<string, Promise<client.Configuration>>();

export function requireOidc(config: Config): OidcConfig {
  if (!config.oidc) throw new AppError('not_found', 'Inloggen via de identiteitsprovider is niet ingesteld.');
  return config.oidc;
}

/** Discovery once per issuer and client; a failure is not cached, so the next login tries again. */
function configuration(oidc: OidcConfig, env: Config['env']): Promise<client.Configuration> {
  const key = `${oidc.issuer} ${oidc.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    // Plain http only for a local test or development IdP; config.ts refuses it in production.
    const insecure = oidc.issuer.startsWith('http://') && env !== 'production';
    found = client.discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found.catch(() => {
    throw new AppError(
      'unauthenticated',
      'De identiteitsprovider is nu niet bereikbaar. Probeer het later opnieuw.',
    );
  });
}

/** Only a path on this site, so the login cannot be used to send someone elsewhere. */
export function safeReturnTo(value: string | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  return value.slice(0, 500);
}

export async function startLogin(config: Config, returnTo: string | undefined, now: Date) {
  const oidc = requireOidc(config);
  const cfg = await configuration(oidc, config.env);
  const pending: PendingLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    returnTo: safeReturnTo(returnTo),
    startedAt: now.getTime(),
  };
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: oidc.redirectUrl,
    scope: oidc.scopes,
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, pending };
}

// The IdP's error codes (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6) in words an employee understands.
const idpErrors: Record<string, string> = {
  access_denied: 'U heeft het inloggen afgebroken, of de identiteitsprovider gaf geen toestemming.',
  login_required: 'U bent niet ingelogd bij de identiteitsprovider.',
  interaction_required: 'De identiteitsprovider vraagt eerst een handeling van u.',
  consent_required: 'De identiteitsprovider vraagt eerst uw toestemming.',
  temporarily_unavailable: 'De identiteitsprovider is tijdelijk niet beschikbaar.',
  server_error: 'De identiteitsprovider had een storing.',
};

const failed = (why: string) =>
  new AppError('unauthenticated', `Inloggen via de identiteitsprovider is mislukt. ${why}`);

/**
 * Finish the login at the callback: check state, exchange the code (PKCE, nonce, ID token signature
 * and claims are checked by openid-client), read the claims and find or create the employee.
 */
export async function finishLogin(
  db: Db,
  config: Config,
  query: Record<string, string>,
  pending: PendingLogin | undefined,
  now: Date,
): Promise<{ employeeId: string; returnTo: string }> {
  const oidc = requireOidc(config);
  if (!pending || now.getTime() - pending.startedAt > pendingLifetimeMs) {
    throw invalid('state', 'Er loopt geen inlogpoging (meer) in deze browser. Begin opnieuw met inloggen.');
  }
  if (query.state !== pending.state) {
    throw invalid(
      'state',
      'Deze inlogpoging hoort niet bij deze browser (state klopt niet). Begin opnieuw met inloggen.',
    );
  }
  if (query.error) {
    throw failed(idpErrors[query.error] ?? `De identiteitsprovider meldde: ${query.error.slice(0, 100)}.`);
  }
  const cfg = await configuration(oidc, config.env);
  // The redirect URL as configured, not as this request saw it: behind a proxy they differ.
  const callbackUrl = new URL(oidc.redirectUrl);
  for (const [k, v] of Object.entries(query)) callbackUrl.searchParams.set(k, v);

  let claims: Record<string, unknown>;
  try {
    claims = await exchangeCode(cfg, callbackUrl, pending);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw failed(
      'De code van de identiteitsprovider kon niet worden ingewisseld of gecontroleerd. Probeer het opnieuw.',
    );
  }
  const employeeId = await provisionEmployee(db, oidc, claims);
  return { employeeId, returnTo: pending.returnTo };
}

/**
 * Exchange the code at the callback (PKCE, state, nonce, ID token signature and claims are checked by
 * openid-client) and return the claims, userinfo included. Also used by the residents' login (portal).
 */
export async function exchangeCode(
  cfg: client.Configuration,
  callbackUrl: URL,
  pending: PendingLogin,
): Promise<Record<string, unknown>> {
  const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims: Record<string, unknown> = tokens.claims() ?? {};
  // Many IdPs put roles and profile claims only in userinfo when the code flow is used.
  const userinfo = cfg.serverMetadata().userinfo_endpoint
    ? await client.fetchUserInfo(cfg, tokens.access_token, String(idClaims.sub))
    : {};
  return { ...userinfo, ...idClaims };
}

/** The values at a dotted claim path ('realm_access.roles'), as strings; null when the claim is absent. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] | null {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : String(value).split(/[\s,]+/);
  return list.map((v) => String(v).trim()).filter(Boolean);
}

export function mapRoles(values: string[], roleMap: Record<string, string[]>): Role[] {
  const mapped = Object.keys(roleMap).length > 0 ? values.flatMap((v) => roleMap[v] ?? []) : values;
  return [...new Set(mapped)].filter((r): r is Role => (knownRoles as readonly string[]).includes(r));
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export async function provisionEmployee(
  db: Db,
  oidc: OidcConfig,
  claims: Record<string, unknown>,
): Promise<string> {
  const email = text(claims.email)?.toLowerCase() ?? null;
  const username = (text(claims[oidc.usernameClaim]) ?? email)?.toLowerCase().slice(0, 100);
  if (!username) throw failed('De identiteitsprovider gaf geen gebruikersnaam of e-mailadres mee.');
  const name =
    text(claims.name) ??
    ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || username);
  const roleValues = claimValues(claims, oidc.rolesClaim);
  const teamCodes = oidc.teamsClaim ? claimValues(claims, oidc.teamsClaim) : null;

  const id = await db.transaction().execute(async (trx) => {
    const existing =
      (await repo.findEmployeeByUsername(trx, username)) ??
      (email ? await repo.findEmployeeByEmail(trx, email) : undefined);
    // The IdP is the source of roles when it sends the claim; without it, Loket's own roles stay.
    const roles = roleValues ? mapRoles(roleValues, oidc.roleMap) : ((existing?.roles ?? []) as Role[]);
    if (existing && !existing.active)
      throw new AppError('forbidden', 'Uw account in Loket is uitgeschakeld.');
    if (roles.length === 0) {
      // Taken away at the IdP: take it away here too (stored, then refused below).
      if (existing) await repo.updateEmployeeFromIdp(trx, existing.id, { roles: [] });
      return null;
    }
    const id = existing?.id ?? randomUUID();
    if (existing)
      await repo.updateEmployeeFromIdp(trx, id, {
        display_name: name,
        email: email ?? existing.email,
        roles,
      });
    else await repo.insertEmployee(trx, { id, username, display_name: name, email, roles });
    if (teamCodes) {
      const codes = teamCodes.map((c) => c.replace(/^\/+/, '').toLowerCase()); // Keycloak group paths: '/kcc'
      await repo.replaceEmployeeTeams(trx, id, await repo.findTeamIdsByCodes(trx, codes));
    }
    return id;
  });
  if (!id)
    throw new AppError(
      'forbidden',
      'Uw account heeft geen rol in Loket. Vraag de functioneel beheerder om toegang.',
    );
  return id;
}
