// Identifiers, addresses and digital addresses of an existing party.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { DigitalAddressesTable } from '../../db/schema.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { checkDigitalFree, checkIdentifierFree, guarded, loadWritable } from './parties.guards.ts';
import { isUuid, toAddress, toDigitalAddress } from './parties.queries.ts';
import * as repo from './parties.repo.ts';
import {
  checkAddress,
  checkDigitalAddress,
  checkIdentifier,
  type Problems,
  throwIfAny,
} from './parties.rules.ts';
import type {
  AddressInput,
  AddressKind,
  DigitalAddress,
  DigitalAddressInput,
  DigitalAddressPatch,
  IdentifierInput,
  IdentifierType,
  PartyAddress,
  PartyIdentifier,
} from './parties.schemas.ts';

export async function addIdentifier(
  db: Db,
  partyId: string,
  input: IdentifierInput,
  at?: Date,
): Promise<PartyIdentifier> {
  return guarded(() =>
    repo.withTransaction(db, async (trx) => {
      const party = await loadWritable(trx, partyId);
      const problems: Problems = [];
      const ok = checkIdentifier(party.kind, input, '', problems);
      throwIfAny(problems);
      const idf = ok as { type: IdentifierType; value: string };
      const current = await repo.selectIdentifiers(trx, [partyId]);
      if (idf.type === 'bsn' && current.some((c) => c.type === 'bsn' && c.value !== idf.value))
        throw conflict('Deze persoon heeft al een BSN; verwijder dat eerst.', 'type');
      await checkIdentifierFree(trx, partyId, idf, 'value');
      const row = { id: randomUUID(), party_id: partyId, ...idf, ...(at ? { created_at: at } : {}) };
      await repo.insertIdentifiers(trx, [row]);
      await repo.updatePartyRow(trx, partyId, {}, at);
      return { id: row.id, type: idf.type, value: idf.value };
    }),
  );
}

export async function removeIdentifier(
  db: Db,
  partyId: string,
  identifierId: string,
  at?: Date,
): Promise<void> {
  await repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    if (!isUuid(identifierId) || (await repo.deleteIdentifier(trx, partyId, identifierId)) === 0)
      throw notFound('Identificator');
    await repo.updatePartyRow(trx, partyId, {}, at);
  });
}

export async function setAddress(
  db: Db,
  partyId: string,
  kind: AddressKind,
  input: AddressInput,
  at?: Date,
): Promise<PartyAddress> {
  const problems: Problems = [];
  const fields = checkAddress(input, '', problems);
  throwIfAny(problems);
  return repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    const row = await repo.upsertAddress(trx, {
      id: randomUUID(),
      party_id: partyId,
      kind,
      ...(fields as NonNullable<typeof fields>),
      ...(at ? { created_at: at } : {}),
    });
    await repo.updatePartyRow(trx, partyId, {}, at);
    return toAddress(row);
  });
}

export async function removeAddress(db: Db, partyId: string, kind: AddressKind, at?: Date): Promise<void> {
  await repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    if ((await repo.deleteAddress(trx, partyId, kind)) === 0) throw notFound('Adres');
    await repo.updatePartyRow(trx, partyId, {}, at);
  });
}

/** Marking an address preferred un-marks the previous preferred one of its kind, in the same transaction. */
export async function addDigitalAddress(
  db: Db,
  partyId: string,
  input: DigitalAddressInput,
  at?: Date,
): Promise<DigitalAddress> {
  const problems: Problems = [];
  const value = checkDigitalAddress(input.kind, input.value, '', problems);
  throwIfAny(problems);
  return repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    await checkDigitalFree(trx, partyId, input.kind, value as string);
    if (input.isPreferred) await repo.unmarkPreferred(trx, partyId, input.kind);
    const id = randomUUID();
    await repo.insertDigitalAddresses(trx, [
      {
        id,
        party_id: partyId,
        kind: input.kind,
        value: value as string,
        label: input.label ?? null,
        is_preferred: !!input.isPreferred,
        verified_at: input.verifiedAt ?? null,
        ...(at ? { created_at: at } : {}),
      },
    ]);
    await repo.updatePartyRow(trx, partyId, {}, at);
    return toDigitalAddress(
      (await repo.selectDigitalAddress(trx, partyId, id)) as Selectable<DigitalAddressesTable>,
    );
  });
}

/** A changed value is no longer verified, unless the patch says when it was. */
export async function updateDigitalAddress(
  db: Db,
  partyId: string,
  addressId: string,
  patch: DigitalAddressPatch,
  at?: Date,
): Promise<DigitalAddress> {
  return repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    const current = isUuid(addressId) ? await repo.selectDigitalAddress(trx, partyId, addressId) : undefined;
    if (!current) throw notFound('Digitaal adres');
    const set: Parameters<typeof repo.updateDigitalAddressRow>[2] = {};
    if (patch.value !== undefined) {
      const problems: Problems = [];
      const value = checkDigitalAddress(current.kind, patch.value, '', problems);
      throwIfAny(problems);
      if (value !== current.value) {
        await checkDigitalFree(trx, partyId, current.kind, value as string, current.id);
        set.value = value as string;
        set.verified_at = null;
      }
    }
    if (patch.label !== undefined) set.label = patch.label ?? null;
    if (patch.verifiedAt !== undefined) set.verified_at = patch.verifiedAt ?? null;
    if (patch.isPreferred === true && !current.is_preferred)
      await repo.unmarkPreferred(trx, partyId, current.kind);
    if (patch.isPreferred !== undefined) set.is_preferred = patch.isPreferred;
    const row =
      Object.keys(set).length > 0 ? await repo.updateDigitalAddressRow(trx, current.id, set) : current;
    await repo.updatePartyRow(trx, partyId, {}, at);
    return toDigitalAddress(row);
  });
}

export async function removeDigitalAddress(
  db: Db,
  partyId: string,
  addressId: string,
  at?: Date,
): Promise<void> {
  await repo.withTransaction(db, async (trx) => {
    await loadWritable(trx, partyId);
    if (!isUuid(addressId) || (await repo.deleteDigitalAddress(trx, partyId, addressId)) === 0)
      throw notFound('Digitaal adres');
    await repo.updatePartyRow(trx, partyId, {}, at);
  });
}
