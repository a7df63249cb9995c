// Domain rules for party input: which fields a kind of party has, Dutch identifier checks,
// address and digital-address normalisation. Every problem names its field (with the caller's
// prefix, e.g. 'identifiers.0.value') and carries a Dutch reason.
import { AppError, type InvalidParam } from '../../platform/errors.ts';
import type {
  AddressInput,
  DigitalAddressKind,
  IdentifierInput,
  IdentifierType,
  UpdatePartyInput,
} from './parties.schemas.ts';
import {
  isValidBsn,
  isValidKvkNummer,
  isValidRsin,
  isValidVestigingsnummer,
  normaliseEmail,
  normaliseIdentifier,
  normalisePhone,
  normalisePostcode,
  parseHouseNumber,
  searchName,
} from './validation.ts';

export type PartyKind = 'person' | 'organisation' | 'contact_person';

/** Collects problems so one answer names every wrong field. */
export type Problems = InvalidParam[];

export function add(problems: Problems, name: string, reason: string, code = 'invalid') {
  problems.push({ name, code, reason });
}

export function throwIfAny(problems: Problems) {
  if (problems.length === 0) return;
  const detail =
    problems.length === 1
      ? (problems[0] as InvalidParam).reason
      : `Ongeldige invoer in: ${problems.map((p) => p.name).join(', ')}.`;
  throw new AppError('invalid', detail, problems);
}

export const identifierLabel: Record<IdentifierType, string> = {
  bsn: 'BSN',
  kvk_nummer: 'KvK-nummer',
  vestigingsnummer: 'vestigingsnummer',
  rsin: 'RSIN',
};

const typesByKind: Record<PartyKind, IdentifierType[]> = {
  person: ['bsn'],
  organisation: ['kvk_nummer', 'vestigingsnummer', 'rsin'],
  contact_person: [],
};

/** BSN, vestigingsnummer and RSIN point at one party; a KvK-nummer may be shared by branches. */
export const uniqueIdentifierTypes: IdentifierType[] = ['bsn', 'vestigingsnummer', 'rsin'];

export function checkIdentifier(
  kind: PartyKind,
  input: IdentifierInput,
  at: string,
  problems: Problems,
): { type: IdentifierType; value: string } | null {
  const value = normaliseIdentifier(input.value);
  if (!typesByKind[kind].includes(input.type)) {
    const reason =
      kind === 'person'
        ? 'Een persoon heeft alleen een BSN als identificator.'
        : kind === 'organisation'
          ? 'Een organisatie heeft een KvK-nummer, vestigingsnummer of RSIN, geen BSN.'
          : 'Een contactpersoon heeft geen identificatoren.';
    add(problems, `${at}type`, reason);
    return null;
  }
  const reason = identifierProblem(input.type, value);
  if (reason) {
    add(problems, `${at}value`, reason);
    return null;
  }
  return { type: input.type, value };
}

function identifierProblem(type: IdentifierType, value: string): string | null {
  switch (type) {
    case 'bsn':
      if (!/^\d{9}$/.test(value)) return 'Ongeldig BSN: een BSN heeft 9 cijfers.';
      return isValidBsn(value) ? null : 'Ongeldig BSN: voldoet niet aan de elfproef.';
    case 'rsin':
      if (!/^\d{9}$/.test(value)) return 'Ongeldig RSIN: een RSIN heeft 9 cijfers.';
      return isValidRsin(value) ? null : 'Ongeldig RSIN: voldoet niet aan de elfproef.';
    case 'kvk_nummer':
      return isValidKvkNummer(value) ? null : 'Ongeldig KvK-nummer: een KvK-nummer heeft 8 cijfers.';
    case 'vestigingsnummer':
      return isValidVestigingsnummer(value)
        ? null
        : 'Ongeldig vestigingsnummer: een vestigingsnummer heeft 12 cijfers.';
  }
}

export type AddressFields = {
  street: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  address_lines: string[] | null;
  bag_id: string | null;
};

const blank = (s: string | null | undefined): string | null =>
  s == null || s.trim() === '' ? null : s.trim();

/** A Dutch address needs a valid postcode and a house number; a foreign one needs lines or a city. */
export function checkAddress(input: AddressInput, at: string, problems: Problems): AddressFields | null {
  const before = problems.length;
  const country = (input.country ?? 'NL').toUpperCase();
  let houseNumber: number | null = null;
  let houseLetter = blank(input.houseLetter);
  let suffix = blank(input.houseNumberSuffix);
  if (typeof input.houseNumber === 'number') houseNumber = input.houseNumber;
  else if (blank(input.houseNumber)) {
    const parsed = parseHouseNumber(input.houseNumber as string);
    if (!parsed)
      add(problems, `${at}houseNumber`, 'Ongeldig huisnummer, verwacht bijvoorbeeld 12, 12a of 12-3hg.');
    else {
      houseNumber = parsed.houseNumber;
      houseLetter ??= parsed.houseLetter;
      suffix ??= parsed.suffix;
    }
  }
  if (houseLetter && !/^[a-zA-Z]$/.test(houseLetter))
    add(problems, `${at}houseLetter`, 'Een huisletter is één letter.');
  if (suffix && !/^[a-zA-Z0-9]{1,4}$/.test(suffix))
    add(problems, `${at}houseNumberSuffix`, 'Een huisnummertoevoeging is hoogstens 4 letters of cijfers.');

  let postcode = blank(input.postcode);
  const lines = (input.addressLines ?? []).map((l) => l.trim()).filter((l) => l !== '');
  if (country === 'NL') {
    if (!postcode) add(problems, `${at}postcode`, 'Postcode is verplicht voor een Nederlands adres.');
    else {
      const normal = normalisePostcode(postcode);
      if (!normal)
        add(
          problems,
          `${at}postcode`,
          'Ongeldige postcode: verwacht 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.',
        );
      postcode = normal;
    }
    if (houseNumber === null && !problems.some((p) => p.name === `${at}houseNumber`))
      add(problems, `${at}houseNumber`, 'Huisnummer is verplicht voor een Nederlands adres.');
  } else if (lines.length === 0 && !blank(input.city)) {
    add(problems, `${at}addressLines`, 'Geef de adresregels of de plaats van een buitenlands adres.');
  }
  if (problems.length > before) return null;
  return {
    street: blank(input.street),
    house_number: houseNumber,
    house_letter: houseLetter?.toUpperCase() ?? null,
    house_number_suffix: suffix,
    postcode,
    city: blank(input.city),
    country,
    address_lines: lines.length > 0 ? lines : null,
    bag_id: blank(input.bagId),
  };
}

