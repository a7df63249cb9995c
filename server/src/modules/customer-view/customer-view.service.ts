// The integrated customer view (integraal klantbeeld): the party and one merged timeline from every
// registered source, read and logged in one transaction.
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import { invalid } from '../../platform/errors.ts';
import type { PartyDetails } from '../parties/parties.schemas.ts';
import { getParty, partyIdsForTimeline } from '../parties/parties.service.ts';
import { logRead, type ReadContext } from '../processing-log/processing-log.service.ts';
import { type TimelineCursor, type TimelineItem, timelineSources } from './timeline.ts';

export type ViewFilter = { channels?: string[]; kinds?: string[]; cursor?: string; limit: number };

export type CustomerView = {
  party: PartyDetails;
  timeline: { items: TimelineItem[]; nextCursor: string | null };
};

export function encodeCursor(item: Pick<TimelineItem, 'at' | 'kind' | 'id'>): string {
  return Buffer.from(JSON.stringify({ at: item.at.toISOString(), kind: item.kind, id: item.id })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): TimelineCursor {
  const bad = () => invalid('cursor', 'Ongeldige cursor: gebruik de nextCursor uit een eerder antwoord.');
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const c = parsed as Record<string, unknown> | null;
  if (!c || typeof c.at !== 'string' || typeof c.kind !== 'string' || typeof c.id !== 'string') throw bad();
  const at = new Date(c.at);
  if (Number.isNaN(at.getTime()) || c.kind === '' || c.id === '') throw bad();
  return { at, kind: c.kind, id: c.id };
}

/** Newest first; ties broken by kind, then id, both descending (the order every source pages in). */
export function compareItems(
  a: Pick<TimelineItem, 'at' | 'kind' | 'id'>,
  b: Pick<TimelineItem, 'at' | 'kind' | 'id'>,
) {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  if (a.kind !== b.kind) return a.kind < b.kind ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Merge the pages of several sources and cut to `limit`; a cursor only when more exists. */
export function mergeTimeline(
  pages: TimelineItem[][],
  limit: number,
): { items: TimelineItem[]; nextCursor: string | null } {
  const all = pages.flat().sort(compareItems);
  const items = all.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: all.length > limit && last ? encodeCursor(last) : null };
}

export async function readTimeline(
  db: Db,
  partyIds: string[],
  filter: ViewFilter,
  actor: Actor,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const sources = timelineSources(filter.kinds);
  // Each source gives limit + 1 items older than the cursor: enough to fill the page and to know
  // whether another page exists, whatever the mix of kinds. Sources run one after another because
  // they share the transaction's single connection.
  const pages: TimelineItem[][] = [];
  for (const source of sources) {
    pages.push(
      await source.fetch(db, {
        partyIds,
        before,
        limit: filter.limit + 1,
        channels: filter.channels?.length ? filter.channels : undefined,
        actor,
      }),
    );
  }
  return mergeTimeline(pages, filter.limit);
}

export async function getCustomerView(
  db: Db,
  partyId: string,
  filter: ViewFilter,
  rc: ReadContext,
): Promise<CustomerView> {
  if (filter.cursor) decodeCursor(filter.cursor); // a bad cursor is a 400 before anything is read
  const known = new Set(timelineSources().map((s) => s.kind));
  const unknown = filter.kinds?.find((k) => !known.has(k));
  if (unknown) invalidKind(unknown, known);
  return db.transaction().execute(async (trx) => {
    const party = maskBsn(await getParty(trx, partyId));
    const partyIds = await partyIdsForTimeline(trx, party.id);
    const timeline = await readTimeline(trx, partyIds, filter, rc.actor);
    await logRead(trx, party.id, rc);
    return { party, timeline };
  });
}

function invalidKind(kind: string, known: Set<string>): never {
  throw invalid('kind', `Onbekende soort '${kind}'; kies uit: ${[...known].sort().join(', ')}.`);
}

/**
 * The view shows a BSN masked (last two digits) until the employee asks for it through
 * POST /parties/:id/reveal-bsn, which logs that reveal; so the full number never reaches the screen unasked.
 */
export function maskBsn(party: PartyDetails): PartyDetails {
  return {
    ...party,
    identifiers: party.identifiers.map((i) =>
      i.type === 'bsn' ? { ...i, value: `*******${i.value.slice(-2)}` } : i,
    ),
  };
}
