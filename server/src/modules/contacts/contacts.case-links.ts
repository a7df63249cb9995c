// Contacts stored in a batch (contacts.batch.ts) that are about a case: the notifications a resident
// gets about their case. Few per batch (an announcement fan-out has none), so one INSERT each.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import * as repo from './contacts.repo.ts';

export async function linkContactsToCase(
  db: Db,
  links: { contactId: string; caseReference: string }[],
  now: Date,
) {
  for (const l of links) {
    await repo.insertSubject(db, {
      id: randomUUID(),
      contact_id: l.contactId,
      kind: 'case',
      reference: l.caseReference,
      register: null,
      related_contact_id: null,
      created_at: now,
    });
  }
}
