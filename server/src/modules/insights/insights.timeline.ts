// Repeat marks on the customer view's timeline: wraps the contacts' timeline source and adds
// `data.repeat` ({ ofContactId, nth, days, text }) to contacts marked as herhaalverkeer, so the
// contacts module needs no knowledge of insights.
import type { TimelineSource } from '../customer-view/timeline.ts';
import { getRepeats, repeatText } from './insights.service.ts';

export function withRepeats(source: TimelineSource): TimelineSource {
  return {
    kind: source.kind,
    async fetch(db, query) {
      const items = await source.fetch(db, query);
      const marks = await getRepeats(
        db,
        items.map((i) => i.id),
      );
      if (marks.size === 0) return items;
      return items.map((item) => {
        const m = marks.get(item.id);
        return m ? { ...item, data: { ...item.data, repeat: { ...m, text: repeatText(m) } } } : item;
      });
    },
  };
}
