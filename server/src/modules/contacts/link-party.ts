// Filing an anonymous contact under a party: mail from an address no party verified comes in without
// one, and the employee who recognises the resident links the party afterwards. The anonymous
// involvement gets the party (its details, such as the address the mail came from, stay); a contact
// without one gets the party as a new involvement.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { conflict, unprocessable } from '../../platform/errors.ts';
import { getParties } from '../parties/parties.service.ts';
import * as repo from './contacts.repo.ts';
import { type ContactDetails, getContact, inTransaction } from './contacts.service.ts';

export async function linkParty(
  db: Db,
  contactId: string,
  partyId: string,
  now: Date,
): Promise<ContactDetails> {
  return inTransaction(db, async (trx) => {
    const contact = await getContact(trx, contactId);
    if (contact.parties.some((p) => p.partyId === partyId)) {
      throw conflict('Deze partij is al aan dit contact gekoppeld.');
    }
    const [party] = await getParties(trx, [partyId]);
    if (!party) throw unprocessable('partyId', 'Deze partij bestaat niet.');
    if (party.mergedInto || !party.active) {
      throw unprocessable(
        'partyId',
        'Deze partij is samengevoegd of niet meer actief; kies de partij die overbleef.',
      );
    }
    const anonymous =
      contact.parties.find((p) => !p.partyId && p.initiator) ?? contact.parties.find((p) => !p.partyId);
    if (anonymous) await repo.setInvolvementParty(trx, anonymous.id, partyId);
    else {
      await repo.insertInvolvement(trx, {
        id: randomUUID(),
        contact_id: contactId,
        party_id: partyId,
        role: 'klant',
        initiator: contact.parties.length === 0,
        details: JSON.stringify({}),
        created_at: now,
      });
    }
    return getContact(trx, contactId);
  });
}
