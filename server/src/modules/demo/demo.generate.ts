// Row generators for the demo municipality and the benchmarks. Every row is a pure function of
// (seed, index), so the demo seed is reproducible and the benchmark can stream millions of rows
// without holding them in memory. Rows use the tables' column names: they are inserted as-is.
import { searchName } from '../parties/validation.ts';
import {
  emailDomains,
  givenNamesFemale,
  givenNamesMale,
  organisationNames,
  streets,
  surnames,
} from './demo.names.ts';
import { bsnFor, rsinFor, scramble } from './demo.numbers.ts';
import { reasonTexts } from './demo.texts.ts';
import { seededRandom } from './random.ts';

const DAY = 86_400_000;

export type Staff = {
  reasons: { id: string; code: string; team: string }[];
  employeesByTeam: Record<string, string[]>;
  teamIds: Record<string, string>;
};

export type GeneratorOptions = {
  seed: number;
  now: Date;
  parties: number;
  contacts: number;
  /** 'voorbeeld': the fictional town (postcodes 9990–9999); 'national': postcodes 1000–9999 for large scales. */
  town: 'voorbeeld' | 'national';
  /** Stable id for row `i` of a table. */
  id: (table: string, i: number) => string;
  staff: Staff;
};

export type PartyRows = {
  party: {
    id: string;
    kind: 'person' | 'organisation' | 'contact_person';
    initials: string | null;
    given_names: string | null;
    surname_prefix: string | null;
    surname: string | null;
    birth_date: string | null;
    organisation_name: string | null;
    organisation_id: string | null;
    display_name: string;
    search_name: string;
    preferred_channel: string | null;
    language: string;
    confidential: boolean;
    created_at: Date;
    updated_at: Date;
  };
  identifiers: {
    id: string;
    party_id: string;
    type: 'bsn' | 'kvk_nummer' | 'vestigingsnummer' | 'rsin';
    value: string;
    created_at: Date;
  }[];
  addresses: {
    id: string;
    party_id: string;
    kind: 'visiting' | 'correspondence';
    street: string;
    house_number: number;
    house_letter: string | null;
    house_number_suffix: string | null;
    postcode: string;
    city: string;
    created_at: Date;
  }[];
  digitalAddresses: {
    id: string;
    party_id: string;
    kind: 'email' | 'phone';
    value: string;
    label: string | null;
    is_preferred: boolean;
    verified_at: Date | null;
    created_at: Date;
  }[];
};

export type ContactRows = {
  contact: {
    id: string;
    channel: string;
    direction: 'in' | 'out';
    reason_id: string;
    subject: string;
    content: string;
    result: string | null;
    resolved_first_contact: boolean;
    succeeded: boolean | null;
    confidential: boolean;
    language: string;
    occurred_at: Date;
    employee_id: string | null;
    team_id: string | null;
    created_at: Date;
  };
  parties: {
    id: string;
    contact_id: string;
    party_id: string | null;
    role: 'klant' | 'vertegenwoordiger' | 'ander';
    initiator: boolean;
    details: string;
    created_at: Date;
  }[];
  subjects: {
    id: string;
    contact_id: string;
    kind: 'case';
    reference: string;
    register: string;
    related_contact_id: null;
    created_at: Date;
  }[];
};

/** Every 40th party is an organisation and the next one its contact person. */
export const partyKind = (i: number): PartyRows['party']['kind'] =>
  i % 40 === 0 ? 'organisation' : i % 40 === 1 ? 'contact_person' : 'person';

