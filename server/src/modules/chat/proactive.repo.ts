// The only SQL for chat_proactive_rules and chat_offers.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ChatProactiveRulesTable, ProactiveSignal } from './chat.tables.ts';

export const listRules = (db: Db) =>
  db.selectFrom('chat_proactive_rules').selectAll().orderBy('signal').orderBy('name').execute();

export const activeRulesFor = (db: Db, signal: ProactiveSignal) =>
  db
    .selectFrom('chat_proactive_rules')
    .selectAll()
    .where('signal', '=', signal)
    .where('active', '=', true)
    .orderBy('threshold')
    .execute();

export async function insertRule(db: Db, row: Insertable<ChatProactiveRulesTable>) {
  await db.insertInto('chat_proactive_rules').values(row).execute();
}

export async function updateRule(db: Db, id: string, set: Updateable<ChatProactiveRulesTable>) {
  const r = await db.updateTable('chat_proactive_rules').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteRule(db: Db, id: string) {
  const r = await db.deleteFrom('chat_proactive_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Records an offer unless the visitor had one since `notBefore`; true when this call may make the
 * offer. One statement, so two signals at once cannot both win.
 */
export async function claimOffer(db: Db, visitorId: string, ruleId: string, now: Date, notBefore: Date) {
  const row = await db
    .insertInto('chat_offers')
    .values({ visitor_id: visitorId, offered_at: now, rule_id: ruleId })
    .onConflict((oc) =>
      oc
        .column('visitor_id')
        .doUpdateSet({ offered_at: now, rule_id: ruleId })
        .where('chat_offers.offered_at', '<', notBefore),
    )
    .returning('visitor_id')
    .executeTakeFirst();
  return !!row;
}
