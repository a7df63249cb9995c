// Live dashboard: the triggers bump insight_change_seq on every contact or task change, from any
// process (app, worker, Klantinteracties API, bulk loads). While someone watches the 'dashboard'
// topic, this publishes a 'changed' event; the sequence is polled once a second (one tiny read). A sequence moves
// before its transaction commits, so a change is announced twice (now and one tick later): the
// second refresh sees the committed rows. No hot row is locked by writers.
import type { AppContext } from '../../platform/app.ts';
import { registerTopicGuard } from '../../platform/realtime.ts';
import { changeCounter, mayReadReports } from './insights.service.ts';

export const dashboardTopic = 'dashboard';

export function startDashboardLive(ctx: AppContext, intervalMs = 1000): () => void {
  registerTopicGuard(dashboardTopic, (actor) => mayReadReports(actor));
  let last: string | null = null;
  let again = false;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      // Read even when nobody watches, so a change right after someone subscribes is not missed.
      const now = await changeCounter(ctx.db);
      const changed = last !== null && now !== last;
      last = now;
      if ((changed || again) && ctx.realtime.subscriberCount(dashboardTopic) > 0) {
        ctx.realtime.publish(dashboardTopic, {
          type: 'changed',
          data: { at: ctx.clock.now().toISOString() },
        });
      }
      again = changed;
    } catch {
      // The database is closing or busy: try again on the next tick.
    } finally {
      busy = false;
    }
  };
  // A first read at once, so a change made before the first interval is not taken as the baseline.
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