const rngFor = (seed: number, stream: number, i: number) =>
  seededRandom((seed ^ Math.imul(stream, 0x85ebca6b) ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);

const asciiLocal = (s: string) => searchName(s).replace(/[^a-z0-9]/g, '');
const letters = 'ABCDEGHJKLMNPRTVWXZ'; // postcode letters in use; SA, SD and SS are never issued
const cities = [
  'Voorbeeld',
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Groningen',
  'Zwolle',
  'Eindhoven',
  'Tilburg',
  'Almere',
  'Breda',
  'Nijmegen',
  'Leeuwarden',
];

function address(o: GeneratorOptions, rng: ReturnType<typeof seededRandom>) {
  const [street, pcNumber, maxNumber] = rng.pick(streets);
  const number = o.town === 'voorbeeld' ? pcNumber : rng.int(1000, 9999);
  const houseNumber = rng.int(1, maxNumber);
  const postcode = `${number}${letters[houseNumber % letters.length]}${letters[(Math.floor(houseNumber / 19) + street.length) % letters.length]}`;
  return {
    street,
    house_number: houseNumber,
    house_letter: rng.chance(0.06) ? rng.pick(['a', 'b', 'c']) : null,
    house_number_suffix: rng.chance(0.04) ? rng.pick(['1', '2', 'bis', 'hs']) : null,
    postcode,
    city: o.town === 'voorbeeld' ? 'Voorbeeld' : (cities[number % cities.length] as string),
  };
}

export function generateParty(o: GeneratorOptions, i: number): PartyRows {
  const rng = rngFor(o.seed, 1, i);
  const id = o.id('party', i);
  const kind = partyKind(i);
  const createdAt = new Date(
    o.now.getTime() - 3 * 365 * DAY + Math.floor((i / Math.max(o.parties, 1)) * 365 * DAY),
  );
  const base = { id, created_at: createdAt, updated_at: createdAt, language: rng.chance(0.03) ? 'en' : 'nl' };
  const rows: PartyRows = {
    party: undefined as unknown as PartyRows['party'],
    identifiers: [],
    addresses: [],
    digitalAddresses: [],
  };
  const ident = (type: PartyRows['identifiers'][number]['type'], value: string, n: number) =>
    rows.identifiers.push({
      id: o.id(`identifier${n}`, i),
      party_id: id,
      type,
      value,
      created_at: createdAt,
    });
  const digital = (k: 'email' | 'phone', value: string, n: number) =>
    rows.digitalAddresses.push({
      id: o.id(`digital${n}`, i),
      party_id: id,
      kind: k,
      value,
      label: k === 'phone' && value.startsWith('+316') ? 'mobiel' : null,
      is_preferred: true,
      verified_at: rng.chance(0.5) ? createdAt : null,
      created_at: createdAt,
    });

  if (kind === 'organisation') {
    const n = Math.floor(i / 40);
    const round = Math.floor(n / organisationNames.length);
    // Branches of the same business get their street in the name; at large scales a number too.
    const name = organisationNames[n % organisationNames.length] as string;
    const org =
      round === 0
        ? name
        : o.town === 'voorbeeld'
          ? `${name} ${rng.pick(streets)[0]}`
          : `${name} ${round + 1}`;
    rows.party = {
      ...base,
      kind,
      initials: null,
      given_names: null,
      surname_prefix: null,
      surname: null,
      birth_date: null,
      organisation_name: org,
      organisation_id: null,
      display_name: org,
      search_name: searchName(org),
      preferred_channel: rng.pick(['email', 'email', 'phone', 'post']),
      confidential: false,
    };
    ident('kvk_nummer', String(10_000_000 + scramble(n + 1, 89_999_999)), 1);
    ident('vestigingsnummer', String(100_000_000_000 + scramble(n + 1, 899_999_999_999)), 2);
    if (rng.chance(0.7)) ident('rsin', rsinFor(n), 3);
    rows.addresses.push({
      id: o.id('address1', i),
      party_id: id,
      kind: 'visiting',
      ...address(o, rng),
      created_at: createdAt,
    });
    digital('email', `info@${asciiLocal(org).slice(0, 20)}.example.nl`, 1);
    const area = rng.pick(['592', '50', '38']);
    digital('phone', `+31${area}${rng.int(2_000_000, 9_999_999)}`.slice(0, 12), 2);
    return rows;
  }

  const female = rng.chance(0.5);
  const first = female ? rng.pick(givenNamesFemale) : rng.pick(givenNamesMale);
  const second = rng.chance(0.35) ? (female ? rng.pick(givenNamesFemale) : rng.pick(givenNamesMale)) : null;
  const [prefix, surname] = rng.pick(surnames);
  const givenNames = second && second !== first ? `${first} ${second}` : first;
  const initials = givenNames
    .split(' ')
    .map((g) => `${g[0]}.`)
    .join('');
  // The same composition as the parties module: full given names; search name with the initials too.
  const displayName = [givenNames, prefix, surname].filter(Boolean).join(' ');
  const birth = new Date(o.now.getTime() - rng.int(18 * 365, 92 * 365) * DAY).toISOString().slice(0, 10);
  rows.party = {
    ...base,
    kind,
    initials,
    given_names: givenNames,
    surname_prefix: prefix,
    surname,
    birth_date: kind === 'person' ? birth : null,
    organisation_name: null,
    organisation_id: kind === 'contact_person' ? o.id('party', i - 1) : null,
    display_name: displayName,
    search_name: searchName([givenNames, initials, prefix, surname].filter(Boolean).join(' ')),
    preferred_channel: rng.chance(0.85)
      ? rng.pick(['email', 'email', 'phone', 'phone', 'phone', 'post', 'whatsapp', 'app'])
      : null,
    confidential: kind === 'person' && rng.chance(0.005),
  };
  if (kind === 'person') {
    ident('bsn', bsnFor(i), 1);
    rows.addresses.push({
      id: o.id('address1', i),
      party_id: id,
      kind: 'visiting',
      ...address(o, rng),
      created_at: createdAt,
    });
    if (rng.chance(0.03)) {
      rows.addresses.push({
        id: o.id('address2', i),
        party_id: id,
        kind: 'correspondence',
        ...address(o, rng),
        created_at: createdAt,
      });
    }
  }
  const local = `${asciiLocal(first)}.${asciiLocal(`${prefix ?? ''}${surname}`)}${rng.chance(0.4) ? rng.int(1, 99) : ''}`;
  if (kind === 'contact_person' || rng.chance(0.85))
    digital('email', `${local}@${rng.pick(emailDomains)}`, 1);
  if (kind === 'contact_person' || rng.chance(0.8))
    digital('phone', `+316${rng.int(1, 5)}${rng.int(1_000_000, 9_999_999)}`, 2); // 06-1… to 06-5… are issued mobile ranges
  return rows;
}

// Phone most, then e-mail, counter, web chat, WhatsApp, web form, post, social media, app.
const channelWeights: [string, number][] = [
  ['phone', 38],
  ['email', 20],
  ['counter', 12],
  ['webchat', 9],
  ['whatsapp', 7],
  ['webform', 6],
  ['post', 4],
  ['social', 2],
  ['app', 2],
];
const reasonWeights: Record<string, number> = {
  afval: 9,
  'melding-openbare-ruimte': 9,
  paspoort: 8,
  verhuizing: 7,
  aanslag: 7,
  overig: 7,
  grofvuil: 5,
  wmo: 5,
  bijstand: 4,
};

function weighted<T>(rng: ReturnType<typeof seededRandom>, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as [T, number])[0];
}

