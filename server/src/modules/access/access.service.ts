// Employees log in (local accounts, argon2) and get a session; applications use API tokens.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect.ts';
import {
  type Actor,
  defaultTokenPermissions,
  permissions as knownPermissions,
  type Permission,
  permissionsForRoles,
  type Role,
} from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import * as repo from './access.repo.ts';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const hashPassword = (password: string) => hash(password);

// Every application request used to start with a token look-up: one round trip before any work.
// Active tokens are remembered for a few seconds per database. A revoke in this process (the admin
// screen, or `loket token revoke` while `loket start` holds the embedded database) forgets them all
// at once; a revoke by another process (the CLI on a server database) takes effect within tokenTtlMs.
// Unknown and revoked tokens are never remembered, so a new token works at once.
export const tokenTtlMs = 5_000;
type CachedToken = Awaited<ReturnType<typeof repo.findActiveToken>> & {};
const tokenCache = new WeakMap<Db, Map<string, { token: CachedToken; at: number; generation: number }>>();
let revocations = 0;

async function activeToken(db: Db, hash: string, now: Date): Promise<CachedToken | undefined> {
  const cache = tokenCache.get(db) ?? new Map();
  tokenCache.set(db, cache);
  const hit = cache.get(hash);
  const age = hit ? now.getTime() - hit.at : -1;
  if (hit && hit.generation === revocations && age >= 0 && age < tokenTtlMs) return hit.token;
  const generation = revocations;
  const token = await repo.findActiveToken(db, hash);
  if (!token) {
    cache.delete(hash);
    return undefined;
  }
  // A revoke that ran while this look-up was under way must not be undone by caching its result.
  if (generation === revocations) {
    if (cache.size > 1000) cache.clear();
    cache.set(hash, { token, at: now.getTime(), generation });
  }
  return token;
}

/** Forget every remembered token (of every database): a revoke must take effect on the next request. */
function forgetTokens() {
  revocations++;
}

export async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Token\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthenticated', "Gebruik de vorm 'Authorization: Token <token>'.");
    const now = ctx.clock.now();
    const token = await activeToken(ctx.db, tokenHash(match[1]), now);
    if (!token) throw new AppError('unauthenticated', 'Ongeldig of ingetrokken API-token.');
    if (!token.last_used_at || now.getTime() - new Date(token.last_used_at).getTime() > 60_000) {
      await repo.touchToken(ctx.db, token.id, now);
      token.last_used_at = now;
    }
    const endUser = req.headers['x-loket-end-user'];
    return {
      kind: 'application',
      id: token.id,
      name: token.name,
      permissions: new Set(token.permissions as Permission[]),
      onBehalfOf: typeof endUser === 'string' && endUser.trim() ? endUser.trim().slice(0, 200) : null,
    };
  }
  const employeeId = req.session?.get('employeeId');
  if (!employeeId) return null;
  const employee = await repo.findEmployeeWithTeams(ctx.db, employeeId);
  if (!employee?.active) {
    req.session.delete();
    return null;
  }
  return {
    kind: 'employee',
    id: employee.id,
    name: employee.display_name,
    roles: employee.roles as Role[],
    teamIds: employee.teams.map((t) => t.id),
    permissions: permissionsForRoles(employee.roles),
  };
}

export async function login(db: Db, username: string, password: string) {
  const employee = await repo.findEmployeeByUsername(db, username.trim().toLowerCase());
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
  const ok = await verify(employee?.password_hash ?? dummyHash, password).catch(() => false);
  if (!employee?.active || !employee.password_hash || !ok) {
    throw new AppError('unauthenticated', 'Gebruikersnaam of wachtwoord klopt niet.');
  }
  return employee;
}

const dummyHash =
  '$argon2id$v=19$m=19456,t=2,p=1$GmFTQT+B+PxVlr19VYmC+w$p81trUkxChdwYtgUngDmii41duC/u6ytCWwwyo9U8so';

