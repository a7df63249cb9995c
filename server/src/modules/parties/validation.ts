// Pure checks and normalisations for Dutch party data. No database, no I/O: used by the parties
// service, by search (to recognise what was typed) and by adapters.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const digitsOnly = (s: string): string => s.replace(/[\s.-]/g, '');

/** The 11-proof (elfproef) for BSN and RSIN: weights 9..2 and -1 for the last digit. */
function passesElevenProof(s: string): boolean {
  if (!/^\d{9}$/.test(s) || /^0+$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(s[i]) * (9 - i);
  sum -= Number(s[8]);
  return sum % 11 === 0;
}

export const isValidBsn = (s: string): boolean => passesElevenProof(s);
export const isValidRsin = (s: string): boolean => passesElevenProof(s);
export const isValidKvkNummer = (s: string): boolean => /^\d{8}$/.test(s);
export const isValidVestigingsnummer = (s: string): boolean => /^\d{12}$/.test(s);

/** Identifiers are typed with spaces, dots or dashes ('1234.56.782'); stored as digits only. */
export const normaliseIdentifier = (s: string): string => digitsOnly(s.trim());

/** '1234 ab' → '1234AB'; null when not a Dutch postcode (no leading 0; SA, SD and SS are not issued). */
export function normalisePostcode(s: string): string | null {
  const m = /^([1-9]\d{3})\s*([a-zA-Z]{2})$/.exec(s.trim());
  if (!m) return null;
  const letters = (m[2] as string).toUpperCase();
  if (letters === 'SA' || letters === 'SD' || letters === 'SS') return null;
  return `${m[1]}${letters}`;
}

export type HouseNumber = { houseNumber: number; houseLetter: string | null; suffix: string | null };

/**
 * A house number as people type it: '5', '5a', '5-a', '12 A', '5 bis', '12-3hg', '7a-2'.
 * A single letter right after the number is the house letter (huisletter, upper-cased);
 * what follows is the toevoeging (at most 4 letters or digits, as BAG allows).
 */
export function parseHouseNumber(s: string): HouseNumber | null {
  const m =
    /^(\d{1,5})(?!\d)(?:\s*[-\s]?\s*([a-zA-Z])(?![a-zA-Z]))?(?:\s*[-\s/]?\s*([a-zA-Z0-9]{1,4}))?$/.exec(
      s.trim(),
    );
  if (!m) return null;
  const houseNumber = Number(m[1]);
  if (houseNumber < 1) return null;
  return { houseNumber, houseLetter: m[2] ? m[2].toUpperCase() : null, suffix: m[3] ?? null };
}

/** Any Dutch (or international) notation → E.164, e.g. '06-12345678' → '+31612345678'. */
export function normalisePhone(s: string): string | null {
  if (!/^[\d\s+()./-]{3,30}$/.test(s.trim())) return null;
  const parsed = parsePhoneNumberFromString(s.trim(), 'NL');
  return parsed?.isValid() ? parsed.number : null;
}

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by verifying.
const emailPattern = /^[^\s@"(),:;<>[\]\\]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

export function normaliseEmail(s: string): string | null {
  const e = s.trim().toLowerCase();
  if (e.length > 254 || !emailPattern.test(e)) return null;
  const local = e.slice(0, e.lastIndexOf('@'));
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return e;
}

/** Lower-case, accents stripped, whitespace collapsed: for parties.search_name and for queries. */
export function searchName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
