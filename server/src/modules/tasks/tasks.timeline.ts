// Tasks in the integrated customer view: each callback request or task about the party, at its creation.
import type { Db } from '../../db/connect.ts';
import type { TimelineItem, TimelineQuery, TimelineSource } from '../customer-view/timeline.ts';
import * as repo from './tasks.repo.ts';

const kind = 'task';
const statusLabel = {
  open: 'open',
  in_progress: 'in behandeling',
  done: 'afgehandeld',
  cancelled: 'geannuleerd',
};

/** Strictly after the cursor in the merged order (at desc, kind desc, id desc). */
function olderThanCursor(item: { at: Date; id: string }, before: TimelineQuery['before']) {
  if (!before) return true;
  const a = item.at.getTime();
  const b = before.at.getTime();
  if (a !== b) return a < b;
  if (kind !== before.kind) return kind < before.kind;
  return item.id < before.id;
}

async function fetch(db: Db, query: TimelineQuery): Promise<TimelineItem[]> {
  if (query.partyIds.length === 0) return [];
  const rows = await repo.timelineTasks(db, query.partyIds, query.before?.at, query.limit + 50);
  return rows
    .filter((r) => olderThanCursor({ at: r.created_at, id: r.id }, query.before))
    .filter(
      (r) => !query.channels?.length || (r.callback_channel && query.channels.includes(r.callback_channel)),
    )
    .slice(0, query.limit)
    .map((r) => ({
      kind,
      id: r.id,
      at: r.created_at,
      channel: r.callback_channel,
      direction: null,
      title: `${r.kind === 'callback' ? 'Terugbelverzoek' : 'Taak'} ${r.number}: ${r.subject}`,
      summary: `Status: ${statusLabel[r.status]}`,
      data: {
        number: r.number,
        taskKind: r.kind,
        status: r.status,
        result: r.result,
        dueAt: r.due_at,
        owner: { kind: r.owner_kind, id: r.owner_id },
        escalatedAt: r.escalated_at,
      },
    }));
}

export const taskTimelineSource: TimelineSource = { kind, fetch };
