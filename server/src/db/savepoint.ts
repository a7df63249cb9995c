// A savepoint around part of a transaction, for batch processors (the mail and messaging inboxes):
// when a batch fails as a whole, each item is stored again in its own savepoint, so the one that
// fails is undone alone and the others stay.
import { sql } from 'kysely';
import type { Db } from './connect.ts';

/** Runs fn inside a savepoint: its writes stay when it succeeds and are undone when it throws. */
export async function within<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT batch_item`.execute(trx);
  try {
    const result = await fn();
    await sql`RELEASE SAVEPOINT batch_item`.execute(trx);
    return result;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT batch_item`.execute(trx);
    throw err;
  }
}

/** Each key read once per batch (messages from the same sender, for the same team). */
export function once<V>(read: (key: string) => Promise<V>) {
  const seen = new Map<string, Promise<V>>();
  return (key: string) => {
    let value = seen.get(key);
    if (!value) {
      value = read(key);
      seen.set(key, value);
    }
    return value;
  };
}
