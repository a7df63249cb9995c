// SQL for opening hours and their exceptions.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { WeeklySchedule } from './routing.tables.ts';

export type ScheduleRow = {
  id: string;
  channel: string;
  team_id: string | null;
  always_accepted: boolean;
  weekly: WeeklySchedule;
  auto_reply: string | null;
  alternatives: string | null;
  updated_at: Date;
};

export type ExceptionRow = {
  id: string;
  day: string;
  channel: string | null;
  team_id: string | null;
  periods: [string, string][];
  reason: string;
  created_at: Date;
};

export const listSchedules = (db: Db): Promise<ScheduleRow[]> =>
  db.selectFrom('opening_hours').selectAll().orderBy('channel').orderBy('team_id', 'desc').execute();

/** The channel's rows: the team's own (if any) and the channel-wide one. */
export const schedulesFor = (db: Db, channel: string, teamId: string | null): Promise<ScheduleRow[]> =>
  db
    .selectFrom('opening_hours')
    .selectAll()
    .where('channel', '=', channel)
    .where((eb) =>
      teamId ? eb.or([eb('team_id', 'is', null), eb('team_id', '=', teamId)]) : eb('team_id', 'is', null),
    )
    .execute();

export async function upsertSchedule(
  db: Db,
  row: Omit<ScheduleRow, 'id' | 'updated_at'>,
  now: Date,
): Promise<string> {
  const existing = await db
    .selectFrom('opening_hours')
    .select('id')
    .where('channel', '=', row.channel)
    .where((eb) => (row.team_id ? eb('team_id', '=', row.team_id) : eb('team_id', 'is', null)))
    .forUpdate()
    .executeTakeFirst();
  const values = {
    always_accepted: row.always_accepted,
    weekly: JSON.stringify(row.weekly),
    auto_reply: row.auto_reply,
    alternatives: row.alternatives,
    updated_at: now,
  };
  if (existing) {
    await db.updateTable('opening_hours').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const id = randomUUID();
  await db
    .insertInto('opening_hours')
    .values({ id, channel: row.channel, team_id: row.team_id, ...values })
    .execute();
  return id;
}

export async function deleteSchedule(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('opening_hours').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export const listExceptions = (db: Db, from: string, to?: string): Promise<ExceptionRow[]> =>
  db
    .selectFrom('opening_exceptions')
    .selectAll()
    .where('day', '>=', from)
    .$if(!!to, (q) => q.where('day', '<=', to as string))
    .orderBy('day')
    .execute();

export async function insertException(
  db: Db,
  row: Omit<ExceptionRow, 'id' | 'created_at'>,
): Promise<string | null> {
  const id = randomUUID();
  const res = await db
    .insertInto('opening_exceptions')
    .values({ id, ...row, periods: JSON.stringify(row.periods) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

export async function deleteException(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('opening_exceptions').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
