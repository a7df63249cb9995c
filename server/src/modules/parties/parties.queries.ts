// Reads of parties and their sub-records, and the mapping from rows to the API shape.
// Reads never write the processing log: the caller does, with logRead in the same transaction.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  DigitalAddressesTable,
  PartiesTable,
  PartyAddressesTable,
  PartyIdentifiersTable,
} from '../../db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './parties.repo.ts';
import type {
  DigitalAddress,
  IdentifierType,
  PartyAddress,
  PartyDetails,
  PartyIdentifier,
} from './parties.schemas.ts';
import { normaliseEmail, normaliseIdentifier, normalisePhone } from './validation.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => uuidPattern.test(s);

// ── Mapping rows to the API shape ───────────────────────────────────────────
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export const toIdentifier = (
  r: Pick<Selectable<PartyIdentifiersTable>, 'id' | 'type' | 'value'>,
): PartyIdentifier => ({
  id: r.id,
  type: r.type,
  value: r.value,
});

export const toAddress = (r: Omit<Selectable<PartyAddressesTable>, 'created_at'>): PartyAddress => ({
  id: r.id,
  kind: r.kind,
  street: r.street,
  houseNumber: r.house_number,
  houseLetter: r.house_letter,
  houseNumberSuffix: r.house_number_suffix,
  postcode: r.postcode,
  city: r.city,
  country: r.country,
  addressLines: r.address_lines,
  bagId: r.bag_id,
});

export const toDigitalAddress = (
  r: Omit<Selectable<DigitalAddressesTable>, 'created_at' | 'verified_at'> & {
    verified_at: Date | string | null;
  },
): DigitalAddress => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  label: r.label,
  isPreferred: r.is_preferred,
  verifiedAt: iso(r.verified_at),
});

function toDetails(
  p: Selectable<PartiesTable>,
  identifiers: PartyIdentifier[],
  addresses: PartyAddress[],
  digitalAddresses: DigitalAddress[],
): PartyDetails {
  return {
    id: p.id,
    number: p.number,
    kind: p.kind,
    initials: p.initials,
    givenNames: p.given_names,
    surnamePrefix: p.surname_prefix,
    surname: p.surname,
    birthDate: p.birth_date,
    organisationName: p.organisation_name,
    organisationId: p.organisation_id,
    displayName: p.display_name,
    preferredChannel: p.preferred_channel,
    language: p.language,
    confidential: p.confidential,
    active: p.active,
    internalNote: p.internal_note,
    mergedInto: p.merged_into,
    identifiers,
    addresses,
    digitalAddresses,
    createdAt: iso(p.created_at) as string,
    updatedAt: iso(p.updated_at) as string,
  };
}

// ── Reads ───────────────────────────────────────────────────────────────────

/** Batch read in one statement; unknown or malformed ids are left out; order not guaranteed. */
export async function getParties(db: Db, ids: string[]): Promise<PartyDetails[]> {
  const rows = await repo.selectPartiesWithChildren(db, [...new Set(ids.filter(isUuid))]);
  return rows.map(({ identifiers, addresses, digital_addresses, ...p }) =>
    toDetails(
      p,
      identifiers.map(toIdentifier),
      addresses.map(toAddress),
      digital_addresses.map(toDigitalAddress),
    ),
  );
}

/** Name and state of parties (a screen pop, a match): one light query, no identifiers or addresses. */
export async function getPartyStates(db: Db, ids: string[]) {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return [];
  const rows = await repo.selectPartyStates(db, valid);
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    active: r.active,
    mergedInto: r.merged_into,
  }));
}

/** Throws notFound('Partij'); does not write the processing log (callers do). */
export async function getParty(db: Db, id: string): Promise<PartyDetails> {
  const [party] = await getParties(db, [id]);
  if (!party) throw notFound('Partij');
  return party;
}

/** The party plus every party merged into it (recursively): whose contacts show on its timeline. */
export async function partyIdsForTimeline(db: Db, id: string): Promise<string[]> {
  if (!isUuid(id)) throw notFound('Partij');
  const ids = await repo.mergedPartyIds(db, id);
  if (ids.length === 0) throw notFound('Partij');
  return ids;
}

export async function findPartyIdByIdentifier(
  db: Db,
  type: IdentifierType,
  value: string,
): Promise<string | null> {
  const owners = await repo.findIdentifierOwners(db, type, normaliseIdentifier(value));
  return owners[0]?.party_id ?? null;
}

/**
 * The parties that have these addresses (any, verified or not), typed in any notation: per address
 * normalised (E.164, lower case) → party ids; an address that does not parse is left out.
 */
export async function findPartyIdsByDigitalAddresses(
  db: Db,
  kind: 'email' | 'phone',
  values: string[],
): Promise<Map<string, string[]>> {
  const normal = [
    ...new Set(
      values
        .map((v) => (kind === 'email' ? normaliseEmail(v) : normalisePhone(v)))
        .filter((v): v is string => !!v),
    ),
  ];
  const owners = new Map<string, string[]>(normal.map((v) => [v, []]));
  if (normal.length === 0) return owners;
  for (const r of await repo.findDigitalAddressOwnersOf(db, kind, normal))
    owners.get(r.value)?.push(r.party_id as string);
  return owners;
}

/**
 * The one active party that verified this e-mail address, or null when none or several did: mail
 * from a shared or unverified address must not be filed under (or answered with) someone's data.
 */
export async function findPartyIdByVerifiedEmail(db: Db, email: string): Promise<string | null> {
  const normal = normaliseEmail(email);
  if (!normal) return null;
  const rows = await repo.findVerifiedEmailOwners(db, normal);
  return rows.length === 1 ? (rows[0]?.id ?? null) : null;
}

/**
 * The one active party that verified this phone number (any notation), or null when none or several
 * did: a message from a shared or unverified number must not be filed under someone's name.
 */
export async function findPartyIdByVerifiedPhone(db: Db, phone: string): Promise<string | null> {
  const normal = normalisePhone(phone);
  if (!normal) return null;
  return (await findPartyIdsByVerifiedPhones(db, [normal])).get(normal) ?? null;
}

/** findPartyIdByVerifiedPhone for many numbers in one query: by normalised number, null when none or several. */
export async function findPartyIdsByVerifiedPhones(
  db: Db,
  phones: string[],
): Promise<Map<string, string | null>> {
  const normal = [...new Set(phones.map((p) => normalisePhone(p)).filter((p): p is string => !!p))];
  const owners = new Map<string, string[]>(normal.map((p) => [p, []]));
  if (normal.length > 0) {
    for (const row of await repo.findVerifiedPhoneOwnersOf(db, normal)) owners.get(row.value)?.push(row.id);
  }
  return new Map([...owners].map(([phone, ids]) => [phone, ids.length === 1 ? (ids[0] as string) : null]));
}
