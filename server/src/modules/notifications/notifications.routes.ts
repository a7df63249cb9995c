// Beheer of notifications: the templates (Berichtsjablonen) and the messages that could not be
// delivered (Niet-bezorgde berichten). Admin only.
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { notifyOnCompletedCallbacks } from './notifications.listeners.ts';
import { notificationId, templateBody, templateKey } from './notifications.schemas.ts';
import * as notifications from './notifications.service.ts';

export function notificationsRoutes(app: App, ctx: AppContext) {
  notifyOnCompletedCallbacks();
  const tags = ['berichten'];

  app.get('/notification-templates', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return { results: await notifications.listTemplates(ctx.db) };
  });

  app.put(
    '/notification-templates/:code/:channel/:language',
    { schema: { tags, params: templateKey, body: templateBody } },
    async (req) => {
      const actor = authorise(req.actor, 'admin');
      return notifications.saveTemplate(ctx.db, req.params, req.body, actor, ctx.clock.now());
    },
  );

  app.get(
    '/notification-templates/:code/:channel/:language/versions',
    { schema: { tags, params: templateKey } },
    async (req) => {
      authorise(req.actor, 'admin');
      return { results: await notifications.templateVersions(ctx.db, req.params) };
    },
  );

  app.get('/notifications/dead', { schema: { tags } }, async (req) => {
    const actor = authorise(req.actor, 'admin');
    return { results: await notifications.listDead(ctx.db, actor, ctx.clock.now()) };
  });

  app.post('/notifications/:id/retry', { schema: { tags, params: notificationId } }, async (req) => {
    authorise(req.actor, 'admin');
    return notifications.retryNotification(ctx.db, req.params.id, ctx.clock.now());
  });
}
