// Small use cases of the employee workspace (werkplek) that belong to no other module:
// unmasking a BSN on screen (an explicit, logged act) and the team list for type-aheads.
import type { Db } from '../../db/connect.ts';
import { notFound } from '../../platform/errors.ts';
import { getTeams, type TeamSummary } from '../access/access.service.ts';
import { getParty } from '../parties/parties.service.ts';
import { logRead, type ReadContext } from '../processing-log/processing-log.service.ts';

/**
 * The party's BSN, for the employee who pressed "Toon BSN". Written to the processing log as
 * action 'reveal-bsn' with the purpose, in the same transaction as the read.
 */
export async function revealBsn(db: Db, partyId: string, rc: ReadContext): Promise<{ bsn: string }> {
  return db.transaction().execute(async (trx) => {
    const party = await getParty(trx, partyId);
    const bsn = party.identifiers.find((i) => i.type === 'bsn');
    if (!bsn) throw notFound('BSN');
    await logRead(trx, party.id, { ...rc, action: 'reveal-bsn' });
    return { bsn: bsn.value };
  });
}

export async function listTeams(db: Db): Promise<TeamSummary[]> {
  const teams = await getTeams(db);
  return [...teams].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
