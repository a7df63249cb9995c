// Verwerkingenlogging: every read of a party's personal data by an employee or application is
// recorded with who, whose, why, when and where. Call logRead with the same transaction as the read.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';

export const defaultPurpose = 'dienstverlening';

export type ReadContext = {
  actor: Actor;
  purpose?: string | null;
  endpoint: string;
  at?: Date;
  /** 'read' by default; e.g. 'reveal-bsn' when an employee unmasks a BSN. */
  action?: string;
};

/** Who reads and why, as every entry of one read stores it (an empty purpose is the default one). */
function entryFields(rc: ReadContext) {
  return {
    actor_kind: rc.actor.kind,
    actor_id: rc.actor.id,
    actor_name: rc.actor.name,
    on_behalf_of: rc.actor.kind === 'application' ? rc.actor.onBehalfOf : null,
    purpose: rc.purpose?.trim().slice(0, 200) || defaultPurpose,
    endpoint: rc.endpoint,
  };
}

/**
 * logRead as a data-modifying CTE: the log entries of the parties that `partyIds` (a SELECT of
 * party_id) yields, so a read and its log entry are one statement, committed together. Used by search,
 * where the separate insert was a round trip of its own on every query.
 */
export function logReadsOf(partyIds: RawBuilder<unknown>, rc: ReadContext): RawBuilder<unknown> {
  const e = entryFields(rc);
  return sql`INSERT INTO processing_log (at, actor_kind, actor_id, actor_name, on_behalf_of, party_id, action, purpose, endpoint)
    SELECT DISTINCT ${rc.at ?? sql`now()`}::timestamptz, ${e.actor_kind}, ${e.actor_id}::uuid, ${e.actor_name},
           ${e.on_behalf_of}::text, ids.party_id, ${rc.action ?? 'read'}, ${e.purpose}, ${e.endpoint}
    FROM (${partyIds}) ids WHERE ids.party_id IS NOT NULL`;
}

export async function logRead(db: Db, partyIds: string | string[], rc: ReadContext) {
  const ids = [...new Set(Array.isArray(partyIds) ? partyIds : [partyIds])];
  if (ids.length === 0) return;
  const fields = entryFields(rc);
  await db
    .insertInto('processing_log')
    .values(
      ids.map((party_id) => ({
        ...fields,
        party_id,
        ...(rc.action ? { action: rc.action } : {}),
        ...(rc.at ? { at: rc.at } : {}),
      })),
    )
    .execute();
}

export async function listEntries(
  db: Db,
  filter: { partyId?: string; actorId?: string; limit: number; before?: number },
) {
  let q = db.selectFrom('processing_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.partyId) q = q.where('party_id', '=', filter.partyId);
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.before) q = q.where('id', '<', String(filter.before));
  return q.execute();
}
