// The floor: the same work as raw SQL, without HTTP, authentication or JSON mapping. Search runs the
// search module's own statements (search.repo.ts) directly on a connection, twice: the read alone,
// and the read with its processing-log entry as the API must write it (a durable write per search,
// so one commit that waits for the WAL flush); the customer view and registration are hand-written
// statements that read or write the same rows.
import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connect.ts';
import {
  logRead,
  logReadsOf,
  type ReadContext,
} from '../../server/src/modules/processing-log/processing-log.service.ts';
import { classifyQuery } from '../../server/src/modules/search/search.classify.ts';
import {
  type LogShown,
  type Page,
  searchContactsText,
  searchPartiesByName,
  searchPartiesExact,
  stemWords,
  withoutJit,
} from '../../server/src/modules/search/search.repo.ts';
import { buildTsQuery, queryWords } from '../../server/src/modules/search/search.tsquery.ts';
import type { Actor } from '../../server/src/platform/actor.ts';

export type RegistrationBody = {
  channel: string;
  direction: 'in' | 'out';
  reasonId: string;
  subject: string;
  content: string;
  resolvedFirstContact: boolean;
  parties: { partyId: string; role: 'klant'; initiator: boolean }[];
};

const floorActor: Actor = {
  kind: 'application',
  id: '00000000-0000-4000-8000-00000000f100',
  name: 'benchmark floor',
  permissions: new Set(),
  onBehalfOf: null,
};

export function floorQueries(db: Db) {
  const page: Page = { limit: 21, offset: 0, confidential: false };
  const rc: ReadContext = { actor: floorActor, endpoint: 'GET /api/v1/search' };

  /** `log`: also write the processing-log entries of the parties shown, as search.service.ts does. */
  async function run(q: string, log: boolean) {
    const c = classifyQuery(q);
    const cardsLog: LogShown | undefined = log
      ? { insert: (ids) => logReadsOf(ids, rc), shown: 20 }
      : undefined;
    if (c.kind !== 'name') return searchPartiesExact(db, c, page, cardsLog);
    const names = await searchPartiesByName(db, c.value, page, cardsLog);
    if (names.length > 0) return names;
    const tsquery = buildTsQuery(await stemWords(db, queryWords(c.text)));
    if (!tsquery) return [];
    // As the service runs it: in a transaction without JIT (search.repo.ts withoutJit).
    const hits = await db.transaction().execute(async (trx) => {
      await withoutJit(trx);
      return searchContactsText(trx, tsquery, page);
    });
    if (log)
      await logRead(
        db,
        hits.slice(0, 20).flatMap((h) => (h.party_id ? [h.party_id] : [])),
        rc,
      );
    return hits;
  }
  const search = (q: string) => run(q, false);
  const searchLogged = (q: string) => run(q, true);

  async function view(partyId: string) {
    const party = await sql<{ id: string; ids: string[] }>`
      WITH RECURSIVE merged (id, depth) AS (
        SELECT ${partyId}::uuid, 0
        UNION ALL SELECT p.id, m.depth + 1 FROM parties p JOIN merged m ON p.merged_into = m.id WHERE m.depth < 20
      )
      SELECT p.*,
        (SELECT coalesce(json_agg(i), '[]') FROM party_identifiers i WHERE i.party_id = p.id) AS identifiers,
        (SELECT coalesce(json_agg(a), '[]') FROM party_addresses a WHERE a.party_id = p.id) AS addresses,
        (SELECT coalesce(json_agg(d), '[]') FROM digital_addresses d WHERE d.party_id = p.id) AS digital_addresses,
        (SELECT array_agg(id) FROM merged) AS ids
      FROM parties p WHERE p.id = ${partyId}`.execute(db);
    const ids = party.rows[0]?.ids ?? [partyId];
    return sql`
      SELECT c.id, c.number, c.occurred_at, c.channel, c.direction, c.subject, left(c.content, 400) AS content_start,
             c.result, c.resolved_first_contact, c.confidential, c.employee_id, e.display_name AS employee_name,
             r.id AS reason_id, r.code AS reason_code, r.label AS reason_label,
             (SELECT cp.role FROM contact_parties cp WHERE cp.contact_id = c.id AND cp.party_id = ANY(${ids}::uuid[])
              ORDER BY cp.initiator DESC LIMIT 1) AS role
      FROM contacts c
      LEFT JOIN contact_reasons r ON r.id = c.reason_id
      LEFT JOIN employees e ON e.id = c.employee_id
      WHERE EXISTS (SELECT 1 FROM contact_parties cp WHERE cp.contact_id = c.id AND cp.party_id = ANY(${ids}::uuid[]))
        AND NOT c.confidential
      ORDER BY c.occurred_at DESC, c.id DESC LIMIT 26`.execute(db);
  }

  async function register(b: RegistrationBody) {
    await db.transaction().execute(async (trx) => {
      const id = crypto.randomUUID();
      const now = new Date();
      await sql`INSERT INTO contacts (id, channel, direction, reason_id, subject, content, resolved_first_contact, occurred_at, team_id)
        SELECT ${id}, ${b.channel}, ${b.direction}, r.id, ${b.subject}, ${b.content}, ${b.resolvedFirstContact}, ${now}, r.team_id
        FROM contact_reasons r WHERE r.id = ${b.reasonId}`.execute(trx);
      for (const p of b.parties) {
        await sql`INSERT INTO contact_parties (id, contact_id, party_id, role, initiator, details)
          VALUES (${crypto.randomUUID()}, ${id}, ${p.partyId}, ${p.role}, ${p.initiator}, '{}')`.execute(trx);
      }
    });
  }

  return { search, searchLogged, view, register };
}
