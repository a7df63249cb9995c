// Every module's routes, mounted once. A new module adds one line here.
import { klantinteractiesApi } from '../api/klantinteracties/index.ts';
import type { App, AppContext } from '../platform/app.ts';
import { accessRoutes } from './access/access.routes.ts';
import { adminRoutes } from './access/admin.routes.ts';
import { oidcRoutes } from './access/oidc.routes.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { casesRoutes } from './cases/cases.routes.ts';
import { caseTimelineSource } from './cases/cases.timeline.ts';
import { emailRoutes } from './channels/email/email.routes.ts';
import { messagingRoutes } from './channels/messaging/messaging.routes.ts';
import { replyRoutes } from './channels/replies.routes.ts';
import { telephonyRoutes } from './channels/telephony/telephony.routes.ts';
import { webformsRoutes } from './channels/webforms/webforms.routes.ts';
import { chatRoutes } from './chat/chat.routes.ts';
import { contactsRoutes } from './contacts/contacts.routes.ts';
import { contactTimelineSource } from './contacts/contacts.service.ts';
import { customerViewRoutes } from './customer-view/customer-view.routes.ts';
import { registerTimelineSource } from './customer-view/timeline.ts';
import { insightsRoutes } from './insights/insights.routes.ts';
import { withRepeats } from './insights/insights.timeline.ts';
import { knowledgeRoutes } from './knowledge/knowledge.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { partiesRoutes } from './parties/parties.routes.ts';
import { devIdpRoutes } from './portal/portal.dev-idp.ts';
import { portalRoutes } from './portal/portal.routes.ts';
import { processingLogRoutes } from './processing-log/processing-log.routes.ts';
import { queuesRoutes } from './routing/queues.routes.ts';
import { routingRoutes } from './routing/routing.routes.ts';
import { schedulerRoutes } from './scheduler/scheduler.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { subscriptionsRoutes } from './subscriptions/subscriptions.routes.ts';
import { tasksRoutes } from './tasks/tasks.routes.ts';
import { taskTimelineSource } from './tasks/tasks.timeline.ts';
import { workspaceRoutes } from './workspace/workspace.routes.ts';

export async function registerModules(app: App, ctx: AppContext) {
  registerTimelineSource(withRepeats(contactTimelineSource)); // repeat marks (insights)
  registerTimelineSource(taskTimelineSource);
  registerTimelineSource(caseTimelineSource);
  await app.register(
    async (api) => {
      accessRoutes(api, ctx);
      adminRoutes(api, ctx);
      processingLogRoutes(api, ctx);
      partiesRoutes(api, ctx);
      knowledgeRoutes(api, ctx);
      oidcRoutes(api, ctx);
      searchRoutes(api, ctx);
      customerViewRoutes(api, ctx);
      calendarRoutes(api, ctx);
      tasksRoutes(api, ctx);
      schedulerRoutes(api, ctx);
      workspaceRoutes(api, ctx);
      insightsRoutes(api, ctx);
      replyRoutes(api, ctx);
      emailRoutes(api, ctx);
      telephonyRoutes(api, ctx);
      webformsRoutes(api, ctx);
      routingRoutes(api, ctx);
      queuesRoutes(api, ctx);
      messagingRoutes(api, ctx);
      portalRoutes(api, ctx);
      notificationsRoutes(api, ctx);
      subscriptionsRoutes(api, ctx);
      await api.register((scope) => contactsRoutes(scope, ctx));
      await api.register((scope) => casesRoutes(scope, ctx));
    },
    { prefix: '/api/v1' },
  );
  chatRoutes(app, ctx); // its own paths: /api/v1/chats and the residents' /api/v1/public/chat socket
  await klantinteractiesApi(app, ctx); // outside /api/v1: the standard's own base path
  await devIdpRoutes(app, ctx); // MijnGemeente's development IdP at /dev-idp (never in production)
}
