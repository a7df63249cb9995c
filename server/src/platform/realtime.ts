// Live events for open screens (screen pop, queues, dashboard, chat console): an in-process hub.
// Topics are strings: 'employee:<id>', 'team:<id>', or a module's own ('dashboard', …). A module
// that publishes a topic of its own registers who may subscribe to it (registerTopicGuard).
// One process holds the hub: events raised in `loket worker` do not reach screens (none need them yet).
import type { Actor } from './actor.ts';

export type LiveEvent = { type: string; data: unknown };
export type LiveListener = (topic: string, event: LiveEvent) => void;

export type Realtime = {
  publish: (topic: string, event: LiveEvent) => void;
  /** Returns the unsubscribe function. */
  subscribe: (topic: string, listener: LiveListener) => () => void;
  subscriberCount: (topic: string) => number;
};

export function createRealtime(): Realtime {
  const topics = new Map<string, Set<LiveListener>>();
  return {
    publish(topic, event) {
      for (const listener of topics.get(topic) ?? []) {
        try {
          listener(topic, event);
        } catch {
          // A broken listener (a closed socket) must not stop the others or the publisher.
        }
      }
    },
    subscribe(topic, listener) {
      const set = topics.get(topic) ?? new Set<LiveListener>();
      topics.set(topic, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) topics.delete(topic);
      };
    },
    subscriberCount: (topic) => topics.get(topic)?.size ?? 0,
  };
}

/** Decides whether an actor may subscribe to `<prefix>:<rest>` (or to `<prefix>` alone); may look things up. */
export type TopicGuard = (actor: Actor, rest: string) => boolean | Promise<boolean>;

const guards = new Map<string, TopicGuard>([
  ['employee', (actor, rest) => actor.kind === 'employee' && actor.id === rest],
  ['team', (actor, rest) => actor.kind === 'employee' && actor.teamIds.includes(rest)],
]);

export function registerTopicGuard(prefix: string, guard: TopicGuard) {
  guards.set(prefix, guard);
}

export async function maySubscribe(actor: Actor, topic: string): Promise<boolean> {
  const i = topic.indexOf(':');
  const prefix = i < 0 ? topic : topic.slice(0, i);
  const guard = guards.get(prefix);
  if (!guard) return false;
  try {
    return await guard(actor, i < 0 ? '' : topic.slice(i + 1));
  } catch {
    return false;
  }
}
