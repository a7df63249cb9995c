// Who a task belongs to (an employee, a team or a department), who hears about it, and where it
// escalates. Employees and teams belong to the access module and are reached through its service.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import {
  type EmployeeMailbox,
  findTeam,
  getActiveEmployees,
  getEmployeeSummaries,
  getTeams,
} from '../access/access.service.ts';
import * as repo from './tasks.repo.ts';
import type { OwnerRef } from './tasks.schemas.ts';
import type { OwnerKind } from './tasks.tables.ts';

export type Owner = { kind: OwnerKind; id: string };
export type NamedOwner = Owner & { name: string; code: string | null };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label: Record<OwnerKind, string> = { employee: 'medewerker', team: 'team', department: 'afdeling' };
export const ownerKey = (o: Owner) => `${o.kind}:${o.id}`;

/** Finds the owner a client named; unknown → 422 naming the field and the value. */
export async function resolveOwner(db: Db, ref: OwnerRef, field = 'owner'): Promise<NamedOwner> {
  const unknown = () => unprocessable(`${field}.id`, `Onbekende ${label[ref.kind]} '${ref.id}'.`);
  if (ref.kind === 'employee') {
    if (!uuidPattern.test(ref.id)) throw unknown();
    const [e] = await getEmployeeSummaries(db, [ref.id.toLowerCase()]);
    if (!e) throw unknown();
    return { kind: 'employee', id: e.id, name: e.name, code: null };
  }
  if (ref.kind === 'team') {
    const t = await findTeam(db, ref.id);
    if (!t) throw unknown();
    return { kind: 'team', id: t.id, name: t.name, code: t.code };
  }
  const byId = uuidPattern.test(ref.id);
  const d = (await repo.listDepartments(db)).find((x) =>
    byId ? x.id === ref.id.toLowerCase() : x.code === ref.id,
  );
  if (!d) throw unknown();
  return { kind: 'department', id: d.id, name: d.name, code: d.code };
}

/** Names for showing owners; an owner that no longer exists keeps its id with a placeholder name. */
export async function nameOwners(db: Db, owners: Owner[]): Promise<Map<string, NamedOwner>> {
  const out = new Map<string, NamedOwner>();
  const employeeIds = owners.filter((o) => o.kind === 'employee').map((o) => o.id);
  const [employees, teams, departments] = await Promise.all([
    employeeIds.length ? getEmployeeSummaries(db, employeeIds) : [],
    owners.some((o) => o.kind === 'team') ? getTeams(db) : [],
    owners.some((o) => o.kind === 'department') ? repo.listDepartments(db) : [],
  ]);
  for (const e of employees)
    out.set(`employee:${e.id}`, { kind: 'employee', id: e.id, name: e.name, code: null });
  for (const t of teams) out.set(`team:${t.id}`, { kind: 'team', id: t.id, name: t.name, code: t.code });
  for (const d of departments)
    out.set(`department:${d.id}`, { kind: 'department', id: d.id, name: d.name, code: d.code });
  for (const o of owners)
    if (!out.has(ownerKey(o))) out.set(ownerKey(o), { ...o, name: '(onbekend)', code: null });
  return out;
}

/** The employees who hear about an owner's tasks: the employee, the team's or the department's members. */
export async function recipientsOf(db: Db, owners: Owner[]): Promise<Map<string, EmployeeMailbox[]>> {
  const departmentIds = owners.filter((o) => o.kind === 'department').map((o) => o.id);
  const deptTeams = departmentIds.length ? await repo.listDepartmentTeams(db, departmentIds) : [];
  const teamIds = [
    ...owners.filter((o) => o.kind === 'team').map((o) => o.id),
    ...deptTeams.map((d) => d.team_id),
  ];
  const ids = owners.filter((o) => o.kind === 'employee').map((o) => o.id);
  const people = await getActiveEmployees(db, { ids, teamIds });
  const out = new Map<string, EmployeeMailbox[]>();
  for (const o of owners) {
    const teamsOfOwner =
      o.kind === 'team'
        ? [o.id]
        : o.kind === 'department'
          ? deptTeams.filter((d) => d.department_id === o.id).map((d) => d.team_id)
          : [];
    out.set(
      ownerKey(o),
      people.filter((p) =>
        o.kind === 'employee' ? p.id === o.id : p.teamIds.some((t) => teamsOfOwner.includes(t)),
      ),
    );
  }
  return out;
}

