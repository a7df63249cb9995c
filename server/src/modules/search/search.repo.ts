// Search is a read model: the one place outside the parties and contacts modules that reads their
// tables directly, with ONE ranked, index-backed query per kind of search (see ARCHITECTURE.md).
// Going through their services would cost a round trip per hit and could not rank in SQL.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ClassifiedQuery } from './search.classify.ts';
import type { QueryWord, StemmedWord } from './search.tsquery.ts';

export type PartyHitRow = {
  party_id: string;
  display_name: string;
  kind: 'person' | 'organisation' | 'contact_person';
  birth_date: string | null;
  street: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  postcode: string | null;
  city: string | null;
  last_contact_at: Date | null;
  matched_on: string;
  score: number;
  tiebreak: number;
};

export type ContactHitRow = {
  contact_id: string;
  subject: string;
  channel: string;
  occurred_at: Date;
  snippet: string;
  score: number;
  party_id: string | null;
  display_name: string | null;
};

export type Page = { limit: number; offset: number; confidential: boolean };

/**
 * A processing-log insert for the parties a SELECT of party_id yields (processing-log's logReadsOf),
 * and how many of the page's rows are shown (the page asks one more, to know whether there is a next).
 */
export type LogShown = { insert: (partyIds: RawBuilder<unknown>) => RawBuilder<unknown>; shown: number };

/**
 * Name and text search rank a bounded window (the nearest names, the newest matching contacts):
 * common words stay fast and every page of one query sees the same window. Refine beyond it.
 */
export const searchWindow = 200;
/** The typo tier of name search is read only when the better tiers found fewer parties than this. */
const typoBelow = 20;

type ExactQuery = Exclude<ClassifiedQuery, { kind: 'name' }>;

/** Candidate (party_id, matched_on, score) rows for an exact kind; small sets, all index lookups. */
function exactHits(q: ExactQuery): RawBuilder<unknown> {
  switch (q.kind) {
    case 'bsn':
      return sql`SELECT party_id, type AS matched_on, 1.0::float8 AS score FROM party_identifiers
                 WHERE value = ${q.value} AND type IN ('bsn', 'rsin')`;
    case 'kvk':
      return sql`SELECT party_id, 'kvk_nummer' AS matched_on, 1.0::float8 AS score FROM party_identifiers
                 WHERE value = ${q.value} AND type = 'kvk_nummer'`;
    case 'vestigingsnummer':
      return sql`SELECT party_id, 'vestigingsnummer' AS matched_on, 1.0::float8 AS score FROM party_identifiers
                 WHERE value = ${q.value} AND type = 'vestigingsnummer'`;
    case 'phone':
    case 'email':
      return sql`SELECT party_id, ${q.kind}::text AS matched_on, 1.0::float8 AS score FROM digital_addresses
                 WHERE value = ${q.value} AND kind = ${q.kind} AND party_id IS NOT NULL`;
    case 'postcode': {
      // The exact letter/toevoeging ranks first, but '5-a' still finds '5A' and '5 bis' finds '5'.
      const extra = [q.houseLetter, q.suffix].filter(Boolean).join('').toLowerCase();
      const house = q.houseNumber === null ? sql`true` : sql`house_number = ${q.houseNumber}`;
      return sql`SELECT party_id, 'postcode' AS matched_on,
                   CASE WHEN lower(coalesce(house_letter, '') || coalesce(house_number_suffix, '')) = ${extra}
                        THEN 1.0 ELSE 0.5 END::float8 AS score
                 FROM party_addresses WHERE postcode = ${q.postcode} AND ${house}`;
    }
  }
}

