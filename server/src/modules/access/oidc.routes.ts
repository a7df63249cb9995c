// Login through the municipality's identity provider. The browser goes to /auth/oidc/login, is sent to
// the IdP, comes back at /auth/oidc/callback and ends logged in with the same session a local login sets.
import { z } from 'zod';
import type { App, AppContext } from '../../platform/app.ts';
import { finishLogin, type PendingLogin, startLogin } from './oidc.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    oidc: PendingLogin;
  }
}

const tags = ['auth'];

export function oidcRoutes(app: App, ctx: AppContext) {
  app.get('/auth/config', { schema: { tags } }, async () => ({
    localLogin: true,
    oidc: ctx.config.oidc
      ? { enabled: true, label: ctx.config.oidc.label, loginUrl: '/api/v1/auth/oidc/login' }
      : { enabled: false, label: null, loginUrl: null },
  }));

  app.get(
    '/auth/oidc/login',
    { schema: { tags, querystring: z.object({ returnTo: z.string().max(500).optional() }) } },
    async (req, reply) => {
      const { url, pending } = await startLogin(ctx.config, req.query.returnTo, ctx.clock.now());
      req.session.set('oidc', pending);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    { schema: { tags, querystring: z.record(z.string(), z.string().max(4000)) } },
    async (req, reply) => {
      const pending = req.session.get('oidc');
      // One use only: a replayed or second callback finds nothing pending.
      req.session.set('oidc', undefined);
      const { employeeId, returnTo } = await finishLogin(
        ctx.db,
        ctx.config,
        req.query,
        pending,
        ctx.clock.now(),
      );
      req.session.regenerate();
      req.session.set('employeeId', employeeId);
      return reply.redirect(returnTo, 302);
    },
  );
}
