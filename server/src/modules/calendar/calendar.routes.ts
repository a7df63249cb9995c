import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import * as calendar from './calendar.service.ts';
import { localDate } from './working-days.ts';

const isoDay = z.iso.date();

export function calendarRoutes(app: App, ctx: AppContext) {
  const tags = ['kalender'];

  app.get(
    '/calendar',
    {
      schema: {
        tags,
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2999).optional() }),
      },
    },
    async (req) => {
      authorise(req.actor, 'tasks:read');
      const year = req.query.year ?? Number(localDate(ctx.clock.now()).slice(0, 4));
      return {
        year,
        holidays: calendar.holidaysOf(year, ctx.config.tasks),
        closingDays: await calendar.listClosingDays(ctx.db, year),
      };
    },
  );

  app.put(
    '/calendar/closing-days/:day',
    { schema: { tags, params: z.object({ day: isoDay }), body: z.object({ reason: z.string().max(200) }) } },
    async (req) => {
      authorise(req.actor, 'admin');
      return calendar.setClosingDay(ctx.db, req.params.day, req.body.reason);
    },
  );

  app.delete(
    '/calendar/closing-days/:day',
    { schema: { tags, params: z.object({ day: isoDay }) } },
    async (req, reply) => {
      authorise(req.actor, 'admin');
      await calendar.removeClosingDay(ctx.db, req.params.day);
      return reply.status(204).send();
    },
  );
}
