// Parties: persons, organisations and contact persons with identifiers, addresses and digital
// addresses. Other modules call these functions; `db` may be a transaction. Reads here never
// write the processing log: the caller does that with logRead, in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { checkIdentifierFree, checkOrganisation, guarded, loadWritable } from './parties.guards.ts';
import { getParty } from './parties.queries.ts';
import * as repo from './parties.repo.ts';
import {
  add,
  checkAddress,
  checkDigitalAddress,
  checkIdentifier,
  checkNames,
  displayName,
  identifierLabel,
  namesFrom,
  type PartyKind,
  type Problems,
  searchNameOf,
  throwIfAny,
} from './parties.rules.ts';
import type {
  AddressKind,
  CreatePartyInput,
  DigitalAddressInput,
  DigitalAddressKind,
  IdentifierType,
  PartyDetails,
  UpdatePartyInput,
} from './parties.schemas.ts';

export { listIdentifiers } from './parties.listing.ts';
export { mergeParties } from './parties.merge.ts';
export {
  findPartyIdByIdentifier,
  findPartyIdByVerifiedEmail,
  findPartyIdByVerifiedPhone,
  findPartyIdsByDigitalAddresses,
  findPartyIdsByVerifiedPhones,
  getParties,
  getParty,
  getPartyStates,
  isUuid,
  partyIdsForTimeline,
} from './parties.queries.ts';
export type {
  AddressInput,
  CreatePartyInput,
  DigitalAddress,
  DigitalAddressInput,
  DigitalAddressPatch,
  IdentifierInput,
  PartyAddress,
  PartyDetails,
  PartyIdentifier,
  UpdatePartyInput,
} from './parties.schemas.ts';
export {
  addDigitalAddress,
  addIdentifier,
  removeAddress,
  removeDigitalAddress,
  removeIdentifier,
  setAddress,
  updateDigitalAddress,
} from './parties.subresources.ts';

type DigitalRow = {
  kind: DigitalAddressKind;
  value: string;
  label: string | null;
  isPreferred: boolean;
  verifiedAt: string | null;
};

function checkDigitalAddresses(list: DigitalAddressInput[], problems: Problems): DigitalRow[] {
  const out: DigitalRow[] = [];
  list.forEach((d, i) => {
    const at = `digitalAddresses.${i}.`;
    const value = checkDigitalAddress(d.kind, d.value, at, problems);
    if (!value) return;
    if (out.some((o) => o.kind === d.kind && o.value === value))
      add(problems, `${at}value`, 'Dit adres staat er al.');
    if (d.isPreferred && out.some((o) => o.kind === d.kind && o.isPreferred))
      add(problems, `${at}isPreferred`, 'Er kan per soort maar één voorkeursadres zijn.');
    out.push({
      kind: d.kind,
      value,
      label: d.label ?? null,
      isPreferred: !!d.isPreferred,
      verifiedAt: d.verifiedAt ?? null,
    });
  });
  return out;
}

/** Creates the party with identifiers, addresses and digital addresses in one transaction. */
export async function createParty(db: Db, input: CreatePartyInput, at?: Date): Promise<PartyDetails> {
  const kind: PartyKind = input.kind;
  const problems: Problems = [];
  const names = namesFrom(input);
  checkNames(kind, names, problems, at);

  const identifiers: { type: IdentifierType; value: string; field: string }[] = [];
  (input.identifiers ?? []).forEach((idf, i) => {
    const at = `identifiers.${i}.`;
    const ok = checkIdentifier(kind, idf, at, problems);
    if (!ok) return;
    if (identifiers.some((o) => o.type === ok.type && (o.value === ok.value || ok.type === 'bsn')))
      add(problems, `${at}value`, `Dit ${identifierLabel[ok.type]} staat er al; geef het één keer op.`);
    identifiers.push({ ...ok, field: `${at}value` });
  });

  const addresses: { kind: AddressKind; fields: NonNullable<ReturnType<typeof checkAddress>> }[] = [];
  (input.addresses ?? []).forEach((a, i) => {
    const fields = checkAddress(a, `addresses.${i}.`, problems);
    if (addresses.some((o) => o.kind === a.kind))
      add(problems, `addresses.${i}.kind`, 'Dit soort adres staat er al.');
    if (fields) addresses.push({ kind: a.kind, fields });
  });
  const digital = checkDigitalAddresses(input.digitalAddresses ?? [], problems);
  throwIfAny(problems);

  const id = randomUUID();
  const created = at ? { created_at: at } : {};
  return guarded(() =>
    repo.withTransaction(db, async (trx) => {
      await checkOrganisation(trx, names.organisation_id);
      for (const idf of identifiers) await checkIdentifierFree(trx, null, idf, idf.field);
      await repo.insertParty(trx, {
        id,
        kind,
        ...names,
        display_name: displayName(kind, names),
        search_name: searchNameOf(kind, names),
        preferred_channel: input.preferredChannel ?? null,
        language: input.language ?? 'nl',
        confidential: input.confidential ?? false,
        internal_note: input.internalNote ?? null,
        ...created,
        ...(at ? { updated_at: at } : {}),
      });
      await repo.insertIdentifiers(
        trx,
        identifiers.map((i) => ({
          id: randomUUID(),
          party_id: id,
          type: i.type,
          value: i.value,
          ...created,
        })),
      );
      for (const a of addresses)
        await repo.upsertAddress(trx, {
          id: randomUUID(),
          party_id: id,
          kind: a.kind,
          ...a.fields,
          ...created,
        });
      await repo.insertDigitalAddresses(
        trx,
        digital.map((d) => ({
          id: randomUUID(),
          party_id: id,
          kind: d.kind,
          value: d.value,
          label: d.label,
          is_preferred: d.isPreferred,
          verified_at: d.verifiedAt,
          ...created,
        })),
      );
      return getParty(trx, id);
    }),
  );
}

export async function updateParty(
  db: Db,
  id: string,
  patch: UpdatePartyInput,
  at?: Date,
): Promise<PartyDetails> {
  return guarded(() =>
    repo.withTransaction(db, async (trx) => {
      const party = await loadWritable(trx, id);
      const names = namesFrom(patch, party);
      const problems: Problems = [];
      checkNames(party.kind, names, problems, at);
      throwIfAny(problems);
      if (names.organisation_id !== party.organisation_id)
        await checkOrganisation(trx, names.organisation_id);
      const has = (k: keyof UpdatePartyInput) => patch[k] !== undefined;
      await repo.updatePartyRow(
        trx,
        id,
        {
          ...names,
          display_name: displayName(party.kind, names),
          search_name: searchNameOf(party.kind, names),
          ...(has('preferredChannel') ? { preferred_channel: patch.preferredChannel ?? null } : {}),
          ...(has('language') ? { language: patch.language } : {}),
          ...(has('confidential') ? { confidential: patch.confidential } : {}),
          ...(has('active') ? { active: patch.active } : {}),
          ...(has('internalNote') ? { internal_note: patch.internalNote ?? null } : {}),
        },
        at,
      );
      return getParty(trx, id);
    }),
  );
}
