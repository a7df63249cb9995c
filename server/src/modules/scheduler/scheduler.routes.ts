// Time travel for tests and demos: with LOKET_DEV_CLOCK=1 (never in production) the clock moves
// forward and whatever became due runs before the answer, so a demo can show a reminder at once.
import { z } from 'zod';
import type { App, AppContext } from '../../platform/app.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { addIsoDuration } from './duration.ts';
import { runDueWork } from './scheduler.ts';

export function schedulerRoutes(app: App, ctx: AppContext) {
  const tags = ['ontwikkeling'];
  const enabled = () => {
    if (!ctx.config.devClock || ctx.config.env === 'production') {
      throw forbidden('De ontwikkelklok staat uit (zet LOKET_DEV_CLOCK=1, niet in productie).');
    }
  };

  app.get('/dev/clock', { schema: { tags } }, async () => {
    enabled();
    return { now: ctx.clock.now() };
  });

  app.post(
    '/dev/clock',
    { schema: { tags, body: z.object({ advance: z.string().min(2).max(50) }) } },
    async (req) => {
      enabled();
      const from = ctx.clock.now();
      const to = addIsoDuration(from, req.body.advance);
      if (!to) throw invalid('advance', "Geef een ISO 8601-duur, bijvoorbeeld 'P3D' of 'PT2H'.");
      ctx.clock.advance(to.getTime() - from.getTime());
      const ran = await runDueWork(ctx);
      return { now: ctx.clock.now(), ran };
    },
  );
}
