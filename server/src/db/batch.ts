// For batch processors (the mail and messaging inboxes): a batch is stored whole in a savepoint; when
// it fails as a whole, each item is stored again in its own savepoint, so the one that fails is undone
// alone and the others stay. And reads shared by the items of one batch.
import { sql } from 'kysely';
import type { Db } from './connect.ts';

/** Runs fn inside a savepoint: its writes stay when it succeeds and are undone when it throws. */
async function within<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
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

/**
 * Stores items whole (more than one, in one savepoint) or, when that fails, one by one, each in its own
 * savepoint; an item that fails alone is undone and handed to onFailure. One result per store call.
 */
export async function storeWholeOrEach<T, R>(
  trx: Db,
  items: T[],
  store: (items: T[]) => Promise<R>,
  onFailure: (item: T, err: unknown) => Promise<void>,
): Promise<R[]> {
  if (items.length > 1) {
    const whole = await within(trx, () => store(items)).then(
      (value) => ({ value }),
      () => null,
    );
    if (whole) return [whole.value];
  }
  const results: R[] = [];
  for (const item of items) {
    try {
      results.push(await within(trx, () => store([item])));
    } catch (err) {
      await onFailure(item, err);
    }
  }
  return results;
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