/** The card fields that let an employee pick the right person, for one page of ranked party ids. */
function partyCards(ranked: RawBuilder<unknown>, confidential: boolean) {
  return sql<PartyHitRow>`
    SELECT r.party_id, p.display_name, p.kind, p.birth_date, r.matched_on, r.score, r.tiebreak,
           a.street, a.house_number, a.house_letter, a.house_number_suffix, a.postcode, a.city,
           lc.last_contact_at
    FROM (${ranked}) r
    JOIN parties p ON p.id = r.party_id
    LEFT JOIN LATERAL (
      SELECT street, house_number, house_letter, house_number_suffix, postcode, city
      FROM party_addresses WHERE party_id = p.id ORDER BY (kind = 'visiting') DESC LIMIT 1
    ) a ON true
    LEFT JOIN LATERAL (
      -- From the involvements' copy of their contact's time and flag: no visit to contacts.
      SELECT max(cp.occurred_at) AS last_contact_at FROM contact_parties cp
      WHERE cp.party_id IN (SELECT p.id UNION ALL SELECT d.id FROM parties d WHERE d.merged_into = p.id)
        AND (${confidential} OR NOT cp.confidential)
    ) lc ON true
    ORDER BY r.score DESC, r.tiebreak DESC, p.display_name, p.id`;
}

const cardOrder = sql`score DESC, tiebreak DESC, display_name, party_id`;

/**
 * Runs the cards statement. With `log`, the same statement writes the processing-log entries of the
 * cards shown (a data-modifying CTE): the read and its log entry commit together, in one round trip.
 */
async function cardsLogged(db: Db, cards: RawBuilder<PartyHitRow>, log?: LogShown): Promise<PartyHitRow[]> {
  if (!log) return (await cards.execute(db)).rows;
  const shown = sql`SELECT party_id FROM cards ORDER BY ${cardOrder} LIMIT ${log.shown}`;
  const { rows } = await sql<PartyHitRow>`
    WITH cards AS MATERIALIZED (${cards}), logged AS (${log.insert(shown)})
    SELECT * FROM cards ORDER BY ${cardOrder}`.execute(db);
  return rows;
}

/** Identifier, phone, e-mail and postcode search. Hits on a merged duplicate point to the survivor. */
export async function searchPartiesExact(
  db: Db,
  q: ExactQuery,
  page: Page,
  log?: LogShown,
): Promise<PartyHitRow[]> {
  const ranked = sql`
    WITH RECURSIVE hits AS (${exactHits(q)}),
    up (party_id, matched_on, score, depth) AS (
      SELECT party_id, matched_on, score, 0 FROM hits
      UNION ALL
      SELECT p.merged_into, up.matched_on, up.score, up.depth + 1
      FROM up JOIN parties p ON p.id = up.party_id
      WHERE p.merged_into IS NOT NULL AND up.depth < 20
    ),
    best AS (
      SELECT DISTINCT ON (up.party_id) up.party_id, up.matched_on, up.score, p.display_name
      FROM up JOIN parties p ON p.id = up.party_id AND p.merged_into IS NULL
      ORDER BY up.party_id, up.score DESC
    )
    SELECT party_id, matched_on, score, 0::float8 AS tiebreak FROM best
    ORDER BY score DESC, display_name, party_id
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return cardsLogged(db, partyCards(ranked, page.confidential), log);
}

/**
 * Typo-tolerant, accent-insensitive name search over the parties' name keys (migration
 * 20261204T1430: each word of search_name as spelled, its Dutch sound key, and the key with one
 * letter left out, in one GIN index). The window of `searchWindow` candidates is filled from the
 * best tier first: every word as spelled, then every word sounding the same (Jansen = Janssen),
 * then every word within one typo or the start of a name word. Each tier is one bounded index
 * probe that stops when the window is full, so a common surname never scores the whole table; the
 * tiers are disjoint (a later one excludes the earlier matches). The typo tier is read only when the
 * first two found fewer than `typoBelow` parties: its probe ORs dozens of keys (a common given name's
 * among them) and cost 20 ms at 1M parties, while a name that is spelled or sounds right rarely needs
 * it (the right party is among the 20 that match exactly). Only the window is ranked, by
 * trigram word similarity (an exact surname above a near one), the whole name's similarity, name
 * and id: a total order, the same window for every page, so pages never repeat or skip.
 */
export async function searchPartiesByName(
  db: Db,
  name: string,
  page: Page,
  log?: LogShown,
): Promise<PartyHitRow[]> {
  const tier = (n: number) => sql`search_name_query(${name}::text, ${sql.lit(n)})`;
  const probe = (n: number) => sql`
    SELECT id, display_name, search_name FROM parties
    WHERE search_keys @@ ${tier(n)} AND merged_into IS NULL
      ${n > 0 ? sql`AND NOT search_keys @@ ${tier(n - 1)}` : sql``}`;
  // near: as spelled or sounding the same; then within one typo, only when near found few (a
  // one-time filter: the probe is not run at all otherwise).
  const ranked = sql`
    WITH near AS MATERIALIZED (
      (${probe(0)}) UNION ALL (${probe(1)})
      LIMIT ${sql.lit(searchWindow)}
    )
    SELECT party_id, 'name' AS matched_on, score, tiebreak
    FROM (
      SELECT id AS party_id, display_name,
             word_similarity(${name}, search_name)::float8 AS score,
             similarity(${name}, search_name)::float8 AS tiebreak
      FROM (
        -- The LIMIT outside the UNION ALL (not on the probe itself) keeps the probe a bitmap index
        -- scan: with its own LIMIT the planner bets on a sequential scan stopping early.
        (SELECT * FROM near)
        UNION ALL (${probe(2)} AND (SELECT count(*) FROM near) < ${sql.lit(typoBelow)})
        LIMIT ${sql.lit(searchWindow)}
      ) w
    ) d
    ORDER BY score DESC, tiebreak DESC, display_name, party_id
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return cardsLogged(db, partyCards(ranked, page.confidential), log);
}

