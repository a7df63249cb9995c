// The benchmark's data set: the demo generator's rows (server/src/modules/demo/demo.generate.ts) at
// a larger scale, with cheap deterministic ids and serialised for COPY (text format).
import { createHash } from 'node:crypto';
import {
  type ContactRows,
  type GeneratorOptions,
  generateContact,
  generateParty,
  type PartyRows,
} from '../../server/src/modules/demo/demo.generate.ts';
import { demoStaff } from '../../server/src/modules/demo/demo.population.ts';

export const scales = {
  tiny: { parties: 10_000, contacts: 100_000 },
  small: { parties: 100_000, contacts: 1_000_000 },
  full: { parties: 1_000_000, contacts: 10_000_000 },
} as const;
export type ScaleName = keyof typeof scales;

/** A fixed 'now' so every run generates the same data. */
export const benchNow = new Date('2026-11-23T09:00:00Z');

const prefixes = new Map<string, string>();

/** A valid, deterministic UUID per (table, index) without hashing every row: 10M rows stay cheap. */
export function benchId(table: string, i: number): string {
  let p = prefixes.get(table);
  if (!p) {
    p = createHash('sha256').update(table).digest('hex').slice(0, 8);
    prefixes.set(table, p);
  }
  return `${p}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function benchOptions(size: { parties: number; contacts: number }): GeneratorOptions {
  return { seed: 42, now: benchNow, ...size, town: 'national', id: benchId, staff: demoStaff() };
}

/** Column lists per table, in the order the COPY lines are written. */
export const columns = {
  parties: [
    'id',
    'kind',
    'initials',
    'given_names',
    'surname_prefix',
    'surname',
    'birth_date',
    'organisation_name',
    'organisation_id',
    'display_name',
    'search_name',
    'preferred_channel',
    'language',
    'confidential',
    'created_at',
    'updated_at',
  ],
  party_identifiers: ['id', 'party_id', 'type', 'value', 'created_at'],
  party_addresses: [
    'id',
    'party_id',
    'kind',
    'street',
    'house_number',
    'house_letter',
    'house_number_suffix',
    'postcode',
    'city',
    'created_at',
  ],
  digital_addresses: [
    'id',
    'party_id',
    'kind',
    'value',
    'label',
    'is_preferred',
    'verified_at',
    'created_at',
  ],
  contacts: [
    'id',
    'channel',
    'direction',
    'reason_id',
    'subject',
    'content',
    'result',
    'resolved_first_contact',
    'succeeded',
    'confidential',
    'language',
    'occurred_at',
    'employee_id',
    'team_id',
    'created_at',
  ],
  // occurred_at and confidential copy the contact's (a trigger does that, but not while loading).
  contact_parties: [
    'id',
    'contact_id',
    'party_id',
    'role',
    'initiator',
    'details',
    'created_at',
    'occurred_at',
    'confidential',
  ],
  contact_subjects: ['id', 'contact_id', 'kind', 'reference', 'register', 'related_contact_id', 'created_at'],
} as const;
export type LoadTable = keyof typeof columns;
export const partyTables: LoadTable[] = [
  'parties',
  'party_identifiers',
  'party_addresses',
  'digital_addresses',
];
export const contactTables: LoadTable[] = ['contacts', 'contact_parties', 'contact_subjects'];

function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return String(v).replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

export function copyLine(table: LoadTable, row: Record<string, unknown>): string {
  const cols = columns[table];
  let line = field(row[cols[0]]);
  for (let k = 1; k < cols.length; k++) line += `\t${field(row[cols[k] as string])}`;
  return `${line}\n`;
}

/** COPY lines per table for parties [from, to). */
export function partyLines(
  o: GeneratorOptions,
  from: number,
  to: number,
  emit: (t: LoadTable, line: string) => void,
) {
  for (let i = from; i < to; i++) {
    const p: PartyRows = generateParty(o, i);
    emit('parties', copyLine('parties', p.party));
    for (const r of p.identifiers) emit('party_identifiers', copyLine('party_identifiers', r));
    for (const r of p.addresses) emit('party_addresses', copyLine('party_addresses', r));
    for (const r of p.digitalAddresses) emit('digital_addresses', copyLine('digital_addresses', r));
  }
}

export function contactLines(
  o: GeneratorOptions,
  from: number,
  to: number,
  emit: (t: LoadTable, line: string) => void,
) {
  for (let i = from; i < to; i++) {
    const c: ContactRows = generateContact(o, i);
    emit('contacts', copyLine('contacts', c.contact));
    const { occurred_at, confidential } = c.contact;
    for (const r of c.parties)
      emit('contact_parties', copyLine('contact_parties', { ...r, occurred_at, confidential }));
    for (const r of c.subjects) emit('contact_subjects', copyLine('contact_subjects', r));
  }
}
