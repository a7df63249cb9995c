import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { compareItems, decodeCursor, encodeCursor, mergeTimeline } from './customer-view.service.ts';
import type { TimelineCursor, TimelineItem } from './timeline.ts';

const item = (kind: string, id: string, at: string): TimelineItem => ({
  kind,
  id,
  at: new Date(at),
  channel: null,
  direction: null,
  title: `${kind} ${id}`,
  summary: null,
  data: {},
});

/** A source as the contract asks: items strictly older than the cursor, newest first, at most limit. */
const fetchFrom = (items: TimelineItem[], before: TimelineCursor | undefined, limit: number) =>
  items
    .filter((i) => !before || compareItems(i, { ...before }) > 0)
    .sort(compareItems)
    .slice(0, limit);

describe('merging timeline sources', () => {
  // Contacts and tasks, some at the very same instant, so ties are broken by kind and id.
  const contacts = Array.from({ length: 17 }, (_, i) =>
    item(
      'contact',
      `c${String(i).padStart(2, '0')}`,
      `2026-11-${String(1 + (i % 9)).padStart(2, '0')}T10:00:00Z`,
    ),
  );
  const tasks = Array.from({ length: 8 }, (_, i) =>
    item('task', `t${i}`, `2026-11-${String(1 + (i % 5)).padStart(2, '0')}T10:00:00Z`),
  );

  it('pages through two sources newest first without repeating or skipping anything', () => {
    const seen: TimelineItem[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const before = cursor ? decodeCursor(cursor) : undefined;
      const page = mergeTimeline([fetchFrom(contacts, before, 5), fetchFrom(tasks, before, 5)], 4);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...contacts, ...tasks].sort(compareItems));
    expect(seen[0]?.at.toISOString()).toBe('2026-11-09T10:00:00.000Z');
  });

  it('gives no cursor when everything fits', () => {
    expect(mergeTimeline([contacts.slice(0, 2)], 5).nextCursor).toBeNull();
    expect(mergeTimeline([], 5)).toEqual({ items: [], nextCursor: null });
  });

  it('round-trips a cursor and rejects anything else with a 400 on cursor', () => {
    const c = encodeCursor(item('contact', 'abc', '2026-01-02T03:04:05.678Z'));
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual({ at: new Date('2026-01-02T03:04:05.678Z'), kind: 'contact', id: 'abc' });
    const bad = [
      'onzin!',
      Buffer.from('niet json').toString('base64url'),
      Buffer.from('{"at":"gisteren","kind":"contact","id":"x"}').toString('base64url'),
      Buffer.from('{"at":"2026-01-01T00:00:00Z","kind":"contact"}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const b of bad) {
      expect(() => decodeCursor(b)).toThrow(AppError);
      try {
        decodeCursor(b);
      } catch (e) {
        expect((e as AppError).invalidParams[0]?.name).toBe('cursor');
      }
    }
  });
});
