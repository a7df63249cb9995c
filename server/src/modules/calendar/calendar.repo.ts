import type { Db } from '../../db/connect.ts';

export async function listClosingDays(db: Db, from?: string, to?: string) {
  let q = db.selectFrom('closing_days').select(['day', 'reason']).orderBy('day');
  if (from) q = q.where('day', '>=', from);
  if (to) q = q.where('day', '<=', to);
  return q.execute();
}

export async function upsertClosingDay(db: Db, day: string, reason: string) {
  await db
    .insertInto('closing_days')
    .values({ day, reason })
    .onConflict((oc) => oc.column('day').doUpdateSet({ reason }))
    .execute();
}

export async function deleteClosingDay(db: Db, day: string) {
  const r = await db.deleteFrom('closing_days').where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows);
}
