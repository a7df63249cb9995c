// The residents, businesses and two years of contacts of Gemeente Voorbeeld.
//
// Bulk loading is the one accepted exception to "a module's tables only through its service": going
// through createParty/registerContact would take minutes for 20,000 contacts, so the seed inserts
// straight into the tables with multi-row INSERTs (500 rows per statement) in the caller's
// transaction. The rows are built the way the parties module builds them (searchName from
// parties/validation.ts, E.164 phones, normalised postcodes), so search finds them the same way.
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { hashPassword } from '../access/access.service.ts';
import { demoReasons, demoTeams } from './demo.data.ts';
import { type GeneratorOptions, generateContact, generateParty, type Staff } from './demo.generate.ts';
import { demoEmployees } from './demo.names.ts';
import { uuidFrom } from './random.ts';

export const demoSeed = 20_261_123;
export const demoSize = { parties: 2_000, contacts: 20_000 };

const BATCH = 500;

/** '<given>.<surname>' in plain ASCII, e.g. 'emre.celik'; the password is '<username>-demo'. */
export const employeeUsername = (given: string, surname: string) =>
  `${given}.${surname}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');

/** The demo organisation as the generator needs it; the four demo logins work in their teams too. */
export function demoStaff(): Staff {
  const employeesByTeam: Record<string, string[]> = {};
  for (const [team, given, surname] of demoEmployees) {
    employeesByTeam[team] ??= [];
    employeesByTeam[team].push(uuidFrom(`employee:${employeeUsername(given, surname)}`));
  }
  employeesByTeam.kcc?.push(uuidFrom('employee:kcc'));
  employeesByTeam.burgerzaken?.push(uuidFrom('employee:backoffice'));
  return {
    reasons: demoReasons.map((r) => ({ id: uuidFrom(`reason:${r.code}`), code: r.code, team: r.team })),
    employeesByTeam,
    teamIds: Object.fromEntries(demoTeams.map((t) => [t.code, uuidFrom(`team:${t.code}`)])),
  };
}

export function demoGeneratorOptions(now: Date, size = demoSize): GeneratorOptions {
  return {
    seed: demoSeed,
    now,
    ...size,
    town: 'voorbeeld',
    id: (table, i) => uuidFrom(`${table}:${i}`),
    staff: demoStaff(),
  };
}

async function insertEmployees(db: Db) {
  const rows = await Promise.all(
    demoEmployees.map(async ([team, given, surname]) => {
      const username = employeeUsername(given, surname);
      return {
        team,
        employee: {
          id: uuidFrom(`employee:${username}`),
          username,
          display_name: `${given} ${surname}`,
          email: `${username}@voorbeeld.nl`,
          password_hash: await hashPassword(`${username}-demo`),
          roles: [team === 'kcc' ? 'kcc' : 'backoffice'],
        },
      };
    }),
  );
  await db
    .insertInto('employees')
    .values(rows.map((r) => r.employee))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('employee_teams')
    .values(rows.map((r) => ({ employee_id: r.employee.id, team_id: uuidFrom(`team:${r.team}`) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

type Buffers = {
  [T in
    | 'parties'
    | 'party_identifiers'
    | 'party_addresses'
    | 'digital_addresses'
    | 'contacts'
    | 'contact_parties'
    | 'contact_subjects']: object[];
};

async function flush(db: Db, buffers: Buffers, table: keyof Buffers) {
  const rows = buffers[table];
  if (rows.length === 0) return;
  buffers[table] = [];
  // The rows are generated with exactly the table's columns; the union of tables defeats the types.
  await db
    .insertInto(table as keyof Database)
    .values(rows as never)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Inserts the demo population; call inside a transaction. Returns the counts. */
export async function seedPopulation(db: Db, now: Date, size = demoSize) {
  await insertEmployees(db);
  const o = demoGeneratorOptions(now, size);
  const b: Buffers = {
    parties: [],
    party_identifiers: [],
    party_addresses: [],
    digital_addresses: [],
    contacts: [],
    contact_parties: [],
    contact_subjects: [],
  };
  const order = Object.keys(b) as (keyof Buffers)[]; // parents before children
  for (let i = 0; i < size.parties; i++) {
    const p = generateParty(o, i);
    b.parties.push(p.party);
    b.party_identifiers.push(...p.identifiers);
    b.party_addresses.push(...p.addresses);
    b.digital_addresses.push(...p.digitalAddresses);
    // Every BATCH parties, parents before children (a contact person's organisation is flushed
    // with it or before it). Children stay under ~4 rows per party: well below 65,535 parameters.
    if (b.parties.length >= BATCH) for (const t of order.slice(0, 4)) await flush(db, b, t);
  }
  for (const t of order.slice(0, 4)) await flush(db, b, t);
  for (let i = 0; i < size.contacts; i++) {
    const c = generateContact(o, i);
    b.contacts.push(c.contact);
    b.contact_parties.push(...c.parties);
    b.contact_subjects.push(...c.subjects);
    if (b.contacts.length >= BATCH) for (const t of order.slice(4)) await flush(db, b, t);
  }
  for (const t of order.slice(4)) await flush(db, b, t);
  return { employees: demoEmployees.length, ...size };
}
