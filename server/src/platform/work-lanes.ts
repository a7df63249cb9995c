// Background work after a request answered (an inbox filled by a webhook): a few lanes per database
// handle, each running rounds until a round finds nothing and nobody kicked meanwhile. The work itself
// is safe to run in several lanes and processes at once (SKIP LOCKED in its SQL); the lanes only
// decide when to look again.

export type WorkLanes<C extends { db: object }> = {
  /** Look for work now, in the background; resolves when the lanes stop. */
  kick: (ctx: C) => Promise<void>;
  /** Wait until background work on this database is done (tests, benchmarks, shutdown). */
  settle: (db: object) => Promise<void>;
  /** No rounds until the returned release is called; kicks meanwhile run at release (benchmarks). */
  hold: (db: object) => () => Promise<void>;
};

type State = { active: Set<Promise<void>>; again: boolean };

/**
 * `round` does one batch and returns how many items it handled (0: nothing due). `lanes` is how many
 * rounds may run side by side per database handle.
 */
export function workLanes<C extends { db: object }>(
  round: (ctx: C) => Promise<number>,
  lanes: (ctx: C) => number,
): WorkLanes<C> {
  const running = new WeakMap<object, State>();
  const held = new WeakMap<object, C | null>();

  async function lane(ctx: C, state: State) {
    for (;;) {
      state.again = false;
      if ((await round(ctx)) === 0 && !state.again) return;
    }
  }

  function kick(ctx: C): Promise<void> {
    if (held.has(ctx.db)) {
      held.set(ctx.db, ctx);
      return Promise.resolve();
    }
    let state = running.get(ctx.db);
    if (!state) {
      state = { active: new Set(), again: false };
      running.set(ctx.db, state);
    }
    state.again = true;
    if (state.active.size < lanes(ctx)) {
      const s = state;
      const work: Promise<void> = lane(ctx, s)
        .catch(() => {
          // The database went away (shutdown) or failed: the scheduler picks the work up again.
        })
        .finally(() => s.active.delete(work));
      s.active.add(work);
    }
    return Promise.all(state.active).then(() => undefined);
  }

  async function settle(db: object) {
    for (let s = running.get(db); s && s.active.size > 0; s = running.get(db)) await Promise.all(s.active);
  }

  function hold(db: object) {
    held.set(db, null);
    return async () => {
      const ctx = held.get(db);
      held.delete(db);
      if (ctx) await kick(ctx);
    };
  }

  return { kick, settle, hold };
}
