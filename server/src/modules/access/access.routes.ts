import { z } from 'zod';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError } from '../../platform/errors.ts';
import * as access from './access.service.ts';

const loginBody = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export function accessRoutes(app: App, ctx: AppContext) {
  app.post('/auth/login', { schema: { tags: ['auth'], body: loginBody } }, async (req) => {
    const employee = await access.login(ctx.db, req.body.username, req.body.password);
    req.session.regenerate();
    req.session.set('employeeId', employee.id);
    return access.me(ctx.db, employee.id);
  });

  app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    req.session.delete();
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'] } }, async (req) => {
    if (req.actor?.kind !== 'employee') throw new AppError('unauthenticated', 'Niet ingelogd.');
    return access.me(ctx.db, req.actor.id);
  });
}