/** The first and second Dutch stem of each word (see search.tsquery.ts); one tiny lookup. */
export async function stemWords(db: Db, words: QueryWord[]): Promise<StemmedWord[]> {
  if (words.length === 0) return [];
  const { rows } = await sql<{ stem: string | null; stem2: string | null }>`
    SELECT s.l[1] AS stem, (ts_lexize('dutch_stem', s.l[1]))[1] AS stem2
    FROM unnest(${words.map((w) => w.word)}::text[]) WITH ORDINALITY AS u(word, ord),
         LATERAL (SELECT ts_lexize('dutch_stem', u.word) AS l) s
    ORDER BY u.ord`.execute(db);
  return words.map((w, i) => ({ ...w, stem: rows[i]?.stem ?? null, stem2: rows[i]?.stem2 ?? null }));
}

/**
 * Turns JIT off for the rest of the transaction. The ladder's per-period probes are estimated at
 * tens of thousands of rows (the planner cannot know one day's share of a word), which crosses
 * jit_above_cost at 10M contacts: compiling then cost 20-40 ms for a statement that runs in ~8.
 */
export async function withoutJit(trx: Db): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(trx);
}

/** The walk reads at most this many of the newest contacts before it hands over to the ladder. */
const walkRows = 2000;
/** The ladder probes single days for at least this many days back, then whole weeks. */
const ladderDays = 14;

/**
 * Free text over contacts (Dutch config): the newest `searchWindow` matches, ranked by relevance.
 * A GIN index cannot return matches newest first, so fetching and sorting every match of a word
 * in 1% of 10M contacts costs ~100k heap rows. Two bounded strategies instead, same window:
 * - walk: the newest `walkRows` contacts by date, tested one by one. Enough for a common word.
 * - ladder (when the walk found fewer): search_contacts_doc holds each contact's day and week as
 *   lexemes (migration 20261123T1400), so the GIN index intersects the query with a run of days
 *   (the last two weeks) or weeks (before that) at a time, newest first; runs double in length
 *   (1, 2, 4, ... periods), so a rare word needs a handful of probes (one per day cost 11-14 probes
 *   of 2-4 ms each at 1M contacts) while a common one stops after the first short runs. Each probe
 *   reads only its run's matches and the LIMIT stops the probes once the window is full. The
 *   nested loop emits runs in order, and runs partition time, so the rows come newest first.
 * `tsquery` (exact lexemes from buildTsQuery) is inlined as a constant for the planner's estimates.
 */
