// Request and response shapes of the parties API; the service takes the inferred types.
// Structure is checked here; Dutch domain rules (11-proof, postcode, phone) in the service.
import { z } from 'zod';

export const partyKinds = ['person', 'organisation', 'contact_person'] as const;
export const identifierTypes = ['bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin'] as const;
export const addressKinds = ['visiting', 'correspondence'] as const;
export const digitalAddressKinds = ['email', 'phone', 'other'] as const;

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullish();

export const identifierInput = z.object({
  type: z.enum(identifierTypes),
  value: z.string().min(1).max(40),
});

export const addressInput = z.object({
  street: optionalText(200),
  /** A number, or as typed ('12-3hg'): then letter and toevoeging are read from it. */
  houseNumber: z.union([z.number().int().min(1).max(99999), z.string().max(20)]).nullish(),
  houseLetter: optionalText(1),
  houseNumberSuffix: optionalText(4),
  postcode: optionalText(10),
  city: optionalText(100),
  /** ISO 3166-1 alpha-2; default 'NL'. */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .nullish(),
  /** Free-form lines for a foreign address. */
  addressLines: z.array(text(200)).max(6).nullish(),
  bagId: optionalText(40),
});

export const createAddressInput = addressInput.extend({ kind: z.enum(addressKinds) });

export const digitalAddressInput = z.object({
  kind: z.enum(digitalAddressKinds),
  value: z.string().min(1).max(254),
  label: optionalText(100),
  isPreferred: z.boolean().optional(),
  verifiedAt: z.iso.datetime({ offset: true }).nullish(),
});

export const digitalAddressPatch = digitalAddressInput.omit({ kind: true }).partial();

const partyFields = {
  initials: optionalText(20),
  givenNames: optionalText(200),
  surnamePrefix: optionalText(20),
  surname: optionalText(200),
  birthDate: z.iso.date().nullish(),
  organisationName: optionalText(200),
  organisationId: z.uuid().nullish(),
  preferredChannel: z.string().max(40).nullish(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
  confidential: z.boolean().optional(),
  internalNote: optionalText(2000),
};

export const createPartyInput = z.object({
  kind: z.enum(partyKinds),
  ...partyFields,
  identifiers: z.array(identifierInput).max(10).optional(),
  addresses: z.array(createAddressInput).max(2).optional(),
  digitalAddresses: z.array(digitalAddressInput).max(20).optional(),
});

export const updatePartyInput = z.object({ ...partyFields, active: z.boolean().optional() });

export const mergeInput = z.object({ duplicateId: z.string().min(1).max(100) });

export type IdentifierType = (typeof identifierTypes)[number];
export type AddressKind = (typeof addressKinds)[number];
export type DigitalAddressKind = (typeof digitalAddressKinds)[number];
export type IdentifierInput = z.infer<typeof identifierInput>;
export type AddressInput = z.infer<typeof addressInput>;
export type CreateAddressInput = z.infer<typeof createAddressInput>;
export type DigitalAddressInput = z.infer<typeof digitalAddressInput>;
export type DigitalAddressPatch = z.infer<typeof digitalAddressPatch>;
export type CreatePartyInput = z.infer<typeof createPartyInput>;
export type UpdatePartyInput = z.infer<typeof updatePartyInput>;

// ── Responses ────────────────────────────────────────────────────────────────
export const partyIdentifier = z.object({ id: z.uuid(), type: z.enum(identifierTypes), value: z.string() });

export const partyAddress = z.object({
  id: z.uuid(),
  kind: z.enum(addressKinds),
  street: z.string().nullable(),
  houseNumber: z.number().nullable(),
  houseLetter: z.string().nullable(),
  houseNumberSuffix: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string(),
  addressLines: z.array(z.string()).nullable(),
  bagId: z.string().nullable(),
});

export const digitalAddress = z.object({
  id: z.uuid(),
  kind: z.enum(digitalAddressKinds),
  value: z.string(),
  label: z.string().nullable(),
  isPreferred: z.boolean(),
  verifiedAt: z.string().nullable(),
});

export const partyDetails = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(partyKinds),
  initials: z.string().nullable(),
  givenNames: z.string().nullable(),
  surnamePrefix: z.string().nullable(),
  surname: z.string().nullable(),
  birthDate: z.string().nullable(),
  organisationName: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  displayName: z.string(),
  preferredChannel: z.string().nullable(),
  language: z.string(),
  confidential: z.boolean(),
  active: z.boolean(),
  internalNote: z.string().nullable(),
  mergedInto: z.uuid().nullable(),
  identifiers: z.array(partyIdentifier),
  addresses: z.array(partyAddress),
  digitalAddresses: z.array(digitalAddress),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type PartyIdentifier = z.infer<typeof partyIdentifier>;
export type PartyAddress = z.infer<typeof partyAddress>;
export type DigitalAddress = z.infer<typeof digitalAddress>;
export type PartyDetails = z.infer<typeof partyDetails>;
