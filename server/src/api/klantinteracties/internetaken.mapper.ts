// InterneTaak ⇄ the tasks module: the same uuid, status te_verwerken (open, in behandeling) or
// verwerkt (afgehandeld), the owner as the one toegewezen actor, the contact it came from.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { getTaskCards, type TaskCard } from '../../modules/tasks/tasks.listing.ts';
import type { TaskStatus } from '../../modules/tasks/tasks.tables.ts';
import { AppError } from '../../platform/errors.ts';
import { fkInput, type Urls } from './http.ts';

export const interneTaakInput = z.object({
  nummer: z.string().max(10).nullish(),
  referentienummer: z.string().max(10).nullish(),
  gevraagdeHandeling: z.string().trim().min(1).max(200),
  aanleidinggevendKlantcontact: fkInput,
  toegewezenAanActor: fkInput.nullish(),
  toegewezenAanActoren: z.array(fkInput).max(10).optional(),
  toelichting: z.string().max(1000).optional(),
  status: z.enum(['te_verwerken', 'verwerkt']),
  afgehandeldOp: z.iso.datetime({ offset: true }).nullish(),
});
export const interneTaakPatch = interneTaakInput.partial();
export type InterneTaakInput = z.infer<typeof interneTaakPatch>;

/** Loket's statuses per status of the standard; a cancelled task is not an internetaak (it was deleted). */
export const statusesOf: Record<'te_verwerken' | 'verwerkt', TaskStatus[]> = {
  te_verwerken: ['open', 'in_progress'],
  verwerkt: ['done'],
};
export const servedStatuses: TaskStatus[] = ['open', 'in_progress', 'done'];

/** Tasks served as internetaken: from a contact (the standard requires one) and not cancelled. */
export const isInterneTaak = (t: TaskCard) => !!t.contactId && t.status !== 'cancelled';

export function toInterneTaak(u: Urls, t: TaskCard) {
  const actor = u.fk('actoren', t.owner.id);
  return {
    uuid: t.id,
    url: u.url('internetaken', t.id),
    nummer: t.number.slice(-10),
    referentienummer: t.number.slice(-10),
    gevraagdeHandeling: t.subject.slice(0, 200),
    aanleidinggevendKlantcontact: u.fk('klantcontacten', t.contactId as string),
    toegewezenAanActor: actor,
    toegewezenAanActoren: [actor],
    toelichting: t.description.slice(0, 1000),
    status: t.status === 'done' ? ('verwerkt' as const) : ('te_verwerken' as const),
    toegewezenOp: t.assignedAt.toISOString(),
    afgehandeldOp: t.status === 'done' && t.closedAt ? t.closedAt.toISOString() : null,
  };
}

export type InterneTaak = ReturnType<typeof toInterneTaak>;

/** In the order of `ids`; tasks that are not internetaken are left out. */
export async function loadInterneTaken(db: Db, u: Urls, ids: string[]) {
  return (await getTaskCards(db, ids)).filter(isInterneTaak).map((t) => toInterneTaak(u, t));
}

/** Runs a call into the tasks module, naming its fields as this API does in any error. */
export async function asInterneTaak<T>(fn: () => Promise<T>): Promise<T> {
  const names: Record<string, string> = {
    subject: 'gevraagdeHandeling',
    description: 'toelichting',
    contactId: 'aanleidinggevendKlantcontact',
    owner: 'toegewezenAanActoren',
    'owner.id': 'toegewezenAanActoren',
  };
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) for (const p of err.invalidParams) p.name = names[p.name] ?? p.name;
    throw err;
  }
}
