// Which case system Loket shows: the built-in register, or a ZGW Zaken API when one is configured.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { getParty } from '../parties/parties.service.ts';
import type { CaseSource, PartyRef } from './case-source.ts';
import { findCase, listCases } from './cases.service.ts';

export const loketCaseSource: CaseSource = {
  kind: 'loket',
  casesOfParty: (db, party) => listCases(db, { partyIds: party.partyIds, limit: 200 }),
  getCase: (db, ref) => findCase(db, ref),
};

/** The configured source. */
export async function caseSourceFor(_config: Config): Promise<CaseSource> {
  return loketCaseSource;
}

/** What a case system needs to find a party's cases: its ids (and merged ones) and its identifiers. */
export async function partyRefOf(db: Db, partyIds: string[]): Promise<PartyRef> {
  const [main] = partyIds;
  const party = main ? await getParty(db, main) : null;
  const id = (type: string) => party?.identifiers.find((i) => i.type === type)?.value ?? null;
  return { partyIds, bsn: id('bsn'), kvkNummer: id('kvk_nummer') };
}
