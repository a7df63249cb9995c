// Actor ⇄ Loket: every employee is a medewerker and every team or department an organisatorische
// eenheid, under its own uuid; ki_actors adds the standard's extra fields to those and holds the
// actors Loket does not know (geautomatiseerde actoren, people of other organisations).
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { getEmployeeDirectory, getTeams } from '../../modules/access/access.service.ts';
import { listDepartments } from '../../modules/tasks/tasks.owners.ts';
import type { OwnerKind } from '../../modules/tasks/tasks.tables.ts';
import { type ActorRow, actorRows } from './actors.repo.ts';
import type { Urls } from './http.ts';
import type { ActorKind } from './ki.tables.ts';

export type Identificator = {
  objectId: string;
  codeObjecttype: string;
  codeRegister: string;
  codeSoortObjectId: string;
};

export type ActorEntry = {
  id: string;
  kind: ActorKind;
  name: string;
  active: boolean;
  /** The Loket owner this actor is (for tasks), if any. */
  owner: { kind: OwnerKind; id: string } | null;
  /** Other names it is found by: username, e-mail, team code. */
  aliases: string[];
  identificator: Identificator | null;
  row: ActorRow | null;
};

const phonePattern = /^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$/;
const telefoon = z.string().max(20).regex(phonePattern, 'Gebruik 0612345678, +31612345678 of 0031612345678.');

export const actorInput = z.object({
  naam: z.string().trim().min(1).max(200),
  soortActor: z.enum(['medewerker', 'geautomatiseerde_actor', 'organisatorische_eenheid']),
  indicatieActief: z.boolean().optional(),
  actoridentificator: z
    .object({
      objectId: z.string().max(200).optional(),
      codeObjecttype: z.string().max(200).optional(),
      codeRegister: z.string().max(200).optional(),
      codeSoortObjectId: z.string().max(200).optional(),
    })
    .nullish(),
  actorIdentificatie: z
    .object({
      functie: z.string().max(40).optional(),
      emailadres: z.union([z.email().max(254), z.literal('')]).optional(),
      telefoonnummer: z.union([telefoon, z.literal('')]).optional(),
      faxnummer: z.string().max(20).optional(),
      omschrijving: z.string().max(200).optional(),
    })
    .nullish(),
});
export const actorPatch = actorInput.partial();
export type ActorInput = z.infer<typeof actorPatch>;

const identificatorOf = (r: ActorRow | null): Identificator | null =>
  r && (r.object_id || r.object_type || r.register || r.id_kind)
    ? {
        objectId: r.object_id ?? '',
        codeObjecttype: r.object_type ?? '',
        codeRegister: r.register ?? '',
        codeSoortObjectId: r.id_kind ?? '',
      }
    : null;

/**
 * The actors with these ids, or all of them. Employees, teams and departments are few (hundreds to
 * a few thousand), so the directory is assembled in memory rather than by a union over four tables.
 */
export async function actorDirectory(db: Db, ids?: string[]): Promise<ActorEntry[]> {
  const [employees, rows] = await Promise.all([getEmployeeDirectory(db, ids), actorRows(db, ids)]);
  // Asked by id (the actors of some klantcontacten): teams and departments only when an id is no employee.
  const employeeIds = new Set(employees.map((e) => e.id));
  const unitsNeeded = !ids || ids.some((id) => !employeeIds.has(id));
  const [teams, departments] = unitsNeeded
    ? await Promise.all([getTeams(db), listDepartments(db)])
    : [[], []];
  const extra = new Map(rows.map((r) => [r.id, r]));
  const out: ActorEntry[] = [];
  for (const e of employees) {
    const row = extra.get(e.id) ?? null;
    out.push({
      id: e.id,
      kind: 'medewerker',
      name: e.name,
      active: e.active && (row?.active ?? true),
      owner: { kind: 'employee', id: e.id },
      aliases: [e.username, ...(e.email ? [e.email] : [])].map((a) => a.toLowerCase()),
      identificator: identificatorOf(row) ?? {
        objectId: e.username,
        codeObjecttype: 'mdw',
        codeRegister: 'loket',
        codeSoortObjectId: 'gebruikersnaam',
      },
      row,
    });
  }
  for (const [kind, list] of [
    ['team', teams],
    ['department', departments],
  ] as const) {
    for (const t of list) {
      if (ids && !ids.includes(t.id)) continue;
      const row = extra.get(t.id) ?? null;
      out.push({
        id: t.id,
        kind: 'organisatorische_eenheid',
        name: t.name,
        active: row?.active ?? true,
        owner: { kind, id: t.id },
        aliases: [t.code.toLowerCase(), t.name.toLowerCase()],
        identificator: identificatorOf(row) ?? {
          objectId: t.code,
          codeObjecttype: kind === 'team' ? 'team' : 'afdeling',
          codeRegister: 'loket',
          codeSoortObjectId: 'code',
        },
        row,
      });
    }
  }
  const known = new Set(out.map((a) => a.id));
  for (const r of rows) {
    if (known.has(r.id)) continue;
    out.push({
      id: r.id,
      kind: r.kind,
      name: r.name,
      active: r.active,
      owner: null,
      aliases: [],
      identificator: identificatorOf(r),
      row: r,
    });
  }
  return out;
}

