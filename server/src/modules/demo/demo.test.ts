// The demo municipality: big enough to feel real, the same every time, and valid data throughout.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.ts';
import { testDatabase } from '../../test/database.ts';
import {
  isValidBsn,
  isValidKvkNummer,
  isValidVestigingsnummer,
  normaliseEmail,
  normalisePhone,
  searchName,
} from '../parties/validation.ts';
import { seedDemo } from './demo.seed.ts';

const now = new Date('2026-11-23T09:00:00Z');
const handles: DatabaseHandle[] = [];

async function seeded() {
  const handle = await testDatabase();
  handles.push(handle);
  const result = await seedDemo(handle.db, { now });
  return { db: handle.db, result };
}

/** Contacts of the population: not the routing demo's waiting messages (random ids, made "now"). */
const notInQueue = sql<boolean>`id NOT IN (SELECT contact_id FROM queue_items)`;

const count = async (
  db: DatabaseHandle['db'],
  table: 'parties' | 'contacts' | 'employees',
  where = sql`true`,
) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db))
      .rows[0]?.n,
  );

let a: Awaited<ReturnType<typeof seeded>>;
beforeAll(async () => {
  a = await seeded(); // measured on the 2-core machine: about 8 s on PGlite, 5 s on the server
}, 180_000);

afterAll(async () => {
  for (const h of handles) await h.close();
});

describe('demo municipality Gemeente Voorbeeld', () => {
  it('seeds 2,000 parties and 20,000 contacts over two years, and only once', async () => {
    const { db, result } = a;
    expect(result.created).toBe(true);
    expect(await count(db, 'parties')).toBe(2000);
    // The population's contacts; the routing demo adds a few waiting messages to the queues on top.
    expect(await count(db, 'contacts', notInQueue)).toBe(20000);
    expect(await count(db, 'parties', sql`kind = 'organisation'`)).toBeGreaterThan(40);
    expect(
      await count(db, 'parties', sql`kind = 'contact_person' AND organisation_id IS NOT NULL`),
    ).toBeGreaterThan(40);
    expect(await count(db, 'employees')).toBeGreaterThanOrEqual(4 + 6 * 3);

    const span = await sql<{
      first: Date;
      last: Date;
    }>`SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM contacts`.execute(db);
    const { first, last } = span.rows[0] as { first: Date; last: Date };
    expect(now.getTime() - new Date(first).getTime()).toBeGreaterThan(700 * 86_400_000);
    expect(new Date(last).getTime()).toBeLessThanOrEqual(now.getTime());

    const channels = await sql<{
      channel: string;
      n: string;
    }>`SELECT channel, count(*) AS n FROM contacts GROUP BY channel ORDER BY count(*) DESC`.execute(db);
    expect(channels.rows.map((r) => r.channel)).toHaveLength(10);
    expect(channels.rows[0]?.channel).toBe('phone');
    const resolved = await count(db, 'contacts', sql`resolved_first_contact`);
    expect(resolved / 20000).toBeGreaterThan(0.62);
    expect(resolved / 20000).toBeLessThan(0.78);
    expect(
      await count(
        db,
        'contacts',
        sql`NOT EXISTS (SELECT 1 FROM contact_parties cp WHERE cp.contact_id = contacts.id)`,
      ),
    ).toBeGreaterThan(500);
    expect(await count(db, 'contacts', sql`confidential`)).toBeGreaterThan(50);
    expect(await count(db, 'contacts', sql`direction = 'out'`)).toBeGreaterThan(1000);
    expect(await count(db, 'contacts', sql`employee_id IS NULL AND channel = 'phone'`)).toBe(0);

    // Seeding again changes nothing.
    expect((await seedDemo(db, { now })).created).toBe(false);
    expect(await count(db, 'parties')).toBe(2000);
  });

  it('holds valid BSNs, KvK-nummers, postcodes, E.164 phones and e-mail addresses', async () => {
    const { db } = a;
    const ids = await db.selectFrom('party_identifiers').select(['type', 'value']).execute();
    const bsns = ids.filter((i) => i.type === 'bsn').map((i) => i.value);
    expect(bsns.length).toBeGreaterThan(1800);
    expect(bsns.every(isValidBsn)).toBe(true);
    expect(new Set(bsns).size).toBe(bsns.length);
    expect(ids.filter((i) => i.type === 'kvk_nummer').every((i) => isValidKvkNummer(i.value))).toBe(true);
    expect(
      ids.filter((i) => i.type === 'vestigingsnummer').every((i) => isValidVestigingsnummer(i.value)),
    ).toBe(true);

    const addresses = await db
      .selectFrom('party_addresses')
      .select(['postcode', 'city', 'house_number'])
      .execute();
    expect(
      addresses.every(
        (a) =>
          /^999\d[A-Z]{2}$/.test(a.postcode ?? '') && a.city === 'Voorbeeld' && (a.house_number ?? 0) > 0,
      ),
    ).toBe(true);
    const digital = await db.selectFrom('digital_addresses').select(['kind', 'value']).execute();
    expect(digital.filter((d) => d.kind === 'phone').every((d) => normalisePhone(d.value) === d.value)).toBe(
      true,
    );
    expect(digital.filter((d) => d.kind === 'email').every((d) => normaliseEmail(d.value) === d.value)).toBe(
      true,
    );

    const names = await db
      .selectFrom('parties')
      .select(['surname', 'surname_prefix', 'search_name', 'display_name'])
      .execute();
    expect(names.some((n) => n.surname === 'Çelik')).toBe(true);
    expect(names.some((n) => n.surname_prefix === 'van der')).toBe(true);
    const celik = names.find((n) => n.surname === 'Çelik');
    expect(celik?.search_name).toContain('celik');
    expect(names.every((n) => n.search_name === searchName(n.search_name))).toBe(true);
  });

  it('is reproducible: two seeds give the same first party and contact', { timeout: 180_000 }, async () => {
    const b = await seeded();
    const first = (db: DatabaseHandle['db']) =>
      db
        .selectFrom('parties')
        .selectAll()
        .where('kind', '=', 'person')
        .orderBy('number')
        .limit(1)
        .executeTakeFirstOrThrow();
    const lastContact = (db: DatabaseHandle['db']) =>
      db
        .selectFrom('contacts')
        .select(['id', 'number', 'subject', 'content', 'occurred_at', 'channel'])
        .where(notInQueue)
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
    expect(await first(b.db)).toEqual(await first(a.db));
    expect(await lastContact(b.db)).toEqual(await lastContact(a.db));
  });
});
