// The floor: the same work as raw SQL, without HTTP, authentication, JSON mapping or the processing
// log. Search runs the search module's own statements (search.repo.ts) directly on a connection;
// the customer view and registration are hand-written statements that read or write the same rows.
import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connect.ts';
import { classifyQuery } from '../../server/src/modules/search/search.classify.ts';
import {
  type Page,
  searchContactsText,
  searchPartiesByName,
  searchPartiesExact,
  stemWords,
  withoutJit,
} from '../../server/src/modules/search/search.repo.ts';
import { buildTsQuery, queryWords } from '../../server/src/modules/search/search.tsquery.ts';

export type RegistrationBody = {
  channel: string;
  direction: 'in' | 'out';
  reasonId: string;
  subject: string;
  content: string;
  resolvedFirstContact: boolean;
  parties: { partyId: string; role: 'klant'; initiator: boolean }[];
};

export function floorQueries(db: Db) {
  const page: Page = { limit: 21, offset: 0, confidential: false };

  async function search(q: string) {
    const c = classifyQuery(q);
    if (c.kind !== 'name') return searchPartiesExact(db, c, page);
    const names = await searchPartiesByName(db, c.value, page);
    if (names.length > 0) return names;
    const tsquery = buildTsQuery(await stemWords(db, queryWords(c.text)));
    if (!tsquery) return [];
    // As the service runs it: in a transaction without JIT (search.repo.ts withoutJit).
    return db.transaction().execute(async (trx) => {
      await withoutJit(trx);
      return searchContactsText(trx, tsquery, page);
    });
  }

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

  return { search, view, register };
}
