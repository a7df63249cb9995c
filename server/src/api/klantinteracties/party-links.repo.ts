// SQL for what the standard hangs on a partij and the core does not have: rekeningnummers,
// vertegenwoordigingen, categorieën and categorie-relaties.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { type Paging, pageWithTotal } from '../../db/paging.ts';
import { notFound } from '../../platform/errors.ts';

export type { Paging } from '../../db/paging.ts';

type Table = 'ki_bank_accounts' | 'ki_representations' | 'ki_categories' | 'ki_category_relations';

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function removeRow(db: Db, table: Table, id: string, what: string) {
  if (!isUuid(id)) throw notFound(what);
  const res = await db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound(what);
}

// ── Rekeningnummers ─────────────────────────────────────────────────────────
export type BankAccount = {
  id: string;
  partyId: string | null;
  iban: string;
  bic: string | null;
  isPreferred: boolean;
};
const toAccount = (r: {
  id: string;
  party_id: string | null;
  iban: string;
  bic: string | null;
  is_preferred: boolean;
}): BankAccount => ({
  id: r.id,
  partyId: r.party_id,
  iban: r.iban,
  bic: r.bic,
  isPreferred: r.is_preferred,
});

export async function listBankAccounts(
  db: Db,
  f: { ids?: string[]; partyIds?: string[]; iban?: string; bic?: string },
  page: Paging,
) {
  let q = db.selectFrom('ki_bank_accounts');
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [randomUUID()]);
  if (f.partyIds) q = q.where('party_id', 'in', f.partyIds.length ? f.partyIds : [randomUUID()]);
  if (f.iban) q = q.where('iban', '=', f.iban.replace(/\s/g, '').toUpperCase());
  if (f.bic) q = q.where('bic', '=', f.bic.toUpperCase());
  const [total, rows] = await pageWithTotal(
    page,
    () => q.selectAll().orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return { count: total, items: rows.map(toAccount) };
}

