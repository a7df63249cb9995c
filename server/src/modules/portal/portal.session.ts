// The resident's session: its own field in the session cookie, apart from the employee's. It ends
// after 15 minutes without a request (as DigiD requires) and at logout. The employee's actor
// resolution never looks at it, so a resident reaches nothing but the portal's routes.
import type { FastifyRequest } from 'fastify';
import type { ResidentActor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import { AppError } from '../../platform/errors.ts';
import type { PendingLogin } from '../access/oidc.ts';

export type ResidentSession = {
  /** The resident's party; null when Loket does not know this BSN / KvK-nummer yet. */
  partyId: string | null;
  partyIds: string[];
  kind: 'bsn' | 'kvk';
  name: string;
  lastSeenAt: number;
};

declare module '@fastify/secure-session' {
  interface SessionData {
    resident: ResidentSession;
    residentLogin: PendingLogin;
  }
}

export const idleLimitMs = 15 * 60_000;

export function residentSession(ctx: AppContext, req: FastifyRequest): ResidentSession | null {
  const s = req.session.get('resident');
  if (!s) return null;
  const now = ctx.clock.now().getTime();
  if (now - s.lastSeenAt > idleLimitMs) {
    req.session.set('resident', undefined);
    return null;
  }
  // Only refresh the cookie once a minute, not on every request.
  if (now - s.lastSeenAt > 60_000) req.session.set('resident', { ...s, lastSeenAt: now });
  return s;
}

/** The logged-in resident as an actor, or 401. */
export function requireResident(
  ctx: AppContext,
  req: FastifyRequest,
): ResidentActor & { session: ResidentSession } {
  const s = residentSession(ctx, req);
  if (!s) throw new AppError('unauthenticated', 'U bent niet (meer) ingelogd. Log opnieuw in.');
  return {
    kind: 'resident',
    id: s.partyId ?? '00000000-0000-0000-0000-000000000000',
    name: s.name,
    partyIds: s.partyIds,
    roles: [],
    permissions: new Set(),
    session: s,
  };
}
