// Merging two duplicate parties. Nothing is deleted: the duplicate stays, inactive, with
// merged_into pointing at the survivor, so its contacts keep their party and still show on the
// survivor's timeline (partyIdsForTimeline). Identifiers, digital addresses and address kinds the
// survivor lacks move over, without creating duplicates.
import type { Db } from '../../db/connect.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { getParty, isUuid } from './parties.queries.ts';
import * as repo from './parties.repo.ts';
import type { PartyDetails } from './parties.schemas.ts';

const duplicateNotFound = () =>
  new AppError('not_found', 'De dubbele partij (duplicateId) is niet gevonden.', [
    { name: 'duplicateId', code: 'not_found', reason: 'Partij niet gevonden.' },
  ]);

export async function mergeParties(
  db: Db,
  survivorId: string,
  duplicateId: string,
  at: Date,
): Promise<PartyDetails> {
  if (!isUuid(survivorId)) throw notFound('Partij');
  if (!isUuid(duplicateId)) throw duplicateNotFound();
  if (survivorId.toLowerCase() === duplicateId.toLowerCase())
    throw invalid('duplicateId', 'Een partij kan niet met zichzelf worden samengevoegd.');

  return repo.withTransaction(db, async (trx) => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const locked = new Map<string, Awaited<ReturnType<typeof repo.selectPartyForUpdate>>>();
    for (const id of [survivorId, duplicateId].sort())
      locked.set(id, await repo.selectPartyForUpdate(trx, id));
    const survivor = locked.get(survivorId);
    const duplicate = locked.get(duplicateId);
    if (!survivor) throw notFound('Partij');
    if (!duplicate) throw duplicateNotFound();
    if (survivor.merged_into)
      throw conflict(
        'Deze partij is zelf al samengevoegd met een andere partij; voeg samen in die partij.',
        'id',
      );
    if (duplicate.merged_into)
      throw conflict('De dubbele partij is al samengevoegd met een andere partij.', 'duplicateId');
    if (survivor.kind !== duplicate.kind)
      throw conflict('Alleen partijen van dezelfde soort kunnen worden samengevoegd.', 'duplicateId');

    // Two different BSNs (or RSINs) are two different people: refuse rather than guess.
    const identifiers = await repo.selectIdentifiers(trx, [survivorId, duplicateId]);
    for (const type of ['bsn', 'rsin'] as const) {
      const values = new Set(identifiers.filter((i) => i.type === type).map((i) => i.value));
      if (values.size > 1)
        throw conflict(
          `De partijen hebben een verschillend ${type === 'bsn' ? 'BSN' : 'RSIN'} en zijn dus geen dubbelen.`,
          'duplicateId',
        );
    }

    await repo.moveIdentifiers(trx, duplicateId, survivorId);
    await repo.moveDigitalAddresses(trx, duplicateId, survivorId);
    await repo.moveMissingAddresses(trx, duplicateId, survivorId);
    if (survivor.kind === 'organisation') await repo.moveContactPersons(trx, duplicateId, survivorId, at);

    await repo.updatePartyRow(
      trx,
      survivorId,
      {
        birth_date: survivor.birth_date ?? duplicate.birth_date,
        preferred_channel: survivor.preferred_channel ?? duplicate.preferred_channel,
        // Secrecy is never lost by merging.
        confidential: survivor.confidential || duplicate.confidential,
      },
      at,
    );
    await repo.updatePartyRow(trx, duplicateId, { merged_into: survivorId, active: false }, at);
    return getParty(trx, survivorId);
  });
}
