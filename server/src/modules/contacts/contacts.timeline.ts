// The contacts' part of the integrated customer view's timeline.
import type { Db } from '../../db/connect.ts';
import { can } from '../../platform/actor.ts';
import { getEmployeeSummaries } from '../access/access.service.ts';
import type { TimelineItem, TimelineQuery, TimelineSource } from '../customer-view/timeline.ts';
import * as repo from './contacts.repo.ts';

const kind = 'contact';
const summaryLength = 200;

/** The start of what was discussed, cut at a word boundary. */
export function summarise(content: string): string | null {
  const text = content.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if (text.length <= summaryLength) return text;
  const cut = text.slice(0, summaryLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > summaryLength * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Translate the merged timeline's cursor (at desc, kind desc, id desc) into a bound on our rows,
 * which all have kind 'contact': a cursor on another kind at the same instant either keeps or
 * drops every contact of that instant.
 */
function bound(before: TimelineQuery['before']) {
  if (!before) return undefined;
  if (before.kind === kind) return { at: before.at, id: before.id, inclusiveAt: false };
  return { at: before.at, id: null, inclusiveAt: kind < before.kind };
}

async function fetch(db: Db, query: TimelineQuery): Promise<TimelineItem[]> {
  const rows = await repo.timelineRows(db, {
    partyIds: query.partyIds,
    channels: query.channels,
    includeConfidential: can(query.actor, 'contacts:confidential'),
    before: bound(query.before),
    limit: query.limit,
  });
  const employees = await getEmployeeSummaries(
    db,
    rows.map((r) => r.employee_id).filter((e): e is string => !!e),
  );
  return rows.map((r) => ({
    kind,
    id: r.id,
    at: r.occurred_at,
    channel: r.channel,
    direction: r.direction,
    title: r.subject,
    summary: summarise(r.content_start),
    data: {
      number: r.number,
      reason: r.reason_id ? { id: r.reason_id, code: r.reason_code, label: r.reason_label } : null,
      result: r.result,
      resolvedFirstContact: r.resolved_first_contact,
      confidential: r.confidential,
      employee: employees.find((e) => e.id === r.employee_id) ?? null,
      role: r.role,
    },
  }));
}

export const contactTimelineSource: TimelineSource = { kind, fetch };
