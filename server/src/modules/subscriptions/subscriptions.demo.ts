// The demo municipality's topics (always: they are organisation data) and, with the demo
// population, a few residents who follow them, including one who follows their own case.
import type { Db } from '../../db/connect.ts';
import { findCase } from '../cases/cases.service.ts';
import { partyKind } from '../demo/demo.generate.ts';
import { uuidFrom } from '../demo/random.ts';
import { getParties } from '../parties/parties.service.ts';
import * as repo from './subscriptions.repo.ts';

export const demoTopics = [
  {
    code: 'afvalinzameling',
    name: 'Afvalinzameling',
    description: 'Veranderde ophaaldagen, de kerstboominzameling en nieuws over grofvuil en de milieustraat.',
    scope: 'general',
  },
  {
    code: 'wegwerkzaamheden',
    name: 'Wegwerkzaamheden in mijn buurt',
    description: 'Afsluitingen en omleidingen door werkzaamheden in uw postcodegebied.',
    scope: 'postcode_area',
  },
  {
    code: 'raadsbesluiten',
    name: 'Raadsbesluiten',
    description: 'De besluiten van de gemeenteraad, na elke raadsvergadering.',
    scope: 'general',
  },
  {
    code: 'zaak',
    name: 'Mijn zaak volgen',
    description: 'Berichten van de gemeente over één van uw zaken, naast de wijzigingen van de status.',
    scope: 'case',
  },
] as const;

export async function seedDemoSubscriptions(db: Db, now: Date, parties: number) {
  await repo.insertTopics(db, [...demoTopics]);
  if (parties < 50) return 0;
  const people = Array.from({ length: 24 }, (_, i) => i + 1).filter((i) => partyKind(i) === 'person');
  const details = await getParties(
    db,
    people.map((i) => uuidFrom(`party:${i}`)),
  );
  let made = 0;
  const add = async (
    key: string,
    partyId: string,
    topic: string,
    area: string | null,
    caseId: string | null,
  ) => {
    const r = await repo.insertSubscription(db, {
      id: uuidFrom(`subscription:${key}`),
      party_id: partyId,
      topic_code: topic,
      postcode_area: area,
      case_id: caseId,
      created_at: now,
    });
    if (r.created) made++;
  };
  for (const [n, p] of details.entries()) {
    await add(`${p.id}:afval`, p.id, 'afvalinzameling', null, null);
    const area = p.addresses.find((a) => a.postcode)?.postcode?.slice(0, 4);
    if (n % 2 === 0 && area) await add(`${p.id}:weg`, p.id, 'wegwerkzaamheden', area, null);
    if (n % 3 === 0) await add(`${p.id}:raad`, p.id, 'raadsbesluiten', null, null);
  }
  const followed = await findCase(db, uuidFrom('case:0'));
  const owner = followed?.parties[0]?.partyId;
  if (followed && owner) await add(`${owner}:zaak`, owner, 'zaak', null, followed.id);
  return made;
}
