// The only SQL of the routing module: rules and queue items.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { QueueStatus, RuleConditions } from './routing.tables.ts';

export type RuleRow = {
  id: string;
  position: number;
  name: string;
  active: boolean;
  team_id: string;
  conditions: RuleConditions;
  created_at: Date;
  updated_at: Date;
};

export const listRules = (db: Db, onlyActive = false): Promise<RuleRow[]> =>
  db
    .selectFrom('routing_rules')
    .selectAll()
    .$if(onlyActive, (q) => q.where('active', '=', true))
    .orderBy('position')
    .orderBy('created_at')
    .execute();

/** A digest of every rule row: equal digests, equal rules (so parsed rules can be reused safely). */
export async function rulesDigest(db: Db): Promise<string> {
  const row = await sql<{ digest: string | null }>`
    SELECT md5(string_agg(r::text, '|' ORDER BY r.position, r.created_at, r.id)) AS digest
    FROM routing_rules r WHERE r.active`.execute(db);
  return row.rows[0]?.digest ?? 'none';
}

export const findRule = (db: Db, id: string): Promise<RuleRow | undefined> =>
  db.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertRule(
  db: Db,
  row: { name: string; active: boolean; team_id: string; conditions: RuleConditions; position?: number },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  // Without a position the rule goes last; with one, the rules from there on move down one place.
  const last = await db
    .selectFrom('routing_rules')
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst();
  const end = (last?.max ?? 0) + 1;
  const position = row.position === undefined ? end : Math.min(Math.max(1, row.position), end);
  if (position < end) {
    await db
      .updateTable('routing_rules')
      .set({ position: sql`position + 1` })
      .where('position', '>=', position)
      .execute();
  }
  await db
    .insertInto('routing_rules')
    .values({
      id,
      position,
      name: row.name,
      active: row.active,
      team_id: row.team_id,
      conditions: JSON.stringify(row.conditions),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function updateRule(
  db: Db,
  id: string,
  patch: { name?: string; active?: boolean; team_id?: string; conditions?: RuleConditions },
  now: Date,
): Promise<boolean> {
  const res = await db
    .updateTable('routing_rules')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.team_id !== undefined ? { team_id: patch.team_id } : {}),
      ...(patch.conditions !== undefined ? { conditions: JSON.stringify(patch.conditions) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteRule(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Positions 1..n in the given order. */
export async function setPositions(db: Db, ids: string[], now: Date) {
  for (const [i, id] of ids.entries()) {
    await db
      .updateTable('routing_rules')
      .set({ position: i + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}

// ── Queue items ──

type QueueItemInput = { contactId: string; teamId: string; ruleId: string | null; at: Date };

const queueItemRow = (row: QueueItemInput) => ({
  id: randomUUID(),
  contact_id: row.contactId,
  team_id: row.teamId,
  rule_id: row.ruleId,
  enqueued_at: row.at,
});

export async function insertQueueItem(db: Db, row: QueueItemInput): Promise<boolean> {
  const res = await db
    .insertInto('queue_items')
    .values(queueItemRow(row))
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Idempotent per contact, like insertQueueItem. */
export async function insertQueueItems(db: Db, rows: QueueItemInput[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('queue_items')
    .values(rows.map(queueItemRow))
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .execute();
}

export type QueueItemRow = {
  id: string;
  contact_id: string;
  team_id: string;
  rule_id: string | null;
  status: QueueStatus;
  claimed_by: string | null;
  enqueued_at: Date;
  claimed_at: Date | null;
  done_at: Date | null;
  done_by: string | null;
};

export const findQueueItem = (db: Db, id: string): Promise<QueueItemRow | undefined> =>
  db.selectFrom('queue_items').selectAll().where('id', '=', id).executeTakeFirst();

export const findQueueItemForUpdate = (db: Db, id: string): Promise<QueueItemRow | undefined> =>
  db.selectFrom('queue_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const findQueueItemByContact = (db: Db, contactId: string): Promise<QueueItemRow | undefined> =>
  db.selectFrom('queue_items').selectAll().where('contact_id', '=', contactId).executeTakeFirst();

export async function countWaiting(db: Db, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('queue_items')
    .select([
      'team_id',
      'status',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.min('enqueued_at').as('oldest'),
    ])
    .where('team_id', 'in', teamIds)
    .where('status', '<>', 'done')
    .groupBy(['team_id', 'status'])
    .execute();
}

/** Open first, then claimed; oldest first within each. */
export const listWaiting = (db: Db, teamId: string, limit: number): Promise<QueueItemRow[]> =>
  db
    .selectFrom('queue_items')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('status', '<>', 'done')
    .orderBy(sql`CASE status WHEN 'open' THEN 0 ELSE 1 END`)
    .orderBy('enqueued_at')
    .orderBy('id')
    .limit(limit)
    .execute();

export async function setQueueStatus(
  db: Db,
  id: string,
  set: Partial<Pick<QueueItemRow, 'status' | 'claimed_by' | 'claimed_at' | 'done_at' | 'done_by'>>,
) {
  await db.updateTable('queue_items').set(set).where('id', '=', id).execute();
}
