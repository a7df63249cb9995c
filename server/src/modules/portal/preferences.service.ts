// MijnGemeente preferences: the resident's digital addresses, the channel per kind of message and the
// language. Only ever the logged-in party's own data; every change is written to the processing log
// (actor kind 'resident'), with the endpoint and never the address itself.
import type { Db } from '../../db/connect.ts';
import type { ResidentActor } from '../../platform/actor.ts';
import { AppError, type InvalidParam, unprocessable } from '../../platform/errors.ts';
import {
  type DigitalAddress,
  getParty,
  removeDigitalAddress,
  updateDigitalAddress,
  updateParty,
} from '../parties/parties.service.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import * as repo from './preferences.repo.ts';
import { messageKinds, type PreferencesInput } from './preferences.schemas.ts';
import type { MessageChannel, MessageKind } from './preferences.tables.ts';

/** The portal's actor: a resident whose session says which party they are (null: not known yet). */
export type Resident = ResidentActor & { session: { partyId: string | null } };

export type PortalAddress = {
  id: string;
  kind: 'email' | 'phone';
  value: string;
  isPreferred: boolean;
  verifiedAt: string | null;
};

export type Preferences = {
  digitalAddresses: PortalAddress[];
  messagePreferences: Record<MessageKind, MessageChannel | null>;
  language: string;
};

export const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** The resident's own party; a resident Loket does not know yet has nothing to keep preferences on. */
export function ownParty(actor: Resident): string {
  const id = actor.session.partyId;
  if (!id)
    throw unprocessable(
      'party',
      'Wij kennen u nog niet in ons klantbeeld, dus wij kunnen nog geen voorkeuren bewaren. Neem contact op met de gemeente.',
    );
  return id;
}

/** A change by the resident in the processing log: who, whose, what (the endpoint), when. */
export const logChange = (db: Db, actor: Resident, partyId: string, endpoint: string, at: Date) =>
  logRead(db, partyId, { actor, endpoint, at, action: 'change', purpose: 'wijziging door betrokkene' });

export const toPortalAddress = (d: DigitalAddress): PortalAddress => ({
  id: d.id,
  kind: d.kind as 'email' | 'phone',
  value: d.value,
  isPreferred: d.isPreferred,
  verifiedAt: d.verifiedAt,
});

const emptyChoices = (): Record<MessageKind, MessageChannel | null> => ({
  case_status: null,
  callback: null,
  document: null,
  announcement: null,
});

/** The party's preferences without a processing-log entry: for the use cases that then change them. */
export async function loadPreferences(db: Db, partyId: string): Promise<Preferences> {
  const party = await getParty(db, partyId);
  const messagePreferences = emptyChoices();
  for (const row of await repo.selectMessagePreferences(db, partyId))
    messagePreferences[row.message_kind] = row.channel;
  return {
    digitalAddresses: party.digitalAddresses
      .filter((d) => d.kind === 'email' || d.kind === 'phone')
      .map(toPortalAddress),
    messagePreferences,
    language: party.language,
  };
}

export async function getPreferences(db: Db, actor: Resident, now: Date): Promise<Preferences> {
  const partyId = actor.session.partyId;
  if (!partyId) return { digitalAddresses: [], messagePreferences: emptyChoices(), language: 'nl' };
  return inTransaction(db, async (trx) => {
    const prefs = await loadPreferences(trx, partyId);
    await logRead(trx, partyId, {
      actor,
      endpoint: 'GET /mijn/preferences',
      at: now,
      purpose: 'inzage door betrokkene',
    });
    return prefs;
  });
}

/** Which verified address a channel needs; post needs none (the letter goes to the home address). */
const addressKindFor: Record<MessageChannel, 'email' | 'phone' | null> = {
  email: 'email',
  sms: 'phone',
  whatsapp: 'phone',
  post: null,
};

const missingAddress: Record<'email' | 'phone', string> = {
  email:
    'U heeft nog geen bevestigd e-mailadres. Voeg eerst een e-mailadres toe en bevestig het met de code.',
  phone:
    'U heeft nog geen bevestigd mobiel nummer. Voeg eerst een telefoonnummer toe en bevestig het met de code.',
};

