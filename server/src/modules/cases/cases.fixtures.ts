// Test helpers for cases: a resident with an e-mail address, and short-hands for the API.
import type { TestApp, Who } from '../../test/app.ts';
import { createParty } from '../parties/parties.service.ts';

export async function resident(t: TestApp, surname: string, email?: string, bsn?: string) {
  const party = await createParty(t.db, {
    kind: 'person',
    givenNames: 'Sanne',
    surname,
    preferredChannel: email ? 'email' : null,
    identifiers: bsn ? [{ type: 'bsn', value: bsn }] : [],
    digitalAddresses: email ? [{ kind: 'email', value: email, isPreferred: true }] : [],
  });
  return party.id;
}

export async function createCase(t: TestApp, who: Who, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/cases', who, body);
  if (res.statusCode !== 201) throw new Error(`create case: ${res.statusCode} ${res.body}`);
  return res.json();
}
