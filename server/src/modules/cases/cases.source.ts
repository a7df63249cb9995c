// Which case system Loket shows: the built-in register, or a ZGW Zaken API when LOKET_ZAKEN_API_URL
// is set. Routes and the customer-view timeline ask here, never a source directly.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { getParties } from '../parties/parties.service.ts';
import type { CaseSource, PartyRef } from './case-source.ts';
import { findCase, listCases } from './cases.service.ts';
import { type ZgwCases, zgwCases } from './zgw.source.ts';

export const loketCaseSource: CaseSource = {
  kind: 'loket',
  casesOfParty: (db, party) => listCases(db, { partyIds: party.partyIds, limit: 200 }),
  getCase: (db, ref) => findCase(db, ref),
};

let zgw: { key: string; cases: ZgwCases } | null = null;

/** The ZGW client for this configuration (one per configuration: it holds the catalogue cache). */
export function zgwFor(config: Config): ZgwCases | null {
  const c = config.zakenApi;
  if (!c) return null;
  const key = `${c.url} ${c.clientId}`;
  if (zgw?.key !== key) zgw = { key, cases: zgwCases(c) };
  return zgw.cases;
}

let current: CaseSource = loketCaseSource;

/** The configured source; also what the customer-view timeline uses from now on. */
export function caseSourceFor(config: Config): CaseSource {
  current = zgwFor(config)?.source ?? loketCaseSource;
  return current;
}

export const currentCaseSource = () => current;

/** What a case system needs to find a party's cases: its ids (merged ones too) and its identifiers. */
export async function partyRefOf(db: Db, partyIds: string[]): Promise<PartyRef> {
  const parties = await getParties(db, partyIds);
  const id = (type: string) =>
    parties.flatMap((p) => p.identifiers).find((i) => i.type === type)?.value ?? null;
  return { partyIds, bsn: id('bsn'), kvkNummer: id('kvk_nummer') };
}