/** The medewerker, team or department a new actor is, by its identificator, e-mail or name. */
export function findLoketActor(all: ActorEntry[], a: ActorInput): ActorEntry | undefined {
  const keys = [a.actoridentificator?.objectId, a.actorIdentificatie?.emailadres]
    .concat(a.soortActor === 'organisatorische_eenheid' ? [a.naam] : [])
    .filter((k): k is string => !!k?.trim())
    .map((k) => k.trim().toLowerCase());
  if (keys.length === 0) return undefined;
  return all.find((x) => x.owner && x.kind === a.soortActor && x.aliases.some((al) => keys.includes(al)));
}

const orOmit = <K extends string>(key: K, v: string | null | undefined) =>
  (v ? { [key]: v } : {}) as Partial<Record<K, string>>;

/** The standard's Actor. A medewerker without a valid phone number has no actorIdentificatie (the spec requires one). */
export function toActor(u: Urls, a: ActorEntry) {
  const r = a.row;
  const phone = r?.phone && phonePattern.test(r.phone) ? r.phone : null;
  const identificatie =
    a.kind === 'medewerker'
      ? phone
        ? { functie: r?.job_title ?? '', ...orOmit('emailadres', r?.email), telefoonnummer: phone }
        : undefined
      : a.kind === 'geautomatiseerde_actor'
        ? { functie: r?.job_title ?? '', omschrijving: r?.description ?? '' }
        : {
            omschrijving: r?.description ?? '',
            ...orOmit('emailadres', r?.email),
            faxnummer: r?.fax ?? '',
            ...orOmit('telefoonnummer', phone),
          };
  return {
    uuid: a.id,
    url: u.url('actoren', a.id),
    naam: a.name.slice(0, 200),
    soortActor: a.kind,
    indicatieActief: a.active,
    actoridentificator: a.identificator,
    ...(identificatie ? { actorIdentificatie: identificatie } : {}),
  };
}

export type Actor = ReturnType<typeof toActor>;

/** The ki_actors row for an actor after a write, over what was stored. */
export function actorRowOf(
  id: string,
  a: ActorInput,
  current: ActorEntry | undefined,
  link: ActorEntry | undefined,
): Omit<ActorRow, 'created_at'> {
  const r = current?.row;
  const idf = a.actoridentificator === undefined ? current?.identificator : a.actoridentificator;
  const i = a.actorIdentificatie;
  const pick = (v: string | undefined, old: string | null | undefined) =>
    i === null ? null : v !== undefined ? v || null : (old ?? null);
  const owner = link?.owner ?? current?.owner;
  return {
    id,
    kind: (a.soortActor ?? current?.kind ?? 'geautomatiseerde_actor') as ActorKind,
    name: a.naam ?? current?.name ?? '',
    active: a.indicatieActief ?? r?.active ?? true,
    employee_id: owner?.kind === 'employee' ? owner.id : null,
    team_id: owner?.kind === 'team' ? owner.id : null,
    object_id: idf?.objectId || null,
    object_type: idf?.codeObjecttype || null,
    register: idf?.codeRegister || null,
    id_kind: idf?.codeSoortObjectId || null,
    job_title: pick(i?.functie, r?.job_title),
    email: pick(i?.emailadres, r?.email),
    phone: pick(i?.telefoonnummer, r?.phone),
    fax: pick(i?.faxnummer, r?.fax),
    description: pick(i?.omschrijving, r?.description),
  };
}
