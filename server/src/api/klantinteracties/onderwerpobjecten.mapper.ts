// Onderwerpobject ⇄ the contacts module's subjects (contact_subjects) + the exact identifier codes.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { findSubjects, type Subject } from '../../modules/contacts/contacts.listing.ts';
import { objecttypeOf, subjectKindOf } from './codes.ts';
import { type SubjectExtras, subjectExtras } from './extras.repo.ts';
import { fkInputNullable, type Urls } from './http.ts';

export const identificatorInput = z
  .object({
    objectId: z.string().max(200).optional(),
    codeObjecttype: z.string().max(200).optional(),
    codeRegister: z.string().max(200).optional(),
    codeSoortObjectId: z.string().max(200).optional(),
  })
  .nullish();

export const onderwerpobjectFields = {
  wasKlantcontact: fkInputNullable,
  onderwerpobjectidentificator: identificatorInput,
};
export const onderwerpobjectInput = z.object({ klantcontact: fkInputNullable, ...onderwerpobjectFields });
export const onderwerpobjectPatch = onderwerpobjectInput.partial();
export type OnderwerpobjectInput = z.infer<typeof onderwerpobjectPatch>;

/** The core's subject fields and the codes kept beside them. */
export function subjectOf(o: OnderwerpobjectInput) {
  const idf = o.onderwerpobjectidentificator;
  const related = o.wasKlantcontact?.uuid ?? null;
  const kind = related && !idf?.codeObjecttype ? 'contact' : subjectKindOf(idf?.codeObjecttype);
  return {
    subject: {
      kind,
      reference: idf?.objectId?.trim() || related || '-',
      register: idf?.codeRegister?.trim() || null,
      relatedContactId: related,
    },
    extras: {
      objectType: idf?.codeObjecttype ?? null,
      idKind: idf?.codeSoortObjectId ?? null,
    } satisfies SubjectExtras,
  };
}

export function toOnderwerpobject(u: Urls, s: Subject, e: SubjectExtras | undefined) {
  return {
    uuid: s.id,
    url: u.url('onderwerpobjecten', s.id),
    klantcontact: u.fk('klantcontacten', s.contactId),
    wasKlantcontact: u.fkOrNull('klantcontacten', s.relatedContactId),
    onderwerpobjectidentificator: {
      objectId: s.reference === '-' ? '' : s.reference,
      codeObjecttype: e?.objectType ?? objecttypeOf[s.kind],
      codeRegister: s.register ?? '',
      codeSoortObjectId: e?.idKind ?? '',
    },
  };
}

export async function mapOnderwerpobjecten(db: Db, u: Urls, list: Subject[]) {
  const extras = await subjectExtras(
    db,
    list.map((s) => s.id),
  );
  return list.map((s) => toOnderwerpobject(u, s, extras.get(s.id)));
}

export async function loadOnderwerpobjecten(db: Db, u: Urls, ids: string[]) {
  const mapped = await mapOnderwerpobjecten(db, u, await findSubjects(db, ids));
  return ids.map((id) => mapped.find((m) => m.uuid === id)).filter((m): m is Onderwerpobject => !!m);
}

export type Onderwerpobject = ReturnType<typeof toOnderwerpobject>;
