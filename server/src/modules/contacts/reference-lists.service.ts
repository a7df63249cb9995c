// The maintained lists a contact chooses from: contact reasons (admin-editable, counted in reports)
// and channels. Re-exported from contacts.service.ts.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { AppError, conflict, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { findTeam } from '../access/access.service.ts';
import * as repo from './contacts.repo.ts';
import {
  type CreateReasonInput,
  createReasonInput,
  parseInput,
  type UpdateReasonInput,
  updateReasonInput,
} from './contacts.schemas.ts';

export type Reason = {
  id: string;
  code: string;
  label: string;
  serviceNormDays: number;
  teamId: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};
export type Channel = { code: string; label: string; active: boolean; sortOrder: number };

type ReasonRow = NonNullable<Awaited<ReturnType<typeof repo.findReason>>>;
const toReason = (r: ReasonRow): Reason => ({
  id: r.id,
  code: r.code,
  label: r.label,
  serviceNormDays: r.service_norm_days,
  teamId: r.team_id,
  active: r.active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listReasons(db: Db, filter: { active?: boolean } = {}): Promise<Reason[]> {
  return (await repo.listReasons(db, filter)).map(toReason);
}

/** A reason by id or code; throws notFound('Contactreden'). */
export async function getReason(db: Db, idOrCode: string): Promise<Reason> {
  const row = uuidPattern.test(idOrCode)
    ? await repo.findReason(db, { id: idOrCode.toLowerCase() })
    : await repo.findReason(db, { code: idOrCode });
  if (!row) throw notFound('Contactreden');
  return toReason(row);
}

export type ReasonRef = { field: string; by: { id: string } | { code: string } };

/** Which reason a contact refers to, by the field the client used; both fields at once is an error. */
export function reasonRef(ref: { reasonId?: string | null; reasonCode?: string }): ReasonRef | null {
  if (ref.reasonId && ref.reasonCode) {
    throw invalid('reasonCode', 'Geef reasonId of reasonCode, niet allebei.');
  }
  if (ref.reasonCode) return { field: 'reasonCode', by: { code: ref.reasonCode } };
  if (ref.reasonId) return { field: 'reasonId', by: { id: ref.reasonId } };
  return null;
}

/** Unknown or retired → 422 naming the field the client used. */
function checkReason(field: string, row: { active: boolean } | undefined) {
  if (!row) throw unprocessable(field, 'Deze contactreden bestaat niet.');
  if (!row.active) throw unprocessable(field, 'Deze contactreden is niet meer in gebruik.');
}

function checkChannel(code: string, row: { active: boolean } | undefined) {
  if (!row) throw invalid('channel', `Onbekend kanaal '${code}'.`);
  if (!row.active) throw invalid('channel', `Kanaal '${code}' is niet in gebruik.`);
}

/** The reason a contact refers to: unknown or retired → 422 naming the field the client used. */
export async function resolveReason(db: Db, ref: { reasonId?: string | null; reasonCode?: string }) {
  const r = reasonRef(ref);
  if (!r) return null;
  const row = await repo.findReason(db, r.by);
  checkReason(r.field, row);
  return row as ReasonRow;
}

/**
 * What a registration's checked insert saw (contacts.repo insertCheckedContact), as the client's
 * error or the contact's reason (id, code, label; null without one). `ref` is reasonRef's answer.
 */
export function checkedReason(
  code: string,
  ref: ReasonRef | null,
  seen: repo.CheckedInsert,
): { id: string; code: string; label: string } | null {
  checkChannel(code, seen.channel_active === null ? undefined : { active: seen.channel_active });
  if (!ref) return null;
  checkReason(ref.field, seen.reason_id ? { active: seen.reason_active === true } : undefined);
  return {
    id: seen.reason_id as string,
    code: seen.reason_code as string,
    label: seen.reason_label as string,
  };
}

async function checkTeam(db: Db, teamId: string | null | undefined) {
  if (teamId && !(await findTeam(db, teamId))) throw unprocessable('teamId', 'Dit team bestaat niet.');
}

async function checkCodeFree(db: Db, code: string, exceptId?: string) {
  const existing = await repo.findReason(db, { code });
  if (existing && existing.id !== exceptId)
    throw conflict(`Er is al een contactreden met code '${code}'.`, 'code');
}

export async function createReason(db: Db, input: CreateReasonInput, now: Date): Promise<Reason> {
  const data = parseInput(createReasonInput, input);
  await checkTeam(db, data.teamId);
  await checkCodeFree(db, data.code);
  const id = randomUUID();
  await repo.insertReason(db, {
    id,
    code: data.code,
    label: data.label,
    service_norm_days: data.serviceNormDays,
    team_id: data.teamId ?? null,
    active: data.active,
    created_at: now,
    updated_at: now,
  });
  return getReason(db, id);
}

export async function updateReason(db: Db, id: string, patch: UpdateReasonInput, now: Date): Promise<Reason> {
  const data = parseInput(updateReasonInput, patch);
  await getReason(db, id);
  await checkTeam(db, data.teamId);
  if (data.code) await checkCodeFree(db, data.code, id);
  await repo.updateReason(db, id, {
    ...(data.code !== undefined ? { code: data.code } : {}),
    ...(data.label !== undefined ? { label: data.label } : {}),
    ...(data.serviceNormDays !== undefined ? { service_norm_days: data.serviceNormDays } : {}),
    ...(data.teamId !== undefined ? { team_id: data.teamId } : {}),
    ...(data.active !== undefined ? { active: data.active } : {}),
    updated_at: now,
  });
  return getReason(db, id);
}

type ChannelRow = Awaited<ReturnType<typeof repo.listChannels>>[number];
const toChannel = (c: ChannelRow): Channel => ({
  code: c.code,
  label: c.label,
  active: c.active,
  sortOrder: c.sort_order,
});

export async function listChannels(db: Db, filter: { active?: boolean } = {}): Promise<Channel[]> {
  return (await repo.listChannels(db, filter)).map(toChannel);
}

/** A channel a new contact may use: unknown or switched off → 400 naming 'channel'. */
export async function requireActiveChannel(db: Db, code: string): Promise<Channel> {
  const row = await repo.findChannel(db, code);
  checkChannel(code, row);
  return toChannel(row as ChannelRow);
}

export async function updateChannel(db: Db, code: string, patch: { label?: string; active?: boolean }) {
  if (patch.label === undefined && patch.active === undefined) {
    throw new AppError('invalid', 'Geef label of active.', [
      { name: 'body', code: 'empty', reason: 'Niets te wijzigen.' },
    ]);
  }
  const count = await repo.updateChannel(db, code, patch);
  if (count === 0) throw notFound('Kanaal');
  const row = await repo.findChannel(db, code);
  if (!row) throw notFound('Kanaal');
  return toChannel(row);
}