export async function saveBankAccount(db: Db, a: BankAccount) {
  const values = { party_id: a.partyId, iban: a.iban, bic: a.bic, is_preferred: a.isPreferred };
  if (a.isPreferred && a.partyId) {
    await db
      .updateTable('ki_bank_accounts')
      .set({ is_preferred: false })
      .where('party_id', '=', a.partyId)
      .where('id', '!=', a.id)
      .execute();
  }
  await db
    .insertInto('ki_bank_accounts')
    .values({ id: a.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/** Makes `id` the party's preferred account (null: none). */
export async function setPreferredBankAccount(db: Db, partyId: string, id: string | null) {
  await db
    .updateTable('ki_bank_accounts')
    .set({ is_preferred: false })
    .where('party_id', '=', partyId)
    .execute();
  if (id)
    await db
      .updateTable('ki_bank_accounts')
      .set({ is_preferred: true })
      .where('party_id', '=', partyId)
      .where('id', '=', id)
      .execute();
}

// ── Vertegenwoordigingen ────────────────────────────────────────────────────
export type Representation = { id: string; representingPartyId: string; representedPartyId: string };
const toRepresentation = (r: {
  id: string;
  representing_party_id: string;
  represented_party_id: string;
}): Representation => ({
  id: r.id,
  representingPartyId: r.representing_party_id,
  representedPartyId: r.represented_party_id,
});

export async function listRepresentations(
  db: Db,
  f: { ids?: string[]; representing?: string[]; represented?: string[] },
  page: Paging,
) {
  let q = db.selectFrom('ki_representations');
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [randomUUID()]);
  if (f.representing)
    q = q.where('representing_party_id', 'in', f.representing.length ? f.representing : [randomUUID()]);
  if (f.represented)
    q = q.where('represented_party_id', 'in', f.represented.length ? f.represented : [randomUUID()]);
  const [total, rows] = await pageWithTotal(
    page,
    () => q.selectAll().orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return { count: total, items: rows.map(toRepresentation) };
}

export async function saveRepresentation(db: Db, r: Representation) {
  const values = { representing_party_id: r.representingPartyId, represented_party_id: r.representedPartyId };
  await db
    .insertInto('ki_representations')
    .values({ id: r.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

// ── Categorieën ─────────────────────────────────────────────────────────────
export type Category = { id: string; name: string };

export async function listCategories(db: Db, f: { ids?: string[]; name?: string }, page: Paging) {
  let q = db.selectFrom('ki_categories');
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [randomUUID()]);
  if (f.name) q = q.where('name', '=', f.name);
  const [total, rows] = await pageWithTotal(
    page,
    () =>
      q.select(['id', 'name']).orderBy('name').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return { count: total, items: rows as Category[] };
}

export async function saveCategory(db: Db, c: Category) {
  await db
    .insertInto('ki_categories')
    .values(c)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: c.name }))
    .execute();
}

// ── Categorie-relaties ──────────────────────────────────────────────────────
export type CategoryRelation = {
  id: string;
  partyId: string | null;
  categoryId: string | null;
  categoryName: string | null;
  startDate: string | null;
  endDate: string | null;
};

export type CategoryRelationFilter = {
  ids?: string[];
  partyIds?: string[];
  categoryIds?: string[];
  categoryName?: string;
  startDate?: string;
  endDate?: string;
};

export async function listCategoryRelations(db: Db, f: CategoryRelationFilter, page: Paging) {
  let q = db.selectFrom('ki_category_relations as r').leftJoin('ki_categories as c', 'c.id', 'r.category_id');
  if (f.ids) q = q.where('r.id', 'in', f.ids.length ? f.ids : [randomUUID()]);
  if (f.partyIds) q = q.where('r.party_id', 'in', f.partyIds.length ? f.partyIds : [randomUUID()]);
  if (f.categoryIds)
    q = q.where('r.category_id', 'in', f.categoryIds.length ? f.categoryIds : [randomUUID()]);
  if (f.categoryName) q = q.where('c.name', '=', f.categoryName);
  if (f.startDate) q = q.where('r.start_date', '=', f.startDate);
  if (f.endDate) q = q.where('r.end_date', '=', f.endDate);
  const [total, rows] = await pageWithTotal(
    page,
    () =>
      q
        .select(['r.id', 'r.party_id', 'r.category_id', 'c.name', 'r.start_date', 'r.end_date'])
        .orderBy('r.created_at')
        .orderBy('r.id')
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return {
    count: total,
    items: rows.map(
      (r): CategoryRelation => ({
        id: r.id,
        partyId: r.party_id,
        categoryId: r.category_id,
        categoryName: r.name,
        startDate: r.start_date,
        endDate: r.end_date,
      }),
    ),
  };
}

export async function saveCategoryRelation(db: Db, r: Omit<CategoryRelation, 'categoryName'>) {
  const values = {
    party_id: r.partyId,
    category_id: r.categoryId,
    start_date: r.startDate,
    end_date: r.endDate,
  };
  await db
    .insertInto('ki_category_relations')
    .values({ id: r.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/**
 * Party ids per link, for the partij's own lists (rekeningnummers, vertegenwoordigden,
 * categorieRelaties): the three lists in one statement, each in the order its listing has.
 */
export async function partyLinks(db: Db, partyIds: string[]) {
  if (partyIds.length === 0) return { accounts: [], representations: [], relations: [] };
  type Json<T> = T[] | null;
  const r = await sql<{
    accounts: Json<Parameters<typeof toAccount>[0]>;
    representations: Json<Parameters<typeof toRepresentation>[0]>;
    relations: Json<{
      id: string;
      party_id: string | null;
      category_id: string;
      name: string | null;
      start_date: string | null;
      end_date: string | null;
    }>;
  }>`
    SELECT
      (SELECT json_agg(json_build_object('id', a.id, 'party_id', a.party_id, 'iban', a.iban, 'bic', a.bic,
                                         'is_preferred', a.is_preferred) ORDER BY a.created_at, a.id)
       FROM ki_bank_accounts a WHERE a.party_id = ANY(${partyIds}::uuid[])) AS accounts,
      (SELECT json_agg(json_build_object('id', v.id, 'representing_party_id', v.representing_party_id,
                                         'represented_party_id', v.represented_party_id) ORDER BY v.created_at, v.id)
       FROM ki_representations v WHERE v.representing_party_id = ANY(${partyIds}::uuid[])) AS representations,
      (SELECT json_agg(json_build_object('id', r.id, 'party_id', r.party_id, 'category_id', r.category_id,
                                         'name', c.name, 'start_date', r.start_date, 'end_date', r.end_date)
                       ORDER BY r.created_at, r.id)
       FROM ki_category_relations r LEFT JOIN ki_categories c ON c.id = r.category_id
       WHERE r.party_id = ANY(${partyIds}::uuid[])) AS relations`.execute(db);
  const row = r.rows[0];
  return {
    accounts: (row?.accounts ?? []).map(toAccount),
    representations: (row?.representations ?? []).map(toRepresentation),
    relations: (row?.relations ?? []).map(
      (x): CategoryRelation => ({
        id: x.id,
        partyId: x.party_id,
        categoryId: x.category_id,
        categoryName: x.name,
        startDate: x.start_date,
        endDate: x.end_date,
      }),
    ),
  };
}