export async function searchContactsText(db: Db, tsquery: string, page: Page): Promise<ContactHitRow[]> {
  const query = sql`to_tsquery('simple', ${sql.lit(tsquery)})`;
  const visible = sql`(${sql.lit(page.confidential)} OR NOT confidential)`;
  const { rows } = await sql<ContactHitRow>`
    WITH walk AS (
      SELECT id FROM (
        SELECT id, search_vector FROM contacts WHERE ${visible}
        ORDER BY occurred_at DESC, id DESC LIMIT ${sql.lit(walkRows)}
      ) newest
      WHERE search_vector @@ ${query}
      LIMIT ${sql.lit(searchWindow)}
    ),
    walked AS (SELECT count(*) AS n FROM walk),
    bounds AS (
      SELECT last_day, first_day, floor((last_day - ${sql.lit(ladderDays)}) / 7.0)::integer AS cut_week
      FROM (SELECT search_contact_day(max(occurred_at)) AS last_day,
                   search_contact_day(min(occurred_at)) AS first_day FROM contacts) d
    ),
    -- Days from the newest back to the start of the week after cut_week, then weeks from cut_week:
    -- disjoint, newest first, grouped into doubling runs (1, 2, 4, 8, ... days, then weeks), so a
    -- rare word needs a few probes instead of one per day; each probe ORs its run's lexemes.
    periods AS (
      SELECT string_agg(lexeme, ' | ')::tsquery AS q, grp FROM (
        SELECT 'd' || day AS lexeme, floor(log(ord::float8) / log(2::float8) + 1e-9)::integer AS grp
        FROM bounds,
          generate_series(last_day, greatest(first_day, 7 * (cut_week + 1)), -1) WITH ORDINALITY AS g(day, ord)
        UNION ALL
        SELECT 'w' || week, 100 + floor(log(ord::float8) / log(2::float8) + 1e-9)::integer
        FROM bounds, generate_series(cut_week, floor(first_day / 7.0)::integer, -1) WITH ORDINALITY AS g(week, ord)
      ) l GROUP BY grp
    ),
    ladder AS (
      SELECT c.id FROM (SELECT * FROM periods ORDER BY grp) p
      CROSS JOIN LATERAL (
        SELECT id FROM contacts
        WHERE search_contact_doc(search_vector, occurred_at) @@ (${query} && p.q) AND ${visible}
        ORDER BY occurred_at DESC, id DESC
      ) c
      LIMIT ${sql.lit(searchWindow)}
    ),
    recent AS (
      SELECT id FROM walk WHERE (SELECT n FROM walked) >= ${sql.lit(searchWindow)}
      UNION ALL
      SELECT id FROM ladder WHERE (SELECT n FROM walked) < ${sql.lit(searchWindow)}
    ),
    ranked AS (
      SELECT c.id, c.subject, c.channel, c.occurred_at, c.content,
             ts_rank(c.search_vector, ${query})::float8 AS score
      FROM recent JOIN contacts c ON c.id = recent.id
      ORDER BY score DESC, c.occurred_at DESC, c.id DESC
      LIMIT ${page.limit} OFFSET ${page.offset}
    )
    SELECT r.id AS contact_id, r.subject, r.channel, r.occurred_at, r.score,
           ts_headline('dutch', CASE WHEN r.content = '' THEN r.subject ELSE r.content END, ${query},
                       'MaxFragments=1, MaxWords=20, MinWords=8, StartSel="", StopSel=""') AS snippet,
           coalesce(s.id, p.id) AS party_id, coalesce(s.display_name, p.display_name) AS display_name
    FROM ranked r
    LEFT JOIN LATERAL (
      SELECT party_id FROM contact_parties
      WHERE contact_id = r.id AND party_id IS NOT NULL
      ORDER BY initiator DESC, (role = 'klant') DESC, created_at LIMIT 1
    ) cp ON true
    LEFT JOIN parties p ON p.id = cp.party_id
    LEFT JOIN parties s ON s.id = p.merged_into
    ORDER BY r.score DESC, r.occurred_at DESC, r.id DESC`.execute(db);
  return rows;
}
