// The only SQL of the portal's preferences: message preferences per kind and verification codes.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AddressVerificationsTable, MessageChannel, MessageKind } from './preferences.tables.ts';

export const selectMessagePreferences = (db: Db, partyId: string) =>
  db
    .selectFrom('party_message_preferences')
    .select(['message_kind', 'channel'])
    .where('party_id', '=', partyId)
    .execute();

export async function upsertMessagePreference(
  db: Db,
  partyId: string,
  kind: MessageKind,
  channel: MessageChannel,
  at: Date,
) {
  await db
    .insertInto('party_message_preferences')
    .values({ party_id: partyId, message_kind: kind, channel, updated_at: at })
    .onConflict((oc) => oc.columns(['party_id', 'message_kind']).doUpdateSet({ channel, updated_at: at }))
    .execute();
}

/** Back to the default for the given kinds, or for every kind now set to one of the given channels. */
export async function deleteMessagePreferences(
  db: Db,
  partyId: string,
  which: { kinds: MessageKind[] } | { channels: MessageChannel[] },
) {
  const [column, values] =
    'kinds' in which ? (['message_kind', which.kinds] as const) : (['channel', which.channels] as const);
  if (values.length === 0) return;
  await db
    .deleteFrom('party_message_preferences')
    .where('party_id', '=', partyId)
    .where(column, 'in', values)
    .execute();
}

/** Codes asked for since `since`, for the hourly limit; the party row is locked by the caller. */
export async function countVerificationsSince(db: Db, partyId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('address_verifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('party_id', '=', partyId)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertVerification(db: Db, row: Insertable<AddressVerificationsTable>) {
  await db.insertInto('address_verifications').values(row).execute();
}

export const deleteVerification = (db: Db, id: string) =>
  db.deleteFrom('address_verifications').where('id', '=', id).execute();

export const selectVerificationForUpdate = (db: Db, partyId: string, id: string) =>
  db
    .selectFrom('address_verifications')
    .selectAll()
    .where('id', '=', id)
    .where('party_id', '=', partyId)
    .forUpdate()
    .executeTakeFirst();

export async function updateVerification(db: Db, id: string, set: { attempts?: number; verified_at?: Date }) {
  await db.updateTable('address_verifications').set(set).where('id', '=', id).execute();
}
