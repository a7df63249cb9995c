// Who is asking: an employee (session), an application (API token) or a resident (MijnGemeente).
// Roles map to permissions; tokens carry permissions directly.
import { AppError, forbidden } from './errors.ts';

export const roles = ['kcc', 'backoffice', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'parties:read',
  'parties:write',
  'contacts:read',
  'contacts:write',
  'contacts:confidential',
  'tasks:read',
  'tasks:write',
  'reports:read',
  'processing-log:read',
  'announcements:publish',
  'admin',
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, Permission[]> = {
  kcc: ['parties:read', 'parties:write', 'contacts:read', 'contacts:write', 'tasks:read', 'tasks:write'],
  backoffice: [
    'parties:read',
    'parties:write',
    'contacts:read',
    'contacts:write',
    'contacts:confidential',
    'tasks:read',
    'tasks:write',
  ],
  manager: [
    'parties:read',
    'contacts:read',
    'contacts:confidential',
    'tasks:read',
    'tasks:write',
    'reports:read',
    'announcements:publish',
  ],
  admin: [...permissions],
};

/** What an application token gets when created without --permissions. */
export const defaultTokenPermissions: Permission[] = [
  'parties:read',
  'parties:write',
  'contacts:read',
  'contacts:write',
  'tasks:read',
  'tasks:write',
];

export type EmployeeActor = {
  kind: 'employee';
  id: string;
  name: string;
  roles: Role[];
  teamIds: string[];
  permissions: Set<Permission>;
};

export type ApplicationActor = {
  kind: 'application';
  id: string;
  name: string;
  permissions: Set<Permission>;
  /** The end user the application acts for, from the X-Loket-End-User header. */
  onBehalfOf: string | null;
};

/**
 * A resident or business logged in to MijnGemeente (DigiD / eHerkenning). Never resolved from the
 * employee session: only the portal's routes (modules/portal) build one, and it has no permissions.
 */
export type ResidentActor = {
  kind: 'resident';
  /** The resident's party (the processing log's actor_id). */
  id: string;
  name: string;
  /** The party and every party merged into it: what the resident may see. */
  partyIds: string[];
  /** Always empty: a resident has no employee role (lets role checks treat every actor alike). */
  roles: Role[];
  permissions: Set<Permission>;
};

export type Actor = EmployeeActor | ApplicationActor | ResidentActor;

export function permissionsForRoles(list: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of list) for (const p of rolePermissions[role as Role] ?? []) out.add(p);
  return out;
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Log in of gebruik een geldig API-token.');
  return actor;
}

export function authorise(actor: Actor | null | undefined, permission: Permission): Actor {
  const a = requireActor(actor);
  if (!a.permissions.has(permission)) throw forbidden(`Hiervoor is het recht '${permission}' nodig.`);
  return a;
}

export const can = (actor: Actor | null | undefined, permission: Permission): boolean =>
  !!actor?.permissions.has(permission);
