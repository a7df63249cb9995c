// Rollups kept through append-only deltas (migration 20261123T1552): registrations on the same
// day / channel / team never wait for each other, and figures are exact before and after a fold.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { foldDeltas, pendingDeltas, rollupDifferences, vacuumDeltas } from './insights.service.ts';

let t: TestApp;
let manager: Who;
beforeAll(async () => {
  t = await testApp();
  manager = await t.login('manager');
});
afterAll(() => t.close());

type Input = Parameters<typeof registerContact>[1];
const register = (db: Db, at: string) =>
  registerContact(
    db,
    {
      channel: 'whatsapp',
      direction: 'in',
      reasonCode: 'paspoort',
      subject: 'Vraag',
      occurredAt: at,
    } as Input,
    undefined,
    t.clock,
  );

const exact = { contacts: 0, hours: 0, hoursAll: 0, days: 0, tasks: 0, handling: 0 };
/** WhatsApp contacts on 2026-11-18 in the warehouse view (rollup + deltas, no fold). */
const warehouse = async () => {
  const { rows } = await sql<{ n: number }>`
    SELECT coalesce(sum(contacts), 0)::int AS n FROM insight_daily_contacts
    WHERE day = '2026-11-18' AND channel = 'whatsapp'`.execute(t.db);
  return rows[0]?.n;
};
/** The same as the dashboard and the view show them (the dashboard folds first). */
const shown = async () => {
  const res = await t.request(
    'GET',
    '/api/v1/insights/dashboard?from=2026-11-18&to=2026-11-18&channel=whatsapp',
    manager,
  );
  expect(res.statusCode, res.body).toBe(200);
  return { dashboard: res.json().totals.contacts as number, warehouse: await warehouse() };
};
const folded = async () => {
  const { rows } = await sql<{ n: number }>`
    SELECT coalesce(sum(contacts), 0)::int AS n FROM insight_contact_days
    WHERE day = '2026-11-18' AND channel = 'whatsapp'`.execute(t.db);
  return rows[0]?.n;
};

describe('insight deltas', () => {
  it('counts exactly before and after a fold', async () => {
    await foldDeltas(t.db);
    await register(t.db, '2026-11-18T09:00:00Z');
    await register(t.db, '2026-11-18T10:00:00Z');
    // Not folded yet: the rollup table lacks them, the reads add the deltas.
    expect(await pendingDeltas(t.db)).toBeGreaterThan(0);
    expect(await folded()).toBe(0);
    expect(await warehouse()).toBe(2);
    expect(await rollupDifferences(t.db)).toEqual(exact);

    expect(await foldDeltas(t.db)).toBeGreaterThan(0);
    expect(await pendingDeltas(t.db)).toBe(0);
    expect(await folded()).toBe(2);
    expect(await shown()).toEqual({ dashboard: 2, warehouse: 2 });
    expect(await rollupDifferences(t.db)).toEqual(exact);

    // The dashboard folds before it reads, and stays exact with new deltas.
    await register(t.db, '2026-11-18T11:00:00Z');
    expect(await shown()).toEqual({ dashboard: 3, warehouse: 3 });
    expect(await pendingDeltas(t.db)).toBe(0);
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });

  it('lets two transactions register contacts for the same day, channel and team without waiting', async (ctx) => {
    if (t.dbKind !== 'postgres') ctx.skip(); // PGlite has one connection: nothing runs concurrently
    const before = await warehouse();
    await t.db.transaction().execute(async (a) => {
      await register(a, '2026-11-18T12:00:00Z');
      // B on another connection completes while A still holds its locks (it would wait on the
      // shared rollup row before; lock_timeout turns such a wait into an error instead of a hang).
      await t.db.transaction().execute(async (b) => {
        await sql`SET LOCAL lock_timeout = '3s'`.execute(b);
        await register(b, '2026-11-18T12:01:00Z');
      });
      expect(await warehouse()).toBe((before ?? 0) + 1); // B is committed, A is not yet
    });
    expect(await warehouse()).toBe((before ?? 0) + 2);
    expect(await rollupDifferences(t.db)).toEqual(exact);
    await foldDeltas(t.db);
    expect(await warehouse()).toBe((before ?? 0) + 2);
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });

  it('gives the folded rows back with VACUUM once the delta tables grew, and stays exact', async () => {
    const before = (await warehouse()) ?? 0;
    await register(t.db, '2026-11-18T13:00:00Z');
    expect(await foldDeltas(t.db)).toBeGreaterThan(0);
    expect(await vacuumDeltas(t.db)).toBe(false); // a few rows: far below 1 MB, left to autovacuum
    expect(await vacuumDeltas(t.db, 0)).toBe(true);
    expect(await pendingDeltas(t.db)).toBe(0);
    expect(await warehouse()).toBe(before + 1);
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });

  it('keeps the half hours exact when one contact leaves an hour and another arrives in the same fold', async () => {
    await foldDeltas(t.db);
    const early = await register(t.db, '2026-11-18T14:10:00Z'); // 15:10 local: first half hour
    await foldDeltas(t.db);
    await sql`DELETE FROM contacts WHERE id = ${early.id}`.execute(t.db);
    await register(t.db, '2026-11-18T14:40:00Z'); // 15:40: same hour, channel and team, second half
    // One fold: the hour's contacts change by 0, its first half by -1.
    expect(await foldDeltas(t.db)).toBeGreaterThan(0);
    expect(await rollupDifferences(t.db)).toEqual(exact);
  });
});
