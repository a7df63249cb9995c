// Beheer: employees with their roles and teams, teams and members, API tokens. Admin only (checked in
// the routes). Tokens use the same functions as the `loket token` CLI (access.service.ts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import {
  defaultTokenPermissions,
  permissions as knownPermissions,
  type roles as knownRoles,
} from '../../platform/actor.ts';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { replaceEmployeeTeams } from './access.repo.ts';
import { createToken, hashPassword, listTokens, revokeToken } from './access.service.ts';
import * as repo from './admin.repo.ts';

const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

export type EmployeeAdminView = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  teams: { id: string; code: string; name: string }[];
  active: boolean;
  localLogin: boolean;
  createdAt: Date;
};

export async function listEmployees(db: Db): Promise<EmployeeAdminView[]> {
  const { employees, memberships } = await repo.listEmployeesWithTeams(db);
  return employees.map((e) => ({
    id: e.id,
    username: e.username,
    displayName: e.display_name,
    email: e.email,
    roles: e.roles,
    teams: memberships
      .filter((m) => m.employee_id === e.id)
      .map((m) => ({ id: m.id, code: m.code, name: m.name })),
    active: e.active,
    localLogin: !!e.local_login,
    createdAt: e.created_at as unknown as Date,
  }));
}

async function employeeView(db: Db, id: string) {
  const found = (await listEmployees(db)).find((e) => e.id === id);
  if (!found) throw notFound('Medewerker');
  return found;
}

async function requireTeams(db: Db, teamIds: string[]) {
  const unique = [...new Set(teamIds)];
  const found = await repo.findTeamsByIds(db, unique);
  if (found.length !== unique.length) throw unprocessable('teamIds', 'Een of meer teams bestaan niet.');
  return unique;
}

export type NewEmployee = {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  roles: (typeof knownRoles)[number][];
  teamIds: string[];
};

const minPasswordLength = 10;
function checkPassword(password: string) {
  if (password.length < minPasswordLength) {
    throw invalid('password', `Een wachtwoord heeft minstens ${minPasswordLength} tekens.`);
  }
}

/** A local account (username + password); employees from the IdP are created at their first login. */
export async function createEmployee(db: Db, input: NewEmployee) {
  const username = input.username.trim().toLowerCase();
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  await inTransaction(db, async (trx) => {
    if (await repo.usernameTaken(trx, username)) {
      throw conflict(`De gebruikersnaam '${username}' is al in gebruik.`, 'username');
    }
    const teamIds = await requireTeams(trx, input.teamIds);
    await repo.insertLocalEmployee(trx, {
      id,
      username,
      display_name: input.displayName.trim(),
      email: input.email?.trim() || null,
      roles: [...new Set(input.roles)],
      password_hash: passwordHash,
    });
    await replaceTeams(trx, id, teamIds);
  });
  return employeeView(db, id);
}

export type EmployeePatch = {
  displayName?: string;
  email?: string | null;
  roles?: (typeof knownRoles)[number][];
  teamIds?: string[];
  active?: boolean;
  password?: string;
};

/**
 * Change roles, teams, name or e-mail, set a new password, or (de)activate. An admin cannot take the
 * last active admin away (themselves included), so Beheer can never lock everyone out.
 */
export async function updateEmployee(db: Db, id: string, patch: EmployeePatch, actorId: string) {
  if (patch.password !== undefined) checkPassword(patch.password);
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  await inTransaction(db, async (trx) => {
    const current = await repo.findEmployee(trx, id);
    if (!current) throw notFound('Medewerker');
    const losesAdmin =
      current.roles.includes('admin') &&
      current.active &&
      (patch.active === false || (patch.roles && !patch.roles.includes('admin')));
    if (losesAdmin && (await repo.countActiveAdmins(trx, id)) === 0) {
      throw conflict('Er moet minstens één actieve beheerder blijven.');
    }
    if (id === actorId && patch.active === false) {
      throw conflict('U kunt uw eigen account niet deactiveren.', 'active');
    }
    await repo.updateEmployee(trx, id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
      ...(patch.email !== undefined ? { email: patch.email?.trim() || null } : {}),
      ...(patch.roles !== undefined ? { roles: [...new Set(patch.roles)] } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    });
    if (patch.teamIds) await replaceTeams(trx, id, await requireTeams(trx, patch.teamIds));
  });
  return employeeView(db, id);
}

const replaceTeams = replaceEmployeeTeams;

// ── teams ──────────────────────────────────────────────────────────────────
export async function createTeam(db: Db, input: { code: string; name: string }) {
  const id = randomUUID();
  return inTransaction(db, async (trx) => {
    if (await repo.findTeamByCode(trx, input.code)) {
      throw conflict(`De teamcode '${input.code}' is al in gebruik.`, 'code');
    }
    await repo.insertTeam(trx, { id, code: input.code, name: input.name.trim() });
    return { id, code: input.code, name: input.name.trim() };
  });
}

export async function renameTeam(db: Db, id: string, name: string) {
  if ((await repo.renameTeam(db, id, name.trim())) === 0) throw notFound('Team');
  const [team] = await repo.findTeamsByIds(db, [id]);
  return team;
}

export async function setTeamMembers(db: Db, teamId: string, employeeIds: string[]) {
  const unique = [...new Set(employeeIds)];
  await inTransaction(db, async (trx) => {
    if ((await repo.findTeamsByIds(trx, [teamId])).length === 0) throw notFound('Team');
    const known = (await repo.listEmployeesWithTeams(trx)).employees.map((e) => e.id);
    if (unique.some((id) => !known.includes(id))) {
      throw unprocessable('employeeIds', 'Een of meer medewerkers bestaan niet.');
    }
    await repo.replaceTeamMembers(trx, teamId, unique);
  });
  return { teamId, employeeIds: unique };
}

// ── API tokens: the same service as `loket token create|list|revoke` ───────
export async function listApiTokens(db: Db) {
  const rows = await listTokens(db);
  return {
    results: rows.map((r) => ({
      id: r.id,
      name: r.name,
      permissions: r.permissions,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    })),
    availablePermissions: [...knownPermissions],
    defaultPermissions: defaultTokenPermissions,
  };
}

export const createApiToken = (db: Db, name: string, permissionList?: string[]) =>
  createToken(db, name, permissionList?.length ? permissionList : defaultTokenPermissions);

export async function revokeApiToken(db: Db, id: string, at: Date) {
  await revokeToken(db, id, at);
}
