// Cases from a ZGW Zaken API (e.g. Open Zaak) behind the CaseSource interface: a party's cases are
// found by BSN (rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn), statuses and case types
// are read from the Zaken and Catalogi APIs. Catalogue objects (zaaktypen, statustypen) change
// rarely and are cached for ten minutes.
import type { ZakenApiConfig } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { findPartyIdByIdentifier } from '../parties/parties.service.ts';
import type { CaseDetails, CaseSource, CaseStatus, CaseSummary, PartyRef } from './case-source.ts';
import { type ZgwClient, zgwClient } from './zgw.client.ts';

export type ZgwZaak = {
  url: string;
  identificatie: string;
  omschrijving?: string;
  toelichting?: string;
  zaaktype: string;
  registratiedatum?: string;
  startdatum: string;
  einddatum?: string | null;
  einddatumGepland?: string | null;
  uiterlijkeEinddatumAfdoening?: string | null;
  status?: string | null;
};
export type ZgwStatus = {
  url: string;
  zaak: string;
  statustype: string;
  datumStatusGezet: string;
  statustoelichting?: string;
};
export type ZgwStatusType = {
  url: string;
  omschrijving: string;
  volgnummer: number;
  isEindstatus?: boolean;
  zaaktype?: string;
};
export type ZgwZaakType = {
  url: string;
  identificatie: string;
  omschrijving: string;
  statustypen?: string[];
};
export type ZgwRol = {
  url: string;
  zaak: string;
  betrokkeneType: string;
  omschrijvingGeneriek?: string;
  betrokkeneIdentificatie?: { inpBsn?: string } | null;
};
type ZgwZaakInformatieObject = {
  url: string;
  informatieobject: string;
  titel?: string;
  registratiedatum?: string;
};

const catalogueTtlMs = 10 * 60_000;

