// Every module's routes, mounted once. A new module adds one line here.
import type { App, AppContext } from '../platform/app.ts';
import { accessRoutes } from './access/access.routes.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { processingLogRoutes } from './processing-log/processing-log.routes.ts';

export async function registerModules(app: App, ctx: AppContext) {
  await app.register(
    async (api) => {
      accessRoutes(api, ctx);
      processingLogRoutes(api, ctx);
      calendarRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
}
