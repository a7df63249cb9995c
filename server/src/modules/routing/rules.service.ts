// Routing rules as data: an admin lists, creates, changes, removes and reorders them, and asks
// where a message would go. Every reference (team, channel, contact reason) is checked on save.
import type { Db } from '../../db/connect.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { findTeam, getTeams } from '../access/access.service.ts';
import { inTransaction, listChannels, listReasons } from '../contacts/contacts.service.ts';
import { Problems } from './problems.ts';
import * as repo from './routing.repo.ts';
import type { RuleConditions } from './routing.tables.ts';

export type Rule = {
  id: string;
  position: number;
  name: string;
  active: boolean;
  team: { id: string; code: string; name: string };
  conditions: RuleConditions;
  updatedAt: string;
};

export type RuleInput = {
  name: string;
  teamId: string;
  active?: boolean;
  position?: number;
  conditions: RuleConditions;
};

const partyKinds = ['person', 'organisation', 'contact_person'];
const postcodePattern = /^(\d{4}([A-Z]{2})?|\d{4}-\d{4})$/;

export async function listRules(db: Db): Promise<Rule[]> {
  const [rows, teams] = await Promise.all([repo.listRules(db), getTeams(db)]);
  const byId = new Map(teams.map((t) => [t.id, t]));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    active: r.active,
    team: byId.get(r.team_id) ?? { id: r.team_id, code: '?', name: '?' },
    conditions: r.conditions,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function getRule(db: Db, id: string): Promise<Rule> {
  const rule = (await listRules(db)).find((r) => r.id === id);
  if (!rule) throw notFound('Routeringsregel');
  return rule;
}

const cleanList = (list: string[] | undefined) =>
  list ? [...new Set(list.map((x) => x.trim()).filter(Boolean))] : undefined;

/** Checks and tidies the conditions: known channels and reasons, sensible keywords and postcodes. */
async function checkConditions(db: Db, input: RuleConditions, p: Problems): Promise<RuleConditions> {
  const c: RuleConditions = {};
  const channels = cleanList(input.channels);
  if (channels?.length) {
    const known = new Set((await listChannels(db)).map((x) => x.code));
    for (const ch of channels) if (!known.has(ch)) p.add('conditions.channels', `Onbekend kanaal '${ch}'.`);
    c.channels = channels;
  }
  const addresses = cleanList(input.addresses);
  if (addresses?.length) c.addresses = addresses;
  const reasons = cleanList(input.reasonCodes);
  if (reasons?.length) {
    const known = new Set((await listReasons(db)).map((x) => x.code));
    for (const r of reasons)
      if (!known.has(r)) p.add('conditions.reasonCodes', `Onbekende contactreden '${r}'.`);
    c.reasonCodes = reasons;
  }
  const keywords = cleanList(input.keywords);
  if (keywords?.length) {
    for (const k of keywords)
      if (!/[\p{L}\p{N}]/u.test(k))
        p.add('conditions.keywords', `Trefwoord '${k}' bevat geen letters of cijfers.`);
    c.keywords = keywords;
  }
  const kinds = cleanList(input.partyKinds) as RuleConditions['partyKinds'];
  if (kinds?.length) {
    for (const k of kinds)
      if (!partyKinds.includes(k)) p.add('conditions.partyKinds', `Onbekende soort partij '${k}'.`);
    c.partyKinds = kinds;
  }
  if (input.hasKvkNummer !== undefined && input.hasKvkNummer !== null) c.hasKvkNummer = input.hasKvkNummer;
  const postcodes = cleanList(input.postcodes)?.map((x) => x.replace(/\s/g, '').toUpperCase());
  if (postcodes?.length) {
    for (const pc of postcodes)
      if (!postcodePattern.test(pc))
        p.add('conditions.postcodes', `Postcode '${pc}' is geen 4 cijfers, postcode of reeks als 1000-1099.`);
    c.postcodes = postcodes;
  }
  if (Object.keys(c).length === 0)
    p.add(
      'conditions',
      'Geef minstens één voorwaarde; berichten zonder passende regel gaan al naar het KCC.',
    );
  return c;
}

async function checkRule(db: Db, input: Partial<RuleInput>, p: Problems) {
  if (input.name !== undefined && !input.name.trim()) p.add('name', 'Geef de regel een naam.');
  if (input.name && input.name.length > 200) p.add('name', 'De naam is te lang (maximaal 200 tekens).');
  if (input.teamId !== undefined && !(await findTeam(db, input.teamId)))
    p.add('teamId', 'Dit team bestaat niet.');
  return input.conditions === undefined ? undefined : checkConditions(db, input.conditions, p);
}

export async function createRule(db: Db, input: RuleInput, now: Date): Promise<Rule> {
  const p = new Problems();
  const conditions = await checkRule(db, input, p);
  p.throwIfAny();
  const team = await findTeam(db, input.teamId);
  const id = await inTransaction(db, (trx) =>
    repo.insertRule(
      trx,
      {
        name: input.name.trim(),
        active: input.active ?? true,
        team_id: team?.id as string,
        conditions: conditions as RuleConditions,
        ...(input.position ? { position: input.position } : {}),
      },
      now,
    ),
  );
  return getRule(db, id);
}

export async function updateRule(db: Db, id: string, patch: Partial<Omit<RuleInput, 'position'>>, now: Date) {
  if (!(await repo.findRule(db, id))) throw notFound('Routeringsregel');
  const p = new Problems();
  const conditions = await checkRule(db, patch, p);
  p.throwIfAny();
  const team = patch.teamId ? await findTeam(db, patch.teamId) : null;
  await repo.updateRule(
    db,
    id,
    {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(team ? { team_id: team.id } : {}),
      ...(conditions ? { conditions } : {}),
    },
    now,
  );
  return getRule(db, id);
}

export async function deleteRule(db: Db, id: string, now: Date) {
  await inTransaction(db, async (trx) => {
    if (!(await repo.deleteRule(trx, id))) throw notFound('Routeringsregel');
    // Close the gap so positions stay 1..n.
    const rest = await repo.listRules(trx);
    await repo.setPositions(
      trx,
      rest.map((r) => r.id),
      now,
    );
  });
}

/** A new order: every rule exactly once. */
export async function reorderRules(db: Db, ids: string[], now: Date): Promise<Rule[]> {
  const current = await repo.listRules(db);
  const known = new Set(current.map((r) => r.id));
  const given = new Set(ids);
  if (given.size !== ids.length || given.size !== known.size || ids.some((id) => !known.has(id)))
    throw new AppError('invalid', 'Geef elke routeringsregel precies één keer in de nieuwe volgorde.', [
      { name: 'ids', code: 'invalid', reason: 'Geef elke routeringsregel precies één keer.' },
    ]);
  await inTransaction(db, (trx) => repo.setPositions(trx, ids, now));
  return listRules(db);
}
