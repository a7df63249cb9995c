// Cases in the integrated customer view: each case of the party at the moment it was registered,
// with its current status and expected end date. data.status is 'open' or 'closed' (the werkplek
// lists the open ones above the timeline, as it does with tasks).
import type { Db } from '../../db/connect.ts';
import { compareItems } from '../customer-view/customer-view.service.ts';
import type { TimelineItem, TimelineQuery, TimelineSource } from '../customer-view/timeline.ts';
import type { CaseSummary } from './case-source.ts';
import * as repo from './cases.repo.ts';
import { currentCaseSource, partyRefOf } from './cases.source.ts';
import { toSummaries } from './cases.view.ts';

const kind = 'case';
/** How long the customer view waits for a remote case system. */
const remoteWaitMs = 3000;

export function caseItem(c: CaseSummary): TimelineItem {
  const status = c.status?.name ?? 'onbekend';
  return {
    kind,
    id: c.id,
    at: c.createdAt,
    channel: null,
    direction: null,
    title: `${c.caseType.name} ${c.identification}: ${c.subject}`.slice(0, 300),
    summary: c.closed ? `Status: ${status} (afgesloten)` : `Status: ${status}`,
    data: {
      source: c.source,
      identification: c.identification,
      caseType: c.caseType,
      status: c.closed ? 'closed' : 'open',
      statusName: c.status?.name ?? null,
      statusSetAt: c.status?.setAt ?? null,
      startDate: c.startDate,
      dueAt: c.expectedEndDate,
      expectedEndDate: c.expectedEndDate,
      endDate: c.endDate,
      team: c.team,
    },
  };
}

/** Items from a list of cases, paged like every timeline source: older than the cursor, newest first. */
export function caseItems(list: CaseSummary[], query: TimelineQuery): TimelineItem[] {
  if (query.channels?.length) return []; // cases have no channel
  return list
    .map(caseItem)
    .filter((i) => !query.before || compareItems(i, query.before) > 0)
    .sort(compareItems)
    .slice(0, query.limit);
}

async function fetch(db: Db, query: TimelineQuery): Promise<TimelineItem[]> {
  if (query.partyIds.length === 0 || query.channels?.length) return [];
  const source = currentCaseSource();
  if (source.kind !== 'loket') {
    // The customer view reads in one transaction: wait for the case system briefly, and a case
    // system that is slow or down must not take the customer view with it.
    const ref = await partyRefOf(db, query.partyIds);
    const remote = source.casesOfParty(db, ref).catch(() => []);
    const late = new Promise<[]>((resolve) => setTimeout(() => resolve([]), remoteWaitMs).unref());
    return caseItems(await Promise.race([remote, late]), query);
  }
  const rows = await repo.timelineCases(db, query.partyIds, query.before?.at, query.limit + 50);
  return caseItems(await toSummaries(db, rows), query);
}

export const caseTimelineSource: TimelineSource = { kind, fetch };
