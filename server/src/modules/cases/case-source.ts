// One interface for "the cases of a party", whichever system keeps them: Loket's built-in register
// or a ZGW Zaken API (e.g. Open Zaak). The customer view, the case endpoints and the resident's
// notifications go through this, so the rest of Loket does not care which one is configured.
import type { Db } from '../../db/connect.ts';

export type CaseStatus = { code: string; name: string; final: boolean; setAt: Date };

export type CaseSummary = {
  source: 'loket' | 'zgw';
  /** Loket: the case's uuid; ZGW: the zaak's URL. */
  id: string;
  identification: string;
  caseType: { code: string; name: string };
  subject: string;
  status: CaseStatus | null;
  closed: boolean;
  startDate: string;
  expectedEndDate: string | null;
  endDate: string | null;
  team: { id: string; code: string; name: string } | null;
  /** Loket parties involved (ZGW: the party asked about, when known). */
  parties: { partyId: string; role: string }[];
  createdAt: Date;
};

export type CaseHistoryEntry = {
  code: string;
  name: string;
  at: Date;
  explanation: string;
  actor: { kind: string; id: string | null; name: string };
};

export type CaseDocument = {
  id: string;
  title: string;
  date: string;
  url: string | null;
  attachmentId: string | null;
};

export type CaseDetails = CaseSummary & {
  description: string;
  /** The statuses of its case type in order; the last ends the case. */
  statuses: { code: string; name: string; final: boolean }[];
  history: CaseHistoryEntry[];
  documents: CaseDocument[];
};

/** A party as a case system knows it: Loket's id plus the identifiers an outside system searches by. */
export type PartyRef = { partyIds: string[]; bsn: string | null; kvkNummer: string | null };

export interface CaseSource {
  readonly kind: 'loket' | 'zgw';
  /** The party's cases, open ones first, newest first. */
  casesOfParty(db: Db, party: PartyRef): Promise<CaseSummary[]>;
  /** One case by identification (or Loket id / ZGW URL); null when unknown. */
  getCase(db: Db, ref: string): Promise<CaseDetails | null>;
}