export async function me(db: Db, employeeId: string) {
  const employee = await repo.findEmployeeWithTeams(db, employeeId);
  if (!employee) throw new AppError('unauthenticated', 'Sessie verlopen.');
  return {
    id: employee.id,
    username: employee.username,
    displayName: employee.display_name,
    email: employee.email,
    roles: employee.roles,
    teams: employee.teams,
    permissions: [...permissionsForRoles(employee.roles)],
  };
}

export async function createToken(
  db: Db,
  name: string,
  permissionList: string[] = defaultTokenPermissions,
  /** Only the demo seed passes a fixed token, so the README can name it. */
  fixedToken?: string,
) {
  if (!name.trim()) throw invalid('name', 'Geef het token een naam.');
  const unknown = permissionList.filter((p) => !(knownPermissions as readonly string[]).includes(p));
  if (unknown.length > 0) throw invalid('permissions', `Onbekende rechten: ${unknown.join(', ')}.`);
  const token = fixedToken ?? `lkt_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await repo.insertToken(db, {
    id,
    name: name.trim(),
    token_hash: tokenHash(token),
    permissions: permissionList,
  });
  return { id, name: name.trim(), token, permissions: permissionList };
}

export async function revokeToken(db: Db, idOrName: string, at: Date) {
  forgetTokens();
  const count = await repo.revokeToken(db, idOrName, at);
  // Again after the update: a request that read the token before the update committed may have cached it.
  forgetTokens();
  if (count === 0) throw new AppError('not_found', `Geen actief token '${idOrName}' gevonden.`);
  return count;
}

export const listTokens = repo.listTokens;

export async function tokenIsActive(db: Db, token: string) {
  return !!(await repo.findActiveToken(db, tokenHash(token)));
}

export type EmployeeSummary = { id: string; name: string };
export type TeamSummary = { id: string; code: string; name: string };

/** Names of employees for showing who handled something; unknown ids are left out. */
export async function getEmployeeSummaries(db: Db, ids: string[]): Promise<EmployeeSummary[]> {
  const rows = await repo.findEmployeeNames(db, [...new Set(ids)]);
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

export const getTeams = (db: Db): Promise<TeamSummary[]> => repo.listTeams(db);

export type EmployeeEntry = {
  id: string;
  username: string;
  name: string;
  email: string | null;
  active: boolean;
};

/** Every employee (or these ids) with username, e-mail and whether active; unknown ids are left out. */
export async function getEmployeeDirectory(db: Db, ids?: string[]): Promise<EmployeeEntry[]> {
  const rows = await repo.listEmployees(db, ids ? [...new Set(ids)] : undefined);
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    name: r.display_name,
    email: r.email,
    active: r.active,
  }));
}

/** The active employee with this username or e-mail address (as a telephone platform names them), or null. */
export async function findActiveEmployeeByLogin(
  db: Db,
  login: string,
): Promise<{ id: string; name: string } | null> {
  const value = login.trim().toLowerCase();
  const byName = await repo.findEmployeeByUsername(db, value);
  const found = byName ?? (value.includes('@') ? await repo.findEmployeeByEmail(db, value) : undefined);
  return found?.active ? { id: found.id, name: found.display_name } : null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findTeam(db: Db, idOrCode: string): Promise<TeamSummary | null> {
  const teams = await repo.listTeams(db);
  const byId = uuidPattern.test(idOrCode);
  return teams.find((t) => (byId ? t.id === idOrCode.toLowerCase() : t.code === idOrCode)) ?? null;
}

export type EmployeeMailbox = { id: string; name: string; email: string | null; teamIds: string[] };

/** Active employees by id or by team membership, with their e-mail: who to notify about work. */
export async function getActiveEmployees(
  db: Db,
  filter: { ids?: string[]; teamIds?: string[] },
): Promise<EmployeeMailbox[]> {
  const rows = await repo.findActiveEmployeesWithTeams(db, {
    ids: filter.ids ?? [],
    teamIds: filter.teamIds ?? [],
  });
  const byId = new Map<string, EmployeeMailbox>();
  for (const r of rows) {
    const e = byId.get(r.id) ?? { id: r.id, name: r.display_name, email: r.email, teamIds: [] };
    if (r.team_id) e.teamIds.push(r.team_id);
    byId.set(r.id, e);
  }
  return [...byId.values()];
}
