// Filtered, counted listings and single-row lookups of parties, identifiers and digital addresses,
// for adapters that page with offset and count (the Klantinteracties API). Kept apart from
// parties.repo.ts so the app's own queries stay small; still the parties module's SQL.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { pageWithTotal } from '../../db/paging.ts';
import type { IdentifierType } from '../../db/schema.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { normaliseIdentifier } from './validation.ts';

export type Paging = { offset: number; limit: number };
export type Counted<T> = { count: number; items: T[] };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PartyListFilter = {
  /** Restrict to these ids (e.g. found through another module). */
  ids?: string[];
  kind?: 'person' | 'organisation' | 'contact_person';
  number?: string;
  active?: boolean;
  confidential?: boolean;
  identifier?: { type?: IdentifierType; value?: string };
  visitingAddress?: { bagId?: string; country?: string; line?: string };
  correspondenceAddress?: { bagId?: string; country?: string; line?: string };
};

/** Party ids matching the filter, oldest first; merged-away duplicates are left out. */
export async function listPartyIds(db: Db, f: PartyListFilter, page: Paging): Promise<Counted<string>> {
  if (f.ids && f.ids.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('parties as p').where('p.merged_into', 'is', null);
  if (f.ids) q = q.where('p.id', 'in', f.ids);
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.number) q = q.where('p.number', '=', f.number);
  if (f.active !== undefined) q = q.where('p.active', '=', f.active);
  if (f.confidential !== undefined) q = q.where('p.confidential', '=', f.confidential);
  const idf = f.identifier;
  if (idf && (idf.type || idf.value)) {
    q = q.where(({ exists, selectFrom }) => {
      let sub = selectFrom('party_identifiers as i').select('i.id').whereRef('i.party_id', '=', 'p.id');
      if (idf.type) sub = sub.where('i.type', '=', idf.type);
      if (idf.value) sub = sub.where('i.value', '=', normaliseIdentifier(idf.value));
      return exists(sub);
    });
  }
  for (const [kind, a] of [
    ['visiting', f.visitingAddress],
    ['correspondence', f.correspondenceAddress],
  ] as const) {
    if (!a || (!a.bagId && !a.country && !a.line)) continue;
    q = q.where(({ exists, selectFrom }) => {
      let sub = selectFrom('party_addresses as a')
        .select('a.id')
        .whereRef('a.party_id', '=', 'p.id')
        .where('a.kind', '=', kind);
      if (a.bagId) sub = sub.where('a.bag_id', '=', a.bagId);
      if (a.country) sub = sub.where('a.country', '=', a.country.toUpperCase());
      if (a.line) sub = sub.where(sql<boolean>`${a.line} = ANY(a.address_lines)`);
      return exists(sub);
    });
  }
  const [total, rows] = await pageWithTotal(
    page,
    () =>
      q
        .select('p.id')
        .orderBy('p.created_at')
        .orderBy('p.id')
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return { count: total, items: rows.map((r) => r.id) };
}

/** Deletes a party with its identifiers and addresses; refused while contacts still refer to it. */
export async function deleteParty(db: Db, id: string): Promise<void> {
  if (!uuidPattern.test(id)) throw notFound('Partij');
  try {
    const res = await db.deleteFrom('parties').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Partij');
  } catch (err) {
    if ((err as { code?: string }).code === '23503')
      throw conflict(
        'Deze partij is betrokken bij contacten of andere partijen en kan niet worden verwijderd.',
        'uuid',
      );
    throw err;
  }
}

// ── Identifiers ─────────────────────────────────────────────────────────────

export type IdentifierRow = { id: string; partyId: string; type: IdentifierType; value: string };

export async function findIdentifier(db: Db, id: string): Promise<IdentifierRow | null> {
  if (!uuidPattern.test(id)) return null;
  const r = await db
    .selectFrom('party_identifiers')
    .select(['id', 'party_id', 'type', 'value'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { id: r.id, partyId: r.party_id, type: r.type, value: r.value } : null;
}

export async function listIdentifiers(
  db: Db,
  f: { type?: IdentifierType; value?: string; partyIds?: string[] },
  page: Paging,
): Promise<Counted<IdentifierRow>> {
  if (f.partyIds && f.partyIds.length === 0) return { count: 0, items: [] };
  let q = db.selectFrom('party_identifiers');
  if (f.type) q = q.where('type', '=', f.type);
  if (f.value) q = q.where('value', '=', normaliseIdentifier(f.value));
  if (f.partyIds) q = q.where('party_id', 'in', f.partyIds);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['id', 'party_id', 'type', 'value'])
      .orderBy('created_at')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return {
    count: Number(total.n),
    items: rows.map((r) => ({ id: r.id, partyId: r.party_id, type: r.type, value: r.value })),
  };
}

// ── Digital addresses ───────────────────────────────────────────────────────

export type DigitalAddressRow = {
  id: string;
  partyId: string | null;
  kind: 'email' | 'phone' | 'other';
  value: string;
  label: string | null;
  isPreferred: boolean;
  verifiedAt: Date | null;
};

export type DigitalAddressFilter = {
  ids?: string[];
  partyIds?: string[];
  kind?: DigitalAddressRow['kind'];
  value?: string;
  valueContains?: string;
  label?: string;
  isPreferred?: boolean;
  verified?: boolean;
  verifiedOn?: { op: '=' | '>' | '>=' | '<' | '<='; date: string }[];
};

const digitalColumns = ['id', 'party_id', 'kind', 'value', 'label', 'is_preferred', 'verified_at'] as const;
const toDigital = (r: {
  id: string;
  party_id: string | null;
  kind: DigitalAddressRow['kind'];
  value: string;
  label: string | null;
  is_preferred: boolean;
  verified_at: Date | null;
}): DigitalAddressRow => ({
  id: r.id,
  partyId: r.party_id,
  kind: r.kind,
  value: r.value,
  label: r.label,
  isPreferred: r.is_preferred,
  verifiedAt: r.verified_at,
});

export async function findDigitalAddresses(db: Db, ids: string[]): Promise<DigitalAddressRow[]> {
  const valid = ids.filter((i) => uuidPattern.test(i));
  if (valid.length === 0) return [];
  const rows = await db
    .selectFrom('digital_addresses')
    .select(digitalColumns)
    .where('id', 'in', valid)
    .execute();
  return rows.map(toDigital);
}

export async function listDigitalAddresses(
  db: Db,
  f: DigitalAddressFilter,
  page: Paging,
): Promise<Counted<DigitalAddressRow>> {
  if ((f.ids && f.ids.length === 0) || (f.partyIds && f.partyIds.length === 0))
    return { count: 0, items: [] };
  let q = db.selectFrom('digital_addresses');
  if (f.ids) q = q.where('id', 'in', f.ids);
  if (f.partyIds) q = q.where('party_id', 'in', f.partyIds);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.value) q = q.where('value', '=', f.value);
  if (f.valueContains) q = q.where('value', 'ilike', `%${f.valueContains.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.label) q = q.where('label', '=', f.label);
  if (f.isPreferred !== undefined) q = q.where('is_preferred', '=', f.isPreferred);
  if (f.verified !== undefined) q = q.where('verified_at', f.verified ? 'is not' : 'is', null);
  for (const v of f.verifiedOn ?? [])
    q = q.where(
      sql<boolean>`(verified_at AT TIME ZONE 'Europe/Amsterdam')::date ${sql.raw(v.op)} ${v.date}::date`,
    );
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(digitalColumns)
      .orderBy('created_at')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { count: Number(total.n), items: rows.map(toDigital) };
}