export function zgwCases(config: ZakenApiConfig, client: ZgwClient = zgwClient(config)) {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  /** A catalogue object by URL, cached; a failed read is not kept. */
  function catalogue<T>(url: string): Promise<T | null> {
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < catalogueTtlMs) return hit.value as Promise<T | null>;
    const value = client.get<T>(url);
    cache.set(url, { at: Date.now(), value });
    value.catch(() => cache.delete(url));
    return value;
  }

  const caseType = async (url: string) => {
    const t = client.owns(url) ? await catalogue<ZgwZaakType>(url) : null;
    return { code: t?.identificatie ?? '', name: t?.omschrijving ?? 'Zaak' };
  };

  async function statusOf(url: string | null | undefined): Promise<CaseStatus | null> {
    if (!url) return null;
    const s = await client.get<ZgwStatus>(url);
    if (!s) return null;
    const type = client.owns(s.statustype) ? await catalogue<ZgwStatusType>(s.statustype) : null;
    return {
      code: String(type?.volgnummer ?? ''),
      name: type?.omschrijving ?? 'Onbekende status',
      final: !!type?.isEindstatus,
      setAt: new Date(s.datumStatusGezet),
    };
  }

  async function summary(z: ZgwZaak, partyIds: string[]): Promise<CaseSummary> {
    const [type, status] = await Promise.all([caseType(z.zaaktype), statusOf(z.status)]);
    return {
      source: 'zgw',
      id: z.url,
      identification: z.identificatie,
      caseType: type,
      subject: z.omschrijving || type.name,
      status,
      closed: !!z.einddatum || !!status?.final,
      startDate: z.startdatum,
      expectedEndDate: z.einddatumGepland ?? z.uiterlijkeEinddatumAfdoening ?? null,
      endDate: z.einddatum ?? null,
      team: null,
      parties: partyIds.map((partyId) => ({ partyId, role: 'initiator' })),
      createdAt: new Date(z.registratiedatum ?? z.startdatum),
    };
  }

  async function findZaak(ref: string): Promise<ZgwZaak | null> {
    if (/^https?:\/\//.test(ref)) return client.owns(ref) ? client.get<ZgwZaak>(ref) : null;
    const [zaak] = await client.list<ZgwZaak>('zaken/api/v1/zaken', { identificatie: ref }, 1);
    return zaak ?? null;
  }

  /** Loket parties of the zaak's initiators (natuurlijk persoon, by BSN). */
  async function initiatorPartyIds(db: Db, zaakUrl: string): Promise<string[]> {
    const rollen = await client.list<ZgwRol>('zaken/api/v1/rollen', { zaak: zaakUrl });
    const bsns = rollen
      .filter(
        (r) =>
          r.betrokkeneType === 'natuurlijk_persoon' &&
          (r.omschrijvingGeneriek ?? 'initiator') === 'initiator',
      )
      .flatMap((r) => (r.betrokkeneIdentificatie?.inpBsn ? [r.betrokkeneIdentificatie.inpBsn] : []));
    const ids = await Promise.all([...new Set(bsns)].map((bsn) => findPartyIdByIdentifier(db, 'bsn', bsn)));
    return ids.filter((id): id is string => !!id);
  }

  async function details(z: ZgwZaak, partyIds: string[]): Promise<CaseDetails> {
    const [base, type, statussen, documents] = await Promise.all([
      summary(z, partyIds),
      client.owns(z.zaaktype) ? catalogue<ZgwZaakType>(z.zaaktype) : null,
      client.list<ZgwStatus>('zaken/api/v1/statussen', { zaak: z.url }),
      client.list<ZgwZaakInformatieObject>('zaken/api/v1/zaakinformatieobjecten', { zaak: z.url }),
    ]);
    const statusTypes = (
      await Promise.all((type?.statustypen ?? []).filter(client.owns).map((u) => catalogue<ZgwStatusType>(u)))
    )
      .filter((s): s is ZgwStatusType => !!s)
      .sort((a, b) => a.volgnummer - b.volgnummer);
    const history = await Promise.all(
      statussen
        .sort((a, b) => a.datumStatusGezet.localeCompare(b.datumStatusGezet))
        .map(async (s) => {
          const st = client.owns(s.statustype) ? await catalogue<ZgwStatusType>(s.statustype) : null;
          return {
            code: String(st?.volgnummer ?? ''),
            name: st?.omschrijving ?? 'Onbekende status',
            at: new Date(s.datumStatusGezet),
            explanation: s.statustoelichting ?? '',
            actor: { kind: 'system', id: null, name: 'Zaaksysteem' },
          };
        }),
    );
    return {
      ...base,
      description: z.toelichting ?? '',
      statuses: statusTypes.map((s, i) => ({
        code: String(s.volgnummer),
        name: s.omschrijving,
        final: s.isEindstatus ?? i === statusTypes.length - 1,
      })),
      history,
      documents: documents.map((d) => ({
        id: d.url,
        title: d.titel || 'Document',
        date: (d.registratiedatum ?? '').slice(0, 10),
        url: d.informatieobject,
        attachmentId: null,
      })),
    };
  }

  const source: CaseSource = {
    kind: 'zgw',
    async casesOfParty(_db, party: PartyRef) {
      // A person by BSN; a business by KvK-nummer (Zaken API 1.5 and later).
      const query: Record<string, string> | null = party.bsn
        ? { rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: party.bsn }
        : party.kvkNummer
          ? { rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer: party.kvkNummer }
          : null;
      if (!query) return [];
      const zaken = await client.list<ZgwZaak>('zaken/api/v1/zaken', query);
      const list = await Promise.all(zaken.map((z) => summary(z, party.partyIds.slice(0, 1))));
      return list.sort(
        (a, b) => Number(a.closed) - Number(b.closed) || b.createdAt.getTime() - a.createdAt.getTime(),
      );
    },
    async getCase(db, ref) {
      const zaak = await findZaak(ref);
      return zaak ? details(zaak, await initiatorPartyIds(db, zaak.url)) : null;
    },
  };
  return { source, client, findZaak, statusOf, summary, catalogue, initiatorPartyIds };
}

export type ZgwCases = ReturnType<typeof zgwCases>;
