// Checks shared by the write use cases: the party may be written, references exist, values are
// not taken, and constraint violations that pre-checks cannot rule out become field errors.
import type { Db } from '../../db/connect.ts';
import { conflict, notFound, unprocessable } from '../../platform/errors.ts';
import { isUuid } from './parties.queries.ts';
import * as repo from './parties.repo.ts';
import { identifierLabel, uniqueIdentifierTypes } from './parties.rules.ts';
import type { DigitalAddressKind, IdentifierType } from './parties.schemas.ts';

/** Turn constraint violations that pre-checks cannot rule out (races, FKs) into field errors. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code === '23505' && e.constraint === 'party_identifiers_unique')
      throw conflict('Er bestaat al een partij met dit identificatienummer.', 'identifiers');
    if (e.code === '23503' && e.constraint?.includes('preferred_channel'))
      throw unprocessable('preferredChannel', 'Onbekend kanaal.');
    throw err;
  }
}

export async function checkOrganisation(db: Db, organisationId: string | null) {
  if (!organisationId) return;
  const [org] = await repo.selectParties(db, [organisationId]);
  if (org?.kind !== 'organisation')
    throw unprocessable(
      'organisationId',
      'Organisatie niet gevonden: een contactpersoon hoort bij een organisatie.',
    );
  if (org.merged_into)
    throw conflict('Deze organisatie is samengevoegd met een andere partij.', 'organisationId');
}

export async function checkIdentifierFree(
  db: Db,
  partyId: string | null,
  id: { type: IdentifierType; value: string },
  field: string,
) {
  const owners = await repo.findIdentifierOwners(db, id.type, id.value);
  const label = identifierLabel[id.type];
  if (owners.some((o) => o.party_id === partyId)) throw conflict(`Deze partij heeft dit ${label} al.`, field);
  if (uniqueIdentifierTypes.includes(id.type) && owners.length > 0)
    throw conflict(`Er bestaat al een partij met dit ${label}.`, field);
}

/** A party that can be written to: it exists and has not been merged into another. */
export async function loadWritable(db: Db, id: string) {
  if (!isUuid(id)) throw notFound('Partij');
  const party = await repo.selectPartyForUpdate(db, id);
  if (!party) throw notFound('Partij');
  if (party.merged_into)
    throw conflict('Deze partij is samengevoegd met een andere partij; wijzig die partij.', 'id');
  return party;
}

export async function checkDigitalFree(
  db: Db,
  partyId: string,
  kind: DigitalAddressKind,
  value: string,
  exceptId?: string,
) {
  const current = await repo.selectDigitalAddresses(db, [partyId]);
  if (current.some((c) => c.kind === kind && c.value === value && c.id !== exceptId))
    throw conflict('Dit adres staat al bij deze partij.', 'value');
}