/** The owners whose work an employee sees in "my teams": their teams and the departments holding them. */
export async function teamOwnersOf(db: Db, teamIds: string[]): Promise<Owner[]> {
  const deptTeams = await repo.listDepartmentTeams(db);
  const departments = [
    ...new Set(deptTeams.filter((d) => teamIds.includes(d.team_id)).map((d) => d.department_id)),
  ];
  return [
    ...teamIds.map((id) => ({ kind: 'team' as const, id })),
    ...departments.map((id) => ({ kind: 'department' as const, id })),
  ];
}

export type EscalationPolicy = { backups: Map<string, Owner>; fallback: Owner | null };

/** Backups as configured, and the default escalation team (KCC unless configured). */
export async function loadEscalationPolicy(db: Db, escalationTeam: string): Promise<EscalationPolicy> {
  const rows = await repo.listBackups(db);
  const team = await findTeam(db, escalationTeam);
  return {
    backups: new Map(
      rows.map((r) => [`${r.owner_kind}:${r.owner_id}`, { kind: r.backup_kind, id: r.backup_id }]),
    ),
    fallback: team ? { kind: 'team', id: team.id } : null,
  };
}

export const escalationTarget = (policy: EscalationPolicy, owner: Owner): Owner | null =>
  policy.backups.get(ownerKey(owner)) ?? policy.fallback;

// ── administration: departments and backups ────────────────────────────────
export async function listDepartments(db: Db) {
  const [departments, links, teams] = await Promise.all([
    repo.listDepartments(db),
    repo.listDepartmentTeams(db),
    getTeams(db),
  ]);
  return departments.map((d) => ({
    ...d,
    teams: teams.filter((t) => links.some((l) => l.department_id === d.id && l.team_id === t.id)),
  }));
}

export async function createDepartment(db: Db, input: { code: string; name: string; teams: string[] }) {
  const teamIds: string[] = [];
  for (const [i, t] of input.teams.entries())
    teamIds.push((await resolveOwner(db, { kind: 'team', id: t }, `teams.${i}`)).id);
  if ((await repo.listDepartments(db)).some((d) => d.code === input.code)) {
    throw conflict(`Afdeling '${input.code}' bestaat al.`, 'code');
  }
  const id = randomUUID();
  await db
    .transaction()
    .execute((trx) => repo.insertDepartment(trx, { id, code: input.code, name: input.name }, teamIds));
  return (await listDepartments(db)).find((d) => d.id === id);
}

export async function listBackups(db: Db) {
  const rows = await repo.listBackups(db);
  const owners = rows.flatMap((r) => [
    { kind: r.owner_kind, id: r.owner_id },
    { kind: r.backup_kind, id: r.backup_id },
  ]);
  const names = await nameOwners(db, owners);
  return rows.map((r) => ({
    owner: names.get(`${r.owner_kind}:${r.owner_id}`),
    backup: names.get(`${r.backup_kind}:${r.backup_id}`),
  }));
}

export async function setBackup(db: Db, ownerRef: OwnerRef, backupRef: OwnerRef) {
  const owner = await resolveOwner(db, ownerRef, 'owner');
  const backup = await resolveOwner(db, backupRef, 'backup');
  if (ownerKey(owner) === ownerKey(backup))
    throw unprocessable('backup', 'Een eigenaar kan niet zijn eigen vervanger zijn.');
  await repo.upsertBackup(db, owner, backup);
  return { owner, backup };
}

export async function removeBackup(db: Db, ownerRef: OwnerRef) {
  const owner = await resolveOwner(db, ownerRef, 'owner');
  if ((await repo.deleteBackup(db, owner)) === 0) throw notFound('Vervanger');
}
