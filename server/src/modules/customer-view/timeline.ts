// The merged timeline of the integrated customer view. Each module that has something to say
// about a party (contacts now; tasks, cases, notifications later) registers a source here;
// the customer view merges them newest first. Modules never read each other's tables for this.
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';

export type TimelineItem = {
  /** 'contact', 'task', 'case', 'notification', … */
  kind: string;
  id: string;
  at: Date;
  channel: string | null;
  direction: 'in' | 'out' | null;
  title: string;
  summary: string | null;
  /** Kind-specific fields, camelCase, safe to show to the actor who asked. */
  data: Record<string, unknown>;
};

export type TimelineCursor = { at: Date; kind: string; id: string };

export type TimelineQuery = {
  /** The party and every party merged into it. */
  partyIds: string[];
  /** Items strictly older than this cursor (ordering: at desc, kind desc, id desc). */
  before?: TimelineCursor;
  limit: number;
  channels?: string[];
  actor: Actor;
};

export type TimelineSource = {
  kind: string;
  fetch: (db: Db, query: TimelineQuery) => Promise<TimelineItem[]>;
};

const sources = new Map<string, TimelineSource>();

export function registerTimelineSource(source: TimelineSource) {
  sources.set(source.kind, source);
}

export function timelineSources(kinds?: string[]): TimelineSource[] {
  const all = [...sources.values()];
  return kinds?.length ? all.filter((s) => kinds.includes(s.kind)) : all;
}