/** Channels a message may no longer go to: those whose kind of address the party has none verified of. */
const usableChannels = (addresses: PortalAddress[]) =>
  (Object.keys(addressKindFor) as MessageChannel[]).filter((c) => {
    const kind = addressKindFor[c];
    return kind === null || addresses.some((a) => a.kind === kind && a.verifiedAt);
  });

export async function setPreferences(
  db: Db,
  actor: Resident,
  input: PreferencesInput,
  now: Date,
): Promise<Preferences> {
  const partyId = ownParty(actor);
  return inTransaction(db, async (trx) => {
    const current = await loadPreferences(trx, partyId);
    const usable = usableChannels(current.digitalAddresses);
    const problems: InvalidParam[] = [];
    const chosen = input.messagePreferences ?? {};
    for (const kind of messageKinds) {
      const channel = chosen[kind];
      const needs = channel ? addressKindFor[channel] : null;
      if (channel && needs && !usable.includes(channel))
        problems.push({
          name: `messagePreferences.${kind}`,
          code: 'no_verified_address',
          reason: missingAddress[needs],
        });
    }
    if (problems.length > 0)
      throw new AppError('invalid', problems[0]?.reason ?? 'Ongeldige invoer.', problems);
    for (const kind of messageKinds) {
      const channel = chosen[kind];
      if (channel) await repo.upsertMessagePreference(trx, partyId, kind, channel, now);
    }
    await repo.deleteMessagePreferences(trx, partyId, {
      kinds: messageKinds.filter((k) => chosen[k] === null),
    });
    if (input.language && input.language !== current.language)
      await updateParty(trx, partyId, { language: input.language }, now);
    await logChange(trx, actor, partyId, 'PUT /mijn/preferences', now);
    return loadPreferences(trx, partyId);
  });
}

async function ownAddress(db: Db, partyId: string, id: string): Promise<PortalAddress> {
  const found = (await loadPreferences(db, partyId)).digitalAddresses.find((a) => a.id === id);
  if (!found) throw new AppError('not_found', 'Digitaal adres niet gevonden.');
  return found;
}

/** Only a verified address can be the one messages go to. */
export async function setPreferredAddress(db: Db, actor: Resident, id: string, now: Date) {
  const partyId = ownParty(actor);
  return inTransaction(db, async (trx) => {
    const address = await ownAddress(trx, partyId, id);
    if (!address.verifiedAt)
      throw new AppError(
        'conflict',
        'Bevestig dit adres eerst met een code; daarna kunt u het als voorkeur kiezen.',
        [{ name: 'id', code: 'not_verified', reason: 'Dit adres is nog niet bevestigd.' }],
      );
    const updated = await updateDigitalAddress(trx, partyId, id, { isPreferred: true }, now);
    await logChange(trx, actor, partyId, 'PUT /mijn/digital-addresses/:id/preferred', now);
    return toPortalAddress(updated);
  });
}

/**
 * Removing an address: another verified one of its kind becomes preferred, and a message kind whose
 * channel has no verified address left goes back to the default (no choice), so nothing is sent to
 * an address the resident took away.
 */
export async function removeAddress(db: Db, actor: Resident, id: string, now: Date) {
  const partyId = ownParty(actor);
  await inTransaction(db, async (trx) => {
    const address = await ownAddress(trx, partyId, id);
    await removeDigitalAddress(trx, partyId, id, now);
    const left = (await loadPreferences(trx, partyId)).digitalAddresses;
    const successor = left.find((a) => a.kind === address.kind && a.verifiedAt);
    if (address.isPreferred && successor)
      await updateDigitalAddress(trx, partyId, successor.id, { isPreferred: true }, now);
    const usable = usableChannels(left);
    await repo.deleteMessagePreferences(trx, partyId, {
      channels: (Object.keys(addressKindFor) as MessageChannel[]).filter((c) => !usable.includes(c)),
    });
    await logChange(trx, actor, partyId, 'DELETE /mijn/digital-addresses/:id', now);
  });
}