const months = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

/** '12 maart 2026'; by hand, because Intl formatting dominated the generator's time. */
const dutchDate = (d: Date) => `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

function fill(text: string, rng: ReturnType<typeof seededRandom>, at: Date, caseRef: string): string {
  if (!text.includes('{')) return text;
  return text
    .replaceAll('{straat}', rng.pick(streets)[0])
    .replaceAll('{datum}', dutchDate(new Date(at.getTime() + rng.int(2, 30) * DAY)))
    .replaceAll('{bedrag}', `€ ${rng.int(180, 1400)},${String(rng.int(0, 99)).padStart(2, '0')}`)
    .replaceAll('{zaak}', caseRef);
}

export function generateContact(o: GeneratorOptions, i: number): ContactRows {
  const rng = rngFor(o.seed, 2, i);
  const id = o.id('contact', i);
  const span = 2 * 365 * DAY;
  const channel = weighted(rng, channelWeights);
  const reason = weighted(
    rng,
    o.staff.reasons.map((r) => [r, reasonWeights[r.code] ?? 2] as [Staff['reasons'][number], number]),
  );
  // Spread evenly over the two years before `now`, numbers ascending with time; calls and visits in office hours.
  const day = new Date(o.now.getTime() - span + Math.floor(((i + rng.next()) / o.contacts) * span));
  const occurredAt = ['phone', 'counter'].includes(channel)
    ? new Date(
        Date.UTC(
          day.getUTCFullYear(),
          day.getUTCMonth(),
          day.getUTCDate(),
          rng.int(7, 15),
          rng.int(0, 59),
          rng.int(0, 59),
        ),
      )
    : day;
  if (occurredAt > o.now) occurredAt.setTime(o.now.getTime() - rng.int(60_000, 3_600_000));
  const direction = rng.chance(channel === 'post' || channel === 'email' ? 0.25 : 0.12) ? 'out' : 'in';
  const texts = reasonTexts[reason.code] ?? (reasonTexts.overig as (typeof reasonTexts)[string]);
  const caseRef = `ZAAK-${occurredAt.getUTCFullYear()}-${String(scramble(i, 999_999)).padStart(6, '0')}`;
  const withCase =
    ['omgevingsvergunning', 'evenement', 'bijstand', 'wmo', 'kwijtschelding', 'woz'].includes(reason.code) &&
    rng.chance(0.5);
  const handlerTeam =
    ['phone', 'webchat', 'whatsapp', 'social'].includes(channel) && rng.chance(0.75) ? 'kcc' : reason.team;
  const employees = o.staff.employeesByTeam[handlerTeam] ?? [];
  const subject = direction === 'out' ? rng.pick(texts.outgoing) : rng.pick(texts.subjects);
  const resolved = direction === 'in' && rng.chance(0.78); // about 70% of all contacts
  const rows: ContactRows = {
    contact: {
      id,
      channel,
      direction,
      reason_id: reason.id,
      subject: fill(subject, rng, occurredAt, caseRef),
      content: fill(rng.pick(texts.contents), rng, occurredAt, caseRef),
      result: resolved || rng.chance(0.5) ? fill(rng.pick(texts.results), rng, occurredAt, caseRef) : null,
      resolved_first_contact: resolved,
      succeeded: direction === 'out' && channel === 'phone' ? rng.chance(0.85) : true,
      confidential: rng.chance(0.01),
      language: rng.chance(0.03) ? 'en' : 'nl',
      occurred_at: occurredAt,
      employee_id: employees.length && !['webform', 'app'].includes(channel) ? rng.pick(employees) : null,
      team_id: o.staff.teamIds[handlerTeam] ?? null,
      created_at: occurredAt,
    },
    parties: [],
    subjects: [],
  };
  // Some residents call often: the party index is skewed towards a smaller group. About 7% anonymous.
  if (!rng.chance(0.07) && o.parties > 0) {
    const p = Math.min(o.parties - 1, Math.floor(o.parties * rng.next() ** 1.6));
    const link = (partyIndex: number, role: 'klant' | 'vertegenwoordiger', initiator: boolean, n: number) =>
      rows.parties.push({
        id: o.id(`contact_party${n}`, i),
        contact_id: id,
        party_id: o.id('party', partyIndex),
        role,
        initiator,
        details: '{}',
        created_at: occurredAt,
      });
    if (partyKind(p) === 'contact_person') {
      link(p, 'vertegenwoordiger', true, 1);
      link(p - 1, 'klant', false, 2);
    } else link(p, 'klant', true, 1);
  }
  if (withCase)
    rows.subjects.push({
      id: o.id('contact_subject', i),
      contact_id: id,
      kind: 'case',
      reference: caseRef,
      register: 'openzaak',
      related_contact_id: null,
      created_at: occurredAt,
    });
  return rows;
}
