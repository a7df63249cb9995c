// The standard's code lists ⇄ Loket's: kinds of party, digital address, identifier, channel, language.
import { invalid } from '../../platform/errors.ts';

export const soortPartij = {
  person: 'persoon',
  organisation: 'organisatie',
  contact_person: 'contactpersoon',
} as const;
export const partyKindOf = {
  persoon: 'person',
  organisatie: 'organisation',
  contactpersoon: 'contact_person',
} as const;

export const soortDigitaalAdres = { email: 'email', phone: 'telefoonnummer', other: 'overig' } as const;
export const digitalKindOf = { email: 'email', telefoonnummer: 'phone', overig: 'other' } as const;

export type CodeSoortObjectId = 'bsn' | 'kvk_nummer' | 'vestigingsnummer' | 'rsin';
/** Each identifier type has one object type and one register in the standard. */
export const identifierCodes: Record<CodeSoortObjectId, { codeObjecttype: string; codeRegister: string }> = {
  bsn: { codeObjecttype: 'natuurlijk_persoon', codeRegister: 'brp' },
  kvk_nummer: { codeObjecttype: 'niet_natuurlijk_persoon', codeRegister: 'hr' },
  rsin: { codeObjecttype: 'niet_natuurlijk_persoon', codeRegister: 'hr' },
  vestigingsnummer: { codeObjecttype: 'vestiging', codeRegister: 'hr' },
};

export function checkIdentifierCodes(
  g: { codeObjecttype: string; codeRegister: string; codeSoortObjectId: CodeSoortObjectId },
  at = 'partijIdentificator',
) {
  const want = identifierCodes[g.codeSoortObjectId];
  if (g.codeObjecttype !== want.codeObjecttype)
    throw invalid(
      `${at}.codeObjecttype`,
      `Bij codeSoortObjectId '${g.codeSoortObjectId}' hoort codeObjecttype '${want.codeObjecttype}'.`,
    );
  if (g.codeRegister !== want.codeRegister)
    throw invalid(
      `${at}.codeRegister`,
      `Bij codeSoortObjectId '${g.codeSoortObjectId}' hoort codeRegister '${want.codeRegister}'.`,
    );
}

/** Loket's channel codes and the names KCC systems send for them. */
const channelNames: Record<string, string> = {
  phone: 'telefoon',
  email: 'e-mail',
  post: 'post',
  counter: 'balie',
  webchat: 'webchat',
  whatsapp: 'whatsapp',
  social: 'sociale media',
  webform: 'e-formulier',
  app: 'app',
};
const channelAliases: Record<string, string> = {
  telefoon: 'phone',
  telefonisch: 'phone',
  'e-mail': 'email',
  email: 'email',
  mail: 'email',
  brief: 'post',
  post: 'post',
  balie: 'counter',
  loket: 'counter',
  chat: 'webchat',
  webchat: 'webchat',
  whatsapp: 'whatsapp',
  'sociale media': 'social',
  'e-formulier': 'webform',
  formulier: 'webform',
  webformulier: 'webform',
  app: 'app',
};

export const kanaalOf = (channel: string): string => channelNames[channel] ?? channel;

export function channelOf(kanaal: string, at = 'kanaal'): string {
  const code =
    channelAliases[kanaal.trim().toLowerCase()] ??
    (channelNames[kanaal.trim().toLowerCase()] ? kanaal.trim().toLowerCase() : null);
  if (!code)
    throw invalid(at, `Onbekend kanaal '${kanaal}'. Gebruik: ${Object.values(channelNames).join(', ')}.`);
  return code;
}

/** ISO 639-1 (Loket) ⇄ ISO 639-2 (the standard's `taal`, 3 letters). */
const languages: [string, string][] = [
  ['nl', 'nld'],
  ['en', 'eng'],
  ['de', 'deu'],
  ['fr', 'fra'],
  ['tr', 'tur'],
  ['ar', 'ara'],
  ['pl', 'pol'],
  ['es', 'spa'],
  ['uk', 'ukr'],
  ['fy', 'fry'],
];
export const taalOf = (lang: string): string => languages.find(([a]) => a === lang)?.[1] ?? lang.slice(0, 3);
export function languageOf(taal: string, at = 'taal'): string {
  const t = taal.trim().toLowerCase();
  const hit = languages.find(
    ([a, b]) =>
      a === t ||
      b === t ||
      (t === 'dut' && a === 'nl') ||
      (t === 'ger' && a === 'de') ||
      (t === 'fre' && a === 'fr'),
  );
  if (hit) return hit[0];
  if (/^[a-z]{2,3}$/.test(t)) return t;
  throw invalid(at, 'Gebruik een taalcode volgens ISO 639-2, zoals nld.');
}

/** Onderwerpobject codeObjecttype ⇄ the core's subject kind. */
export function subjectKindOf(codeObjecttype: string | undefined): 'case' | 'product' | 'contact' | 'other' {
  const c = (codeObjecttype ?? '').toLowerCase();
  if (c === 'zaak') return 'case';
  if (c === 'product') return 'product';
  if (c === 'klantcontact' || c === 'contact') return 'contact';
  return 'other';
}
export const objecttypeOf = {
  case: 'zaak',
  product: 'product',
  contact: 'klantcontact',
  other: 'overig',
} as const;