export function checkDigitalAddress(
  kind: DigitalAddressKind,
  value: string,
  at: string,
  problems: Problems,
): string | null {
  if (kind === 'email') {
    const email = normaliseEmail(value);
    if (!email) add(problems, `${at}value`, 'Ongeldig e-mailadres.');
    return email;
  }
  if (kind === 'phone') {
    const phone = normalisePhone(value);
    if (!phone) add(problems, `${at}value`, 'Ongeldig telefoonnummer.');
    return phone;
  }
  const other = value.trim();
  if (!other) add(problems, `${at}value`, 'Dit veld is verplicht.');
  return other || null;
}

/** The name fields of a party after create or patch, in column names. */
export type NameFields = {
  initials: string | null;
  given_names: string | null;
  surname_prefix: string | null;
  surname: string | null;
  birth_date: string | null;
  organisation_name: string | null;
  organisation_id: string | null;
};

/** 'JP' → 'J.P.'; anything with dots or longer ('Th.') is kept as typed. */
export function formatInitials(initials: string | null): string | null {
  if (!initials) return null;
  return /^[a-zA-Z]{1,6}$/.test(initials)
    ? initials
        .toUpperCase()
        .split('')
        .map((c) => `${c}.`)
        .join('')
    : initials;
}

export function namesFrom(input: UpdatePartyInput, base?: NameFields): NameFields {
  const pick = <K extends keyof UpdatePartyInput>(key: K, col: keyof NameFields) =>
    input[key] === undefined ? (base?.[col] ?? null) : blank(input[key] as string | null);
  return {
    initials: formatInitials(pick('initials', 'initials')),
    given_names: pick('givenNames', 'given_names'),
    surname_prefix: pick('surnamePrefix', 'surname_prefix'),
    surname: pick('surname', 'surname'),
    birth_date: pick('birthDate', 'birth_date'),
    organisation_name: pick('organisationName', 'organisation_name'),
    organisation_id: pick('organisationId', 'organisation_id'),
  };
}

/** Which name fields a kind of party must and must not have. */
export function checkNames(kind: PartyKind, n: NameFields, problems: Problems, today?: Date) {
  const forbid = (value: string | null, field: string, reason: string) => {
    if (value !== null) add(problems, field, reason);
  };
  if (kind === 'organisation') {
    if (!n.organisation_name) add(problems, 'organisationName', 'Organisatienaam is verplicht.', 'required');
    const reason = 'Een organisatie heeft geen persoonsnaam of geboortedatum.';
    forbid(n.initials, 'initials', reason);
    forbid(n.given_names, 'givenNames', reason);
    forbid(n.surname_prefix, 'surnamePrefix', reason);
    forbid(n.surname, 'surname', reason);
    forbid(n.birth_date, 'birthDate', reason);
    forbid(n.organisation_id, 'organisationId', 'Alleen een contactpersoon hoort bij een organisatie.');
    return;
  }
  if (!n.surname) add(problems, 'surname', 'Achternaam is verplicht.', 'required');
  forbid(n.organisation_name, 'organisationName', 'Alleen een organisatie heeft een organisatienaam.');
  if (kind === 'person')
    forbid(n.organisation_id, 'organisationId', 'Alleen een contactpersoon hoort bij een organisatie.');
  if (kind === 'contact_person' && !n.organisation_id)
    add(problems, 'organisationId', 'Een contactpersoon hoort bij een organisatie.', 'required');
  if (n.birth_date && today && n.birth_date > today.toISOString().slice(0, 10))
    add(problems, 'birthDate', 'Geboortedatum ligt in de toekomst.');
}

/** 'Jan van der Berg' with given names, 'J. van der Berg' with only initials; organisations by name. */
export function displayName(kind: PartyKind, n: NameFields): string {
  if (kind === 'organisation') return n.organisation_name ?? '';
  return [n.given_names ?? n.initials, n.surname_prefix, n.surname].filter(Boolean).join(' ');
}

export function searchNameOf(kind: PartyKind, n: NameFields): string {
  if (kind === 'organisation') return searchName(n.organisation_name ?? '');
  return searchName([n.given_names, n.initials, n.surname_prefix, n.surname].filter(Boolean).join(' '));
}
