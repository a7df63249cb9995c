// Partij (persoon, organisatie, contactpersoon) ⇄ the parties module's PartyDetails.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { involvementsOfParties } from '../../modules/contacts/contacts.listing.ts';
import type {
  CreatePartyInput,
  PartyAddress,
  PartyDetails,
  UpdatePartyInput,
} from '../../modules/parties/parties.service.ts';
import { getParties } from '../../modules/parties/parties.service.ts';
import { adres } from './betrokkenen.mapper.ts';
import { languageOf, partyKindOf, soortPartij, taalOf } from './codes.ts';
import { fkInput, orNull, type Urls } from './http.ts';
import { partijIdentificatorInput, toPartijIdentificator } from './partij-identificatoren.mapper.ts';
import { partyLinks } from './party-links.repo.ts';

const adresInput = adres;

const naamInput = z.object({
  voorletters: z.string().max(10).optional(),
  voornaam: z.string().max(200).optional(),
  voorvoegselAchternaam: z.string().max(10).optional(),
  achternaam: z.string().max(200).optional(),
});

export const partijInput = z.object({
  soortPartij: z.enum(['persoon', 'organisatie', 'contactpersoon']),
  nummer: z.string().max(10).nullish(),
  interneNotitie: z.string().max(1000).optional(),
  digitaleAdressen: z.array(fkInput).nullish(),
  voorkeursDigitaalAdres: fkInput.nullish(),
  rekeningnummers: z.array(fkInput).nullish(),
  voorkeursRekeningnummer: fkInput.nullish(),
  partijIdentificatoren: z.array(partijIdentificatorInput.omit({ identificeerdePartij: true })).nullish(),
  indicatieGeheimhouding: z.boolean().nullish(),
  voorkeurstaal: z.string().max(3).optional(),
  indicatieActief: z.boolean(),
  bezoekadres: adresInput,
  correspondentieadres: adresInput,
  partijIdentificatie: z
    .object({
      contactnaam: naamInput.nullish(),
      naam: z.string().max(200).optional(),
      werkteVoorPartij: fkInput.nullish(),
    })
    .nullish(),
});
export type PartijInput = z.infer<typeof partijInput>;
export const partijPatch = partijInput.partial();
export type PartijPatch = z.infer<typeof partijPatch>;

type AdresIn = z.infer<typeof adresInput>;

function addressFrom(a: NonNullable<AdresIn>) {
  const lines = [a.adresregel1, a.adresregel2, a.adresregel3].filter((l): l is string => !!l?.trim());
  return {
    street: orNull(a.straatnaam),
    houseNumber: a.huisnummer ?? null,
    houseNumberSuffix: orNull(a.huisnummertoevoeging),
    postcode: orNull(a.postcode),
    city: orNull(a.stad),
    country: orNull(a.land),
    addressLines: lines.length ? lines : null,
    bagId: orNull(a.nummeraanduidingId),
  };
}
const hasAddress = (a: AdresIn): a is NonNullable<AdresIn> =>
  !!a && Object.values(a).some((v) => v !== undefined && v !== null && v !== '');

/** The party fields (names, flags) of a partij; identifiers and addresses are handled separately. */
export function partyFieldsOf(p: PartijPatch): UpdatePartyInput {
  const n = p.partijIdentificatie;
  const naam = n?.contactnaam;
  return {
    ...(naam !== undefined
      ? {
          initials: orNull(naam?.voorletters),
          givenNames: orNull(naam?.voornaam),
          surnamePrefix: orNull(naam?.voorvoegselAchternaam),
          surname: orNull(naam?.achternaam),
        }
      : {}),
    ...(n?.naam !== undefined ? { organisationName: orNull(n.naam) } : {}),
    ...(n?.werkteVoorPartij !== undefined ? { organisationId: n.werkteVoorPartij?.uuid ?? null } : {}),
    ...(p.voorkeurstaal ? { language: languageOf(p.voorkeurstaal, 'voorkeurstaal') } : {}),
    ...(p.indicatieGeheimhouding !== undefined ? { confidential: p.indicatieGeheimhouding ?? false } : {}),
    ...(p.interneNotitie !== undefined ? { internalNote: orNull(p.interneNotitie) } : {}),
    ...(p.indicatieActief !== undefined ? { active: p.indicatieActief } : {}),
  };
}

export function createInputOf(p: PartijInput): CreatePartyInput {
  const { active: _active, ...fields } = partyFieldsOf(p);
  return {
    kind: partyKindOf[p.soortPartij],
    ...fields,
    identifiers: (p.partijIdentificatoren ?? []).map((i) => ({
      type: i.partijIdentificator.codeSoortObjectId,
      value: i.partijIdentificator.objectId,
    })),
    addresses: [
      ...(hasAddress(p.bezoekadres) ? [{ kind: 'visiting' as const, ...addressFrom(p.bezoekadres) }] : []),
      ...(hasAddress(p.correspondentieadres)
        ? [{ kind: 'correspondence' as const, ...addressFrom(p.correspondentieadres) }]
        : []),
    ],
  };
}

