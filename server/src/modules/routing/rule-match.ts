// Does a routing rule's conditions hold for a message? Pure functions, no database.
// All given conditions must hold; within one condition any listed value is enough.
import type { RuleConditions } from './routing.tables.ts';

export type MatchFacts = {
  channel: string;
  address: string | null;
  reasonCode: string | null;
  subject: string;
  body: string;
  party: { kind: string; hasKvkNummer: boolean; postcodes: string[] } | null;
  /** The words of subject and body, filled in by the first keyword rule. */
  words?: string[];
};

/** Lower case, accents off (café → cafe, ë → e), so Dutch words match however they were typed. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text: runs of letters and digits ('WOZ-waarde' → ['woz', 'waarde']). */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A keyword matches whole words, case-insensitively: 'woz' matches "WOZ-beschikking" but not "wozzel".
 * A phrase ('grof vuil') matches those words in a row; a trailing '*' matches a word's start, which
 * Dutch compounds need ('belasting*' matches "belastingaanslag").
 */
export function keywordMatches(keyword: string, text: string[]): boolean {
  const parts = words(keyword.replace(/\*\s*$/, ''));
  if (parts.length === 0) return false;
  const prefix = /\*\s*$/.test(keyword);
  const last = parts.length - 1;
  for (let i = 0; i + last < text.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const w = text[i + j] as string;
      const p = parts[j] as string;
      ok = j === last && prefix ? w.startsWith(p) : w === p;
    }
    if (ok) return true;
  }
  return false;
}

/** Addresses compare without case; phone numbers by their digits (+31 6 1234 5678 = +31612345678). */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  if (/^\+?[\d\s().-]+$/.test(a)) return a.replace(/[^\d]/g, '');
  return a;
}

/** '1011' and '1011AB' are prefixes of a postcode; '1000-1099' is a range of the four digits. */
export function postcodeMatches(pattern: string, postcode: string): boolean {
  const pc = postcode.replace(/\s/g, '').toUpperCase();
  const p = pattern.replace(/\s/g, '').toUpperCase();
  const range = /^(\d{4})-(\d{4})$/.exec(p);
  if (range) {
    const n = Number(pc.slice(0, 4));
    return n >= Number(range[1]) && n <= Number(range[2]);
  }
  return p.length > 0 && pc.startsWith(p);
}

export function needsParty(c: RuleConditions): boolean {
  return !!c.partyKinds?.length || c.hasKvkNummer !== undefined || !!c.postcodes?.length;
}

/** Everything but the party conditions: cheap, checked first so the party is read only when needed. */
export function messageConditionsHold(c: RuleConditions, f: MatchFacts): boolean {
  if (c.channels?.length && !c.channels.includes(f.channel)) return false;
  if (c.addresses?.length) {
    if (!f.address) return false;
    const a = normaliseAddress(f.address);
    if (!c.addresses.some((x) => normaliseAddress(x) === a)) return false;
  }
  if (c.reasonCodes?.length && !(f.reasonCode && c.reasonCodes.includes(f.reasonCode))) return false;
  if (c.keywords?.length) {
    f.words ??= words(`${f.subject}\n${f.body}`); // once per message, however many keyword rules
    const text = f.words;
    if (!c.keywords.some((k) => keywordMatches(k, text))) return false;
  }
  return true;
}

export function partyConditionsHold(c: RuleConditions, party: MatchFacts['party']): boolean {
  if (!needsParty(c)) return true;
  if (!party) return false;
  if (c.partyKinds?.length && !c.partyKinds.includes(party.kind as 'person')) return false;
  if (c.hasKvkNummer !== undefined && c.hasKvkNummer !== party.hasKvkNummer) return false;
  if (c.postcodes?.length) {
    const pcs = party.postcodes;
    if (!c.postcodes.some((p) => pcs.some((pc) => postcodeMatches(p, pc)))) return false;
  }
  return true;
}
