// Betrokkene ⇄ the contacts module's involvements (contact_parties); name and address as told
// during the contact live in the involvement's details, with English keys.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { findInvolvements, type Involvement } from '../../modules/contacts/contacts.listing.ts';
import { digitalAddressIdsOfInvolvements } from './extras.repo.ts';
import { fkInput, fkInputNullable, orNull, type Urls } from './http.ts';

/** bezoekadres / correspondentieadres as the standard has them (partij and betrokkene alike). */
export const adres = z
  .object({
    nummeraanduidingId: z.string().max(16).optional(),
    straatnaam: z.string().max(255).optional(),
    huisnummer: z.number().int().min(1).max(99999).nullish(),
    huisnummertoevoeging: z.string().max(20).optional(),
    postcode: z.string().max(7).optional(),
    stad: z.string().max(255).optional(),
    adresregel1: z.string().max(80).optional(),
    adresregel2: z.string().max(80).optional(),
    adresregel3: z.string().max(80).optional(),
    land: z.string().max(2).optional(),
  })
  .nullish();

export const betrokkeneFields = {
  wasPartij: fkInputNullable,
  bezoekadres: adres,
  correspondentieadres: adres,
  contactnaam: z
    .object({
      voorletters: z.string().max(10).optional(),
      voornaam: z.string().max(200).optional(),
      voorvoegselAchternaam: z.string().max(10).optional(),
      achternaam: z.string().max(200).optional(),
    })
    .nullish(),
  rol: z.enum(['vertegenwoordiger', 'klant']),
  organisatienaam: z.string().max(200).optional(),
  initiator: z.boolean(),
};
export const betrokkeneInput = z.object({ hadKlantcontact: fkInput, ...betrokkeneFields });
export const betrokkenePatch = betrokkeneInput.partial();
export type BetrokkeneInput = z.infer<typeof betrokkenePatch>;

type AdresIn = z.infer<typeof adres>;
const addressKeys = [
  ['nummeraanduidingId', 'bagId'],
  ['straatnaam', 'street'],
  ['huisnummer', 'houseNumber'],
  ['huisnummertoevoeging', 'houseNumberSuffix'],
  ['postcode', 'postcode'],
  ['stad', 'city'],
  ['adresregel1', 'line1'],
  ['adresregel2', 'line2'],
  ['adresregel3', 'line3'],
  ['land', 'country'],
] as const;

function addressIn(a: AdresIn): Record<string, unknown> | null {
  if (!a) return null;
  const out: Record<string, unknown> = {};
  for (const [nl, en] of addressKeys)
    if (a[nl] !== undefined && a[nl] !== null && a[nl] !== '') out[en] = a[nl];
  return Object.keys(out).length ? out : null;
}
function addressOut(a: unknown) {
  if (!a || typeof a !== 'object') return null;
  const r = a as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [nl, en] of addressKeys) if (r[en] !== undefined && r[en] !== null) out[nl] = r[en];
  if (typeof out.postcode === 'string' && /^\d{4}[A-Z]{2}$/.test(out.postcode))
    out.postcode = `${out.postcode.slice(0, 4)} ${out.postcode.slice(4)}`;
  if (typeof out.postcode === 'string' && !/^[1-9][0-9]{3} [A-Z]{2}$/.test(out.postcode)) delete out.postcode;
  if (typeof out.nummeraanduidingId === 'string' && !/^\d{16}$/.test(out.nummeraanduidingId))
    delete out.nummeraanduidingId;
  return out;
}

/** The involvement details (name, organisation, addresses as told), merged over what was there. */
export function detailsOf(
  b: BetrokkeneInput,
  current: Record<string, unknown> = {},
): Record<string, unknown> {
  const d: Record<string, unknown> = { ...current };
  if (b.contactnaam !== undefined) {
    const n = b.contactnaam;
    d.name = n
      ? {
          initials: orNull(n.voorletters),
          givenNames: orNull(n.voornaam),
          surnamePrefix: orNull(n.voorvoegselAchternaam),
          surname: orNull(n.achternaam),
        }
      : null;
  }
  if (b.organisatienaam !== undefined) d.organisationName = orNull(b.organisatienaam);
  if (b.bezoekadres !== undefined) d.visitingAddress = addressIn(b.bezoekadres);
  if (b.correspondentieadres !== undefined) d.correspondenceAddress = addressIn(b.correspondentieadres);
  return d;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function toBetrokkene(u: Urls, i: Involvement, digitalAddressIds: string[]) {
  const name = (i.details.name ?? {}) as Record<string, unknown>;
  const contactnaam = {
    voorletters: str(name.initials),
    voornaam: str(name.givenNames),
    voorvoegselAchternaam: str(name.surnamePrefix),
    achternaam: str(name.surname),
  };
  const volledigeNaam = [
    contactnaam.voornaam || contactnaam.voorletters,
    contactnaam.voorvoegselAchternaam,
    contactnaam.achternaam,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    uuid: i.id,
    url: u.url('betrokkenen', i.id),
    wasPartij: u.fkOrNull('partijen', i.partyId),
    hadKlantcontact: u.fk('klantcontacten', i.contactId),
    digitaleAdressen: digitalAddressIds.map((d) => u.fk('digitaleadressen', d)),
    bezoekadres: addressOut(i.details.visitingAddress),
    correspondentieadres: addressOut(i.details.correspondenceAddress),
    contactnaam,
    volledigeNaam: volledigeNaam || str(i.details.organisationName),
    rol: i.role === 'vertegenwoordiger' ? ('vertegenwoordiger' as const) : ('klant' as const),
    organisatienaam: str(i.details.organisationName),
    initiator: i.initiator,
  };
}

export async function mapBetrokkenen(db: Db, u: Urls, list: Involvement[]) {
  const given = await digitalAddressIdsOfInvolvements(
    db,
    list.map((i) => i.id),
  );
  return list.map((i) =>
    toBetrokkene(
      u,
      i,
      given.filter((g) => g.involvement_id === i.id).map((g) => g.digital_address_id),
    ),
  );
}

/** In the order of `ids`. */
export async function loadBetrokkenen(db: Db, u: Urls, ids: string[]) {
  const mapped = await mapBetrokkenen(db, u, await findInvolvements(db, ids));
  return ids.map((id) => mapped.find((m) => m.uuid === id)).filter((m): m is Betrokkene => !!m);
}

export type Betrokkene = ReturnType<typeof toBetrokkene>;
