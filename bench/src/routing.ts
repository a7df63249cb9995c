// `npm run bench:routing -w bench [-- --rules 50 --messages 2000]`
// The cost the routing module adds to every inbound message, on a fresh embedded PGlite database
// with the demo organisation: routeInbound with N rules of which none match (the worst case: every
// rule checked, then the KCC fallback), with a party (party rules need the party's identifiers and
// addresses), enqueueContact for a registered contact, and openingStatus outside hours (the next
// opening searched across a weekend). Not a test: nothing asserts a time. Prints Markdown.
import { parseArgs } from 'node:util';
import { connectPglite } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { registerContact } from '../../server/src/modules/contacts/contacts.service.ts';
import { seedDemo } from '../../server/src/modules/demo/demo.seed.ts';
import { createParty } from '../../server/src/modules/parties/parties.service.ts';
import { openingStatus } from '../../server/src/modules/routing/opening-hours.service.ts';
import { enqueueContact, routeInbound } from '../../server/src/modules/routing/routing.service.ts';
import { createRule } from '../../server/src/modules/routing/rules.service.ts';
import { createClock } from '../../server/src/platform/clock.ts';
import { percentiles } from './report.ts';

const { values } = parseArgs({
  options: { rules: { type: 'string', default: '50' }, messages: { type: 'string', default: '2000' } },
});
const nRules = Number(values.rules);
const n = Number(values.messages);
const now = new Date('2026-11-23T09:00:00Z');
const handle = await connectPglite('memory://');
await migrate(handle.db);
await seedDemo(handle.db, { now, population: false });
const db = handle.db;
const team = (
  await db.selectFrom('teams').select('id').where('code', '=', 'belastingen').executeTakeFirstOrThrow()
).id;
for (let i = 0; i < nRules; i++) {
  const kinds = [
    { keywords: [`zeldzaamwoord${i}`, `ander${i}*`] },
    { channels: ['whatsapp'], addresses: [`alias${i}@gemeente.example`] },
    { postcodes: [`${1000 + i}`] },
    { hasKvkNummer: true, channels: ['post'] },
  ];
  await createRule(db, { name: `Regel ${i}`, teamId: team, conditions: kinds[i % kinds.length] ?? {} }, now);
}
const party = await createParty(db, {
  kind: 'person',
  surname: 'Jansen',
  addresses: [{ kind: 'visiting', postcode: '9999ZZ', houseNumber: 1 }],
});
const body = 'Goedemiddag, ik heb een vraag over de aanslag die ik vorige week ontving. '.repeat(20);

async function time(label: string, fn: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  const p = percentiles(ms);
  const rate = n / ((performance.now() - start) / 1000);
  return `| ${label} | ${p.p50.toFixed(2)} | ${p.p95.toFixed(2)} | ${p.p99.toFixed(2)} | ${Math.round(rate)} |`;
}

const rows = [
  await time('baseline: SELECT 1 (one round trip)', () =>
    db.selectNoFrom((eb) => eb.val(1).as('one')).execute(),
  ),
  await time(`routeInbound, ${nRules} rules, none match, no party`, () =>
    routeInbound(db, { channel: 'email', address: 'info@gemeente.example', subject: 'Vraag', body }),
  ),
  await time(`routeInbound, ${nRules} rules, none match, with party`, () =>
    routeInbound(db, { channel: 'email', subject: 'Vraag', body, partyId: party.id }),
  ),
];
const contacts: string[] = [];
for (let i = 0; i < n; i++) {
  const c = await registerContact(
    db,
    { channel: 'email', direction: 'in', subject: `Vraag ${i}`, content: 'x', occurredAt: now },
    undefined,
    createClock(now),
  );
  contacts.push(c.id);
}
const decision = await routeInbound(db, { channel: 'email' });
rows.push(
  await time('enqueueContact (one insert, unique per contact)', (i) =>
    enqueueContact(db, contacts[i] as string, decision, now),
  ),
);
const friday = new Date('2026-11-27T18:00:00Z');
rows.push(
  await time('openingStatus outside hours (Friday evening → Monday)', () =>
    openingStatus(db, { channel: 'phone' }, friday),
  ),
);
const out = [
  `Routing, ${new Date().toISOString().slice(0, 10)}, embedded PGlite in memory, ${n} calls each, one at a time:`,
  '',
  '| operation | p50 ms | p95 ms | p99 ms | calls/s |',
  '|---|---|---|---|---|',
  ...rows,
];
process.stdout.write(`${out.join('\n')}\n`);
await handle.close();