export const addressesOf = (p: PartijPatch) => ({
  visiting:
    p.bezoekadres === undefined ? undefined : hasAddress(p.bezoekadres) ? addressFrom(p.bezoekadres) : null,
  correspondence:
    p.correspondentieadres === undefined
      ? undefined
      : hasAddress(p.correspondentieadres)
        ? addressFrom(p.correspondentieadres)
        : null,
});

// ── Output ──────────────────────────────────────────────────────────────────

const defined = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  ) as Partial<T>;

function toAdres(a: PartyAddress | undefined) {
  if (!a) return null;
  const pc =
    a.postcode && /^\d{4}[A-Z]{2}$/.test(a.postcode)
      ? `${a.postcode.slice(0, 4)} ${a.postcode.slice(4)}`
      : null;
  return defined({
    nummeraanduidingId: a.bagId && /^\d{16}$/.test(a.bagId) ? a.bagId : null,
    straatnaam: a.street,
    huisnummer: a.houseNumber,
    huisnummertoevoeging: [a.houseLetter, a.houseNumberSuffix].filter(Boolean).join('') || null,
    postcode: pc,
    stad: a.city,
    adresregel1: a.addressLines?.[0],
    adresregel2: a.addressLines?.[1],
    adresregel3: a.addressLines?.[2],
    land: a.country,
  });
}

const contactnaamOf = (p: PartyDetails) => ({
  voorletters: p.initials ?? '',
  voornaam: p.givenNames ?? '',
  voorvoegselAchternaam: p.surnamePrefix ?? '',
  achternaam: p.surname ?? '',
});

/** Partijen in the order of `ids`, with every list the standard puts on a partij. */
export async function loadPartijen(db: Db, u: Urls, ids: string[]) {
  const [parties, links, involvements] = await Promise.all([
    getParties(db, ids),
    partyLinks(db, ids),
    involvementsOfParties(db, ids),
  ]);
  const byId = new Map(parties.map((p) => [p.id, p]));
  return ids
    .map((id) => byId.get(id))
    .filter((p): p is PartyDetails => !!p)
    .map((p) => {
      const preferred = p.digitalAddresses.find((d) => d.isPreferred);
      const accounts = links.accounts.filter((a) => a.partyId === p.id);
      const preferredAccount = accounts.find((a) => a.isPreferred);
      const base = {
        uuid: p.id,
        url: u.url('partijen', p.id),
        nummer: p.number.slice(-10),
        interneNotitie: p.internalNote ?? '',
        betrokkenen: involvements.filter((i) => i.partyId === p.id).map((i) => u.fk('betrokkenen', i.id)),
        categorieRelaties: links.relations
          .filter((r) => r.partyId === p.id)
          .map((r) => ({
            ...u.fk('categorie-relaties', r.id),
            categorieNaam: r.categoryName,
            beginDatum: r.startDate,
            eindDatum: r.endDate,
          })),
        digitaleAdressen: p.digitalAddresses.map((d) => u.fk('digitaleadressen', d.id)),
        voorkeursDigitaalAdres: preferred ? u.fk('digitaleadressen', preferred.id) : null,
        vertegenwoordigden: links.representations
          .filter((r) => r.representingPartyId === p.id)
          .map((r) => u.fk('partijen', r.representedPartyId)),
        rekeningnummers: accounts.map((a) => u.fk('rekeningnummers', a.id)),
        voorkeursRekeningnummer: preferredAccount ? u.fk('rekeningnummers', preferredAccount.id) : null,
        partijIdentificatoren: p.identifiers.map((i) =>
          toPartijIdentificator(u, { ...i, partyId: p.id }, p.identifiers),
        ),
        soortPartij: soortPartij[p.kind],
        indicatieGeheimhouding: p.confidential,
        voorkeurstaal: taalOf(p.language),
        indicatieActief: p.active,
        bezoekadres: toAdres(p.addresses.find((a) => a.kind === 'visiting')),
        correspondentieadres: toAdres(p.addresses.find((a) => a.kind === 'correspondence')),
      };
      const partijIdentificatie =
        p.kind === 'organisation'
          ? { naam: p.organisationName ?? p.displayName }
          : p.kind === 'person'
            ? { contactnaam: contactnaamOf(p), volledigeNaam: p.displayName }
            : {
                uuid: p.id,
                werkteVoorPartij: p.organisationId ? u.fk('partijen', p.organisationId) : null,
                contactnaam: contactnaamOf(p),
                volledigeNaam: p.displayName,
              };
      return { ...base, partijIdentificatie };
    });
}

export type Partij = Awaited<ReturnType<typeof loadPartijen>>[number];
