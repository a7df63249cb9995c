// Management information for managers (reports:read): dashboard figures as JSON and CSV, and the
// lists of contacts and tasks behind every figure.
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { dashboardCsv } from './insights.csv.ts';
import { startDashboardLive } from './insights.live.ts';
import {
  contactListQuery,
  contactListResponse,
  dashboardQuery,
  dashboardResponse,
  taskListQuery,
  taskListResponse,
} from './insights.schemas.ts';
import { getDashboard, listContactsBehind, listTasksBehind, setRepeatWindow } from './insights.service.ts';

export function insightsRoutes(app: App, ctx: AppContext) {
  const window = ctx.config.insights.repeatWindowDays;
  const options = { repeatWindowDays: window, calendar: ctx.config.tasks };
  app.addHook('onReady', async () => {
    await setRepeatWindow(ctx.db, window); // the triggers read it from insight_settings
  });
  const stopLive = startDashboardLive(ctx);
  app.addHook('onClose', async () => stopLive());

  app.get(
    '/insights/dashboard',
    {
      schema: {
        tags: ['stuurinformatie'],
        summary: 'Dashboardcijfers voor een periode, team en kanaal (JSON-export voor BI)',
        querystring: dashboardQuery,
        response: { 200: dashboardResponse },
      },
    },
    async (req) => {
      authorise(req.actor, 'reports:read');
      return getDashboard(ctx.db, req.query, ctx.clock.now(), options);
    },
  );

  app.get(
    '/insights/dashboard.csv',
    {
      schema: {
        tags: ['stuurinformatie'],
        summary: 'Dezelfde cijfers als CSV (puntkomma, UTF-8 met BOM, één cijfer per regel)',
        querystring: dashboardQuery,
      },
    },
    async (req, reply) => {
      authorise(req.actor, 'reports:read');
      const d = await getDashboard(ctx.db, req.query, ctx.clock.now(), options);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="stuurinformatie-${d.period.from}-${d.period.to}.csv"`,
        )
        .send(dashboardCsv(d));
    },
  );

  app.get(
    '/insights/contacts',
    {
      schema: {
        tags: ['stuurinformatie'],
        summary: 'De contacten achter een cijfer (verwerkingenlogging voor de getoonde partijen)',
        querystring: contactListQuery,
        response: { 200: contactListResponse },
      },
    },
    async (req) => {
      authorise(req.actor, 'reports:read');
      authorise(req.actor, 'contacts:read');
      return listContactsBehind(ctx.db, req.query, ctx.clock.now(), readContext(req), ctx.config.tasks);
    },
  );

  app.get(
    '/insights/tasks',
    {
      schema: {
        tags: ['stuurinformatie'],
        summary: 'De taken achter een cijfer',
        querystring: taskListQuery,
        response: { 200: taskListResponse },
      },
    },
    async (req) => {
      authorise(req.actor, 'reports:read');
      authorise(req.actor, 'tasks:read');
      return listTasksBehind(ctx.db, req.query, ctx.clock.now());
    },
  );
}
