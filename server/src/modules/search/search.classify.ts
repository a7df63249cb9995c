// What did the employee type in the one search box? Pure: recognises identifiers, postcode +
// house number, phone numbers and e-mail addresses; anything else is a name (or free text).
import {
  isValidBsn,
  isValidKvkNummer,
  isValidVestigingsnummer,
  normaliseEmail,
  normaliseIdentifier,
  normalisePhone,
  normalisePostcode,
  parseHouseNumber,
  searchName,
} from '../parties/validation.ts';

export type SearchKind =
  | 'bsn'
  | 'kvk'
  | 'vestigingsnummer'
  | 'postcode'
  | 'phone'
  | 'email'
  | 'name'
  | 'text';

export type ClassifiedQuery =
  /** 9 digits passing the 11-proof: a BSN or an RSIN (same check), both are searched. */
  | { kind: 'bsn'; value: string }
  | { kind: 'kvk'; value: string }
  | { kind: 'vestigingsnummer'; value: string }
  | {
      kind: 'postcode';
      postcode: string;
      houseNumber: number | null;
      houseLetter: string | null;
      suffix: string | null;
    }
  | { kind: 'phone'; value: string }
  | { kind: 'email'; value: string }
  /** Letters: first tried as a party name (search_name form), else as free text over contacts. */
  | { kind: 'name'; value: string; text: string };

// '1234AB', '1234 ab 5', '1234AB5', '1234 AB 5-a', '1234ab, 12 bis'
const postcodePattern = /^([1-9]\d{3})\s*([a-zA-Z]{2})(?:\s*,?\s*(\d.*))?$/;

export function classifyQuery(input: string): ClassifiedQuery {
  const q = input.trim().replace(/\s+/g, ' ');

  if (q.includes('@')) {
    const email = normaliseEmail(q);
    if (email) return { kind: 'email', value: email };
  }

  if (/^[\d\s.-]+$/.test(q)) {
    const digits = normaliseIdentifier(q);
    if (digits.length === 9 && isValidBsn(digits)) return { kind: 'bsn', value: digits };
    if (digits.length === 8 && isValidKvkNummer(digits)) return { kind: 'kvk', value: digits };
    if (digits.length === 12 && isValidVestigingsnummer(digits))
      return { kind: 'vestigingsnummer', value: digits };
  }

  const pc = postcodePattern.exec(q);
  if (pc) {
    const postcode = normalisePostcode(`${pc[1]}${pc[2]}`);
    const house = pc[3] ? parseHouseNumber(pc[3]) : null;
    if (postcode && (!pc[3] || house)) {
      return {
        kind: 'postcode',
        postcode,
        houseNumber: house?.houseNumber ?? null,
        houseLetter: house?.houseLetter ?? null,
        suffix: house?.suffix ?? null,
      };
    }
  }

  if (/^\+?[\d\s()./-]+$/.test(q) && q.replace(/\D/g, '').length >= 8) {
    const phone = normalisePhone(q);
    if (phone) return { kind: 'phone', value: phone };
  }

  return { kind: 'name', value: searchName(q), text: q };
}
