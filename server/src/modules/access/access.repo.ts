import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export async function findEmployeeByUsername(db: Db, username: string) {
  return db.selectFrom('employees').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findEmployeeWithTeams(db: Db, id: string) {
  const employee = await db
    .selectFrom('employees')
    .select(['id', 'username', 'display_name', 'email', 'roles', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!employee) return undefined;
  const teams = await db
    .selectFrom('employee_teams')
    .innerJoin('teams', 'teams.id', 'employee_teams.team_id')
    .select(['teams.id', 'teams.code', 'teams.name'])
    .where('employee_teams.employee_id', '=', id)
    .orderBy('teams.name')
    .execute();
  return { ...employee, teams };
}

export async function findActiveToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'permissions', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(db: Db, id: string, at: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function insertToken(
  db: Db,
  row: { id: string; name: string; token_hash: string; permissions: string[] },
) {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function revokeToken(db: Db, idOrName: string, at: Date) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrName);
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where(isUuid ? 'id' : 'name', '=', idOrName)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listTokens(db: Db) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'permissions', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('created_at')
    .execute();
}

export async function findEmployeeNames(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('employees').select(['id', 'display_name']).where('id', 'in', ids).execute();
}

/** Employees as a directory (all, or these ids): for adapters that list them as actors. */
export async function listEmployees(db: Db, ids?: string[]) {
  if (ids?.length === 0) return [];
  let q = db.selectFrom('employees').select(['id', 'username', 'display_name', 'email', 'active']);
  if (ids) q = q.where('id', 'in', ids);
  return q.orderBy('display_name').orderBy('id').execute();
}

export async function listTeams(db: Db) {
  return db.selectFrom('teams').select(['id', 'code', 'name']).orderBy('name').execute();
}

export async function findActiveEmployeesWithTeams(db: Db, filter: { ids: string[]; teamIds: string[] }) {
  if (filter.ids.length === 0 && filter.teamIds.length === 0) return [];
  return db
    .selectFrom('employees')
    .leftJoin('employee_teams', 'employee_teams.employee_id', 'employees.id')
    .select(['employees.id', 'employees.display_name', 'employees.email', 'employee_teams.team_id'])
    .where('employees.active', '=', true)
    .where((eb) =>
      eb.or([
        ...(filter.ids.length ? [eb('employees.id', 'in', filter.ids)] : []),
        ...(filter.teamIds.length ? [eb('employee_teams.team_id', 'in', filter.teamIds)] : []),
      ]),
    )
    .execute();
}

// ── Employees known through the identity provider (OpenID Connect) ──────────
export async function findEmployeeByEmail(db: Db, email: string) {
  return db
    .selectFrom('employees')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function insertEmployee(
  db: Db,
  row: { id: string; username: string; display_name: string; email: string | null; roles: string[] },
) {
  await db
    .insertInto('employees')
    .values({ ...row, password_hash: null })
    .execute();
}

export async function updateEmployeeFromIdp(
  db: Db,
  id: string,
  values: { display_name?: string; email?: string | null; roles?: string[] },
) {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('employees').set(values).where('id', '=', id).execute();
}

export async function findTeamIdsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('teams').select('id').where('code', 'in', codes).execute();
  return rows.map((r) => r.id);
}

export async function replaceEmployeeTeams(db: Db, employeeId: string, teamIds: string[]) {
  await db.deleteFrom('employee_teams').where('employee_id', '=', employeeId).execute();
  if (teamIds.length > 0) {
    await db
      .insertInto('employee_teams')
      .values(teamIds.map((team_id) => ({ employee_id: employeeId, team_id })))
      .execute();
  }
}
