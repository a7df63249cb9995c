// The demo municipality's case types and a few dozen cases of demo residents, in every stage.
// Written straight into this module's tables (no domain events: seeding must not mail anyone).
import type { Db } from '../../db/connect.ts';
import { addDays } from '../calendar/holidays.ts';
import { localDate } from '../calendar/working-days.ts';
import { partyKind } from '../demo/demo.generate.ts';
import { seededRandom, uuidFrom } from '../demo/random.ts';
import * as repo from './cases.repo.ts';

export const demoCaseTypes = [
  {
    code: 'omgevingsvergunning',
    name: 'Omgevingsvergunning',
    termDays: 56,
    team: 'vergunningen',
    subjects: ['Dakkapel plaatsen', 'Uitbouw achterzijde woning', 'Kap van een boom in de voortuin'],
    statuses: [
      ['ontvangen', 'Aanvraag ontvangen'],
      ['in-behandeling', 'In behandeling'],
      ['besluit-in-voorbereiding', 'Besluit in voorbereiding'],
      ['afgehandeld', 'Afgehandeld'],
    ],
  },
  {
    code: 'parkeervergunning',
    name: 'Parkeervergunning',
    termDays: 14,
    team: 'vergunningen',
    subjects: ['Bewonersvergunning', 'Tweede bewonersvergunning', 'Bezoekersvergunning'],
    statuses: [
      ['ontvangen', 'Aanvraag ontvangen'],
      ['in-behandeling', 'In behandeling'],
      ['afgehandeld', 'Afgehandeld'],
    ],
  },
  {
    code: 'bijzondere-bijstand',
    name: 'Bijzondere bijstand',
    termDays: 56,
    team: 'werk-inkomen',
    subjects: ['Vervanging wasmachine', 'Kosten bewindvoering', 'Eigen bijdrage rechtsbijstand'],
    statuses: [
      ['ontvangen', 'Aanvraag ontvangen'],
      ['in-behandeling', 'In behandeling'],
      ['onderzoek', 'Aanvullend onderzoek'],
      ['afgehandeld', 'Afgehandeld'],
    ],
  },
  {
    code: 'melding-openbare-ruimte',
    name: 'Melding openbare ruimte',
    termDays: 5,
    team: 'openbare-ruimte',
    subjects: ['Losliggende stoeptegel', 'Kapotte straatverlichting', 'Volle afvalbak'],
    statuses: [
      ['ontvangen', 'Melding ontvangen'],
      ['ingepland', 'Ingepland'],
      ['afgehandeld', 'Afgehandeld'],
    ],
  },
] as const;

export const demoCaseCount = 32;

/** Case types always (they are organisation data); cases only when the demo population is seeded. */
export async function seedDemoCases(db: Db, now: Date, parties: number) {
  for (const t of demoCaseTypes) {
    const existing = await repo.findCaseType(db, t.code);
    if (existing) continue;
    await repo.upsertCaseType(
      db,
      {
        id: uuidFrom(`case-type:${t.code}`),
        code: t.code,
        name: t.name,
        term_days: t.termDays,
        team_id: uuidFrom(`team:${t.team}`),
        created_at: now,
        updated_at: now,
      },
      t.statuses.map(([code, name]) => ({ code, name })),
    );
  }
  if (parties < 50) return 0;
  const rng = seededRandom(20_261_124);
  let made = 0;
  for (let k = 0; made < demoCaseCount && k < parties; k++) {
    const i = 2 + k * Math.floor(parties / demoCaseCount);
    if (i >= parties) break;
    if (partyKind(i) !== 'person') continue;
    const id = uuidFrom(`case:${made}`);
    if (await repo.findCase(db, id)) {
      made++;
      continue;
    }
    const type = demoCaseTypes[made % demoCaseTypes.length] as (typeof demoCaseTypes)[number];
    const daysAgo = rng.int(1, 120);
    const created = new Date(now.getTime() - daysAgo * 86_400_000 - rng.int(0, 8) * 3_600_000);
    const startDate = localDate(created);
    // Older cases got further; a few of the old ones are done.
    const reach = Math.min(type.statuses.length, 1 + Math.floor((daysAgo / 120) * type.statuses.length));
    const seq = Math.max(1, reach);
    const final = seq === type.statuses.length;
    const stepMs = (now.getTime() - created.getTime()) / (seq + 1);
    const at = (s: number) => new Date(created.getTime() + Math.floor(stepMs * (s - 1)));
    await repo.insertCase(db, {
      id,
      identification: `ZAAK-D${String(made + 1).padStart(6, '0')}`,
      case_type_id: uuidFrom(`case-type:${type.code}`),
      subject: rng.pick(type.subjects),
      status_seq: seq,
      status_set_at: at(seq),
      closed: final,
      team_id: uuidFrom(`team:${type.team}`),
      start_date: startDate,
      expected_end_date: addDays(startDate, type.termDays),
      end_date: final ? localDate(at(seq)) : null,
      created_by_kind: 'system',
      created_by_id: null,
      created_by_name: 'Demo',
      created_at: created,
      updated_at: at(seq),
    });
    await repo.insertCaseParties(db, [{ case_id: id, party_id: uuidFrom(`party:${i}`), role: 'initiator' }]);
    for (let s = 1; s <= seq; s++) {
      const [code, name] = type.statuses[s - 1] as readonly [string, string];
      await repo.insertHistory(db, {
        case_id: id,
        seq: s,
        code,
        name,
        at: at(s),
        explanation: s === 1 ? 'Zaak aangemaakt' : '',
        actor_kind: 'system',
        actor_id: null,
        actor_name: 'Demo',
        event_key: null,
      });
    }
    if (type.code === 'omgevingsvergunning') {
      await repo.insertDocument(db, {
        id: uuidFrom(`case-document:${made}`),
        case_id: id,
        title: 'Bouwtekening',
        document_date: startDate,
        url: `https://dms.voorbeeld.nl/documenten/${id}`,
        attachment_id: null,
        added_by_name: 'Demo',
        created_at: created,
      });
    }
    made++;
  }
  return made;
}
