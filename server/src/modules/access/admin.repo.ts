// SQL for the admin screens (Beheer): employees with roles and teams, teams and their members.
import type { Db } from '../../db/connect.ts';

export async function listEmployeesWithTeams(db: Db) {
  const employees = await db
    .selectFrom('employees')
    .select(['id', 'username', 'display_name', 'email', 'roles', 'active', 'created_at'])
    .select((eb) => eb('password_hash', 'is not', null).as('local_login'))
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  const memberships = await db
    .selectFrom('employee_teams')
    .innerJoin('teams', 'teams.id', 'employee_teams.team_id')
    .select(['employee_teams.employee_id', 'teams.id', 'teams.code', 'teams.name'])
    .orderBy('teams.name')
    .execute();
  return { employees, memberships };
}

export async function findEmployee(db: Db, id: string) {
  return db.selectFrom('employees').select(['id', 'roles', 'active']).where('id', '=', id).executeTakeFirst();
}

export async function usernameTaken(db: Db, username: string, exceptId?: string) {
  let q = db.selectFrom('employees').select('id').where('username', '=', username);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function insertLocalEmployee(
  db: Db,
  row: {
    id: string;
    username: string;
    display_name: string;
    email: string | null;
    roles: string[];
    password_hash: string;
  },
) {
  await db.insertInto('employees').values(row).execute();
}

export async function updateEmployee(
  db: Db,
  id: string,
  values: {
    display_name?: string;
    email?: string | null;
    roles?: string[];
    active?: boolean;
    password_hash?: string;
  },
) {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('employees').set(values).where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Db, exceptId: string) {
  const row = await db
    .selectFrom('employees')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('active', '=', true)
    .where('id', '!=', exceptId)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTeamsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('teams').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
}

export async function findTeamByCode(db: Db, code: string) {
  return db.selectFrom('teams').select('id').where('code', '=', code).executeTakeFirst();
}

export async function insertTeam(db: Db, row: { id: string; code: string; name: string }) {
  await db.insertInto('teams').values(row).execute();
}

export async function renameTeam(db: Db, id: string, name: string) {
  const res = await db.updateTable('teams').set({ name }).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function replaceTeamMembers(db: Db, teamId: string, employeeIds: string[]) {
  await db.deleteFrom('employee_teams').where('team_id', '=', teamId).execute();
  if (employeeIds.length > 0) {
    await db
      .insertInto('employee_teams')
      .values(employeeIds.map((employee_id) => ({ employee_id, team_id: teamId })))
      .execute();
  }
}
