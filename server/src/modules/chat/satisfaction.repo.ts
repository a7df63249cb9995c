// The only SQL for satisfaction_requests (scores themselves: chat.repo.ts).
import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { SatisfactionRequestsTable } from './chat.tables.ts';

export async function insertRequest(db: Db, row: Insertable<SatisfactionRequestsTable>) {
  await db.insertInto('satisfaction_requests').values(row).execute();
}

export const findRequest = (db: Db, tokenHash: string) =>
  db.selectFrom('satisfaction_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Marks the link used; false when it already was (one answer per link). */
export async function useRequest(db: Db, tokenHash: string, at: Date) {
  const r = await db
    .updateTable('satisfaction_requests')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
