// The one search box: classify what was typed, run the one ranked query for that kind, and log
// every party shown as a read of personal data before the results are returned.
import type { Db } from '../../db/connect.ts';
import { can } from '../../platform/actor.ts';
import { logRead, logReadsOf, type ReadContext } from '../processing-log/processing-log.service.ts';
import { classifyQuery } from './search.classify.ts';
import {
  type ContactHitRow,
  type LogShown,
  type Page,
  type PartyHitRow,
  searchContactsText,
  searchPartiesByName,
  searchPartiesExact,
  stemWords,
  withoutJit,
} from './search.repo.ts';
import type { ContactResult, PartyResult, SearchResponse } from './search.schemas.ts';
import { buildTsQuery, queryWords } from './search.tsquery.ts';

export const defaultPageSize = 20;

export type SearchInput = { q: string; page?: number; pageSize?: number };

function formatAddress(r: PartyHitRow): string | null {
  if (!r.postcode && !r.street && !r.city) return null;
  const house = r.house_number
    ? `${r.house_number}${r.house_letter ?? ''}${r.house_number_suffix ? `-${r.house_number_suffix}` : ''}`
    : '';
  const line1 = [r.street, house].filter(Boolean).join(' ');
  const line2 = [r.postcode, r.city].filter(Boolean).join(' ');
  return [line1, line2].filter(Boolean).join(', ');
}

const toPartyResult = (r: PartyHitRow): PartyResult => ({
  type: 'party',
  partyId: r.party_id,
  displayName: r.display_name,
  kind: r.kind,
  birthYear: r.birth_date ? Number(r.birth_date.slice(0, 4)) : null,
  address: formatAddress(r),
  lastContactAt: r.last_contact_at ? new Date(r.last_contact_at).toISOString() : null,
  matchedOn: r.matched_on,
  score: Math.round(Number(r.score) * 1000) / 1000,
});

const toContactResult = (r: ContactHitRow): ContactResult => ({
  type: 'contact',
  contactId: r.contact_id,
  partyId: r.party_id,
  displayName: r.display_name,
  subject: r.subject,
  channel: r.channel,
  occurredAt: new Date(r.occurred_at).toISOString(),
  snippet: r.snippet,
  score: Math.round(Number(r.score) * 1000) / 1000,
});

export async function search(db: Db, input: SearchInput, rc: ReadContext): Promise<SearchResponse> {
  const classified = classifyQuery(input.q);
  const pageNo = input.page ?? 1;
  const pageSize = input.pageSize ?? defaultPageSize;
  // One row more than asked tells whether there is a next page.
  const page: Page = {
    limit: pageSize + 1,
    offset: (pageNo - 1) * pageSize,
    confidential: can(rc.actor, 'contacts:confidential'),
  };

  // No BEGIN/COMMIT around the read: each statement is its own transaction. Party cards are read and
  // logged by one statement (a data-modifying CTE), contact hits are logged by a second; either way the
  // processing-log entry is committed before the results are returned, so no party is shown without a
  // durable log entry, and a failed insert serves nothing.
  let detected: SearchResponse['detected'] = classified.kind;
  let rows: (PartyResult | ContactResult)[];

  // Party cards log their reads in the statement that reads them; contact hits in a second one.
  const log: LogShown = { insert: (partyIds) => logReadsOf(partyIds, rc), shown: pageSize };
  let logged = true;
  if (classified.kind !== 'name') {
    rows = (await searchPartiesExact(db, classified, page, log)).map(toPartyResult);
  } else {
    rows = (await searchPartiesByName(db, classified.value, page, log)).map(toPartyResult);
    // Words that match no name are searched as free text over contacts. Decide on the whole
    // result, not this page, so every page of one query answers the same kind.
    const anyName =
      rows.length > 0 ||
      (pageNo > 1 &&
        classified.value !== '' &&
        (await searchPartiesByName(db, classified.value, { ...page, limit: 1, offset: 0 })).length > 0);
    if (!anyName) {
      detected = 'text';
      logged = false;
      // Text results are bounded by the repo's window, so the last page simply has no extra row.
      const tsquery = can(rc.actor, 'contacts:read')
        ? buildTsQuery(await stemWords(db, queryWords(classified.text)))
        : null;
      rows = tsquery
        ? // A transaction only for SET LOCAL jit = off.
          await db.transaction().execute(async (trx) => {
            await withoutJit(trx);
            return (await searchContactsText(trx, tsquery, page)).map(toContactResult);
          })
        : [];
    }
  }

  const hasMore = rows.length > pageSize;
  const results = rows.slice(0, pageSize);
  const partyIds = results.map((r) => r.partyId).filter((id): id is string => id !== null);
  if (!logged) await logRead(db, partyIds, rc);
  return { query: input.q, detected, results, page: pageNo, pageSize, hasMore };
}
