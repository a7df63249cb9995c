// "Contacts outside opening hours" follows routing's opening hours (per channel, a team's own
// schedule, holidays), and handling times come only from where a duration is recorded: the call's
// duration on the contact and a queue item from picked up to handled. Hand-computed fixture.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import { saveSchedule } from '../routing/opening-hours.service.ts';
import { enqueueContact } from '../routing/routing.service.ts';
import { rollupDifferences } from './insights.service.ts';

/** rollupDifferences when every rollup equals its recount. */
const exact = { contacts: 0, hours: 0, hoursAll: 0, days: 0, tasks: 0, handling: 0 };

let t: TestApp;
let manager: Who;
const ids: Record<string, string> = {};
let burgerzaken: string;
let belastingen: string;

type Input = Parameters<typeof registerContact>[1];
const contact = async (at: string, extra: Partial<Input>) =>
  (
    await registerContact(
      t.db,
      { direction: 'in', subject: 'Vraag', reasonCode: 'paspoort', occurredAt: at, ...extra } as Input,
      undefined,
      t.clock,
    )
  ).id;
const team = async (code: string) =>
  (await t.db.selectFrom('teams').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

/** Puts a contact in its team's queue, picked up and handled at the given moments. */
async function handledInQueue(contactId: string, teamId: string, claimed: string, done: string) {
  await enqueueContact(t.db, contactId, { teamId, teamCode: '', ruleId: null }, new Date(claimed));
  await sql`UPDATE queue_items SET status = 'claimed', claimed_by = (SELECT id FROM employees LIMIT 1),
            claimed_at = ${claimed}::timestamptz WHERE contact_id = ${contactId}`.execute(t.db);
  await sql`UPDATE queue_items SET status = 'done', done_at = ${done}::timestamptz WHERE contact_id = ${contactId}`.execute(
    t.db,
  );
}

beforeAll(async () => {
  t = await testApp();
  manager = await t.login('manager');
  burgerzaken = await team('burgerzaken');
  belastingen = await team('belastingen');
  // Phone opens 08:30–17:00 on weekdays (routing's default). March 2026: CET = UTC+1.
  ids.early = await contact('2026-03-02T07:10:00Z', { channel: 'phone', teamId: burgerzaken }); // Mon 08:10: closed
  ids.open = await contact('2026-03-02T07:40:00Z', {
    channel: 'phone',
    teamId: burgerzaken,
    durationSeconds: 300,
  }); // Mon 08:40
  ids.five = await contact('2026-03-02T16:00:00Z', {
    channel: 'phone',
    teamId: burgerzaken,
    durationSeconds: 100,
  }); // Mon 17:00: closed
  ids.post = await contact('2026-03-01T02:00:00Z', { channel: 'post', teamId: burgerzaken }); // Sun 03:00, no schedule: open
  ids.own = await contact('2026-03-03T06:30:00Z', { channel: 'phone', teamId: belastingen }); // Tue 07:30: belastingen's own hours
  ids.chat = await contact('2026-03-03T10:00:00Z', { channel: 'webchat', teamId: burgerzaken }); // Tue 11:00
  ids.mail = await contact('2026-03-03T10:30:00Z', { channel: 'email', teamId: belastingen }); // Tue 11:30
  ids.mail2 = await contact('2026-03-04T10:30:00Z', { channel: 'email', teamId: belastingen }); // Wed 11:30
  // Koningsdag (Monday 27 April, CEST = UTC+2), 10:00 on a weekday: closed for the holiday.
  ids.holiday = await contact('2026-04-27T08:00:00Z', {
    channel: 'phone',
    teamId: burgerzaken,
    durationSeconds: 200,
  });
  // Belastingen answers the phone from 07:00 to 20:00 on Tuesdays (a team's own schedule in routing).
  await saveSchedule(
    t.db,
    { channel: 'phone', teamId: belastingen, weekly: { '2': [{ opens: '07:00', closes: '20:00' }] } },
    t.clock.now(),
  );
  // E-mail: picked up after 10 minutes, handled 30 and 60 minutes later.
  await handledInQueue(ids.mail, belastingen, '2026-03-03T10:40:00Z', '2026-03-03T11:10:00Z');
  await handledInQueue(ids.mail2, belastingen, '2026-03-04T10:40:00Z', '2026-03-04T11:40:00Z');
});
afterAll(() => t.close());

const dashboard = async (query: string) => {
  const res = await t.request('GET', `/api/v1/insights/dashboard?${query}`, manager);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const outsideList = async (query: string) => {
  const res = await t.request('GET', `/api/v1/insights/contacts?${query}&outsideHours=true`, manager);
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json()
    .items.map((i: { id: string }) => i.id)
    .sort();
};

describe('contacts outside opening hours', () => {
  it("follows routing's schedule per half hour, a team's own hours and holidays", async () => {
    const d = await dashboard('from=2026-03-01&to=2026-04-30');
    expect(d.totals.contacts).toBe(9);
    // 08:10 and 17:00 on the phone, Koningsdag; not 08:40, not the post (no schedule), not
    // belastingen's 07:30 (its own hours), not the chat or mails at 11:00–11:30.
    expect(d.outsideHours.contacts).toBe(3);
    expect(d.outsideHours.schedule).toMatch(/Routering/);
    expect(await outsideList('from=2026-03-01&to=2026-04-30')).toEqual(
      [ids.early, ids.five, ids.holiday].sort(),
    );
    // Within whole months (read from month rows) and for a single day (day rows) alike.
    expect((await dashboard('from=2026-03-02&to=2026-03-02')).outsideHours.contacts).toBe(2);
    expect((await dashboard('from=2026-04-01&to=2026-04-30')).outsideHours.contacts).toBe(1);
  });

  it('changes with the opening hours kept in routing', async () => {
    await saveSchedule(
      t.db,
      {
        channel: 'phone',
        weekly: Object.fromEntries(
          ['1', '2', '3', '4', '5'].map((d) => [d, [{ opens: '08:00', closes: '17:30' }]]),
        ),
      },
      t.clock.now(),
    );
    const d = await dashboard('from=2026-03-01&to=2026-04-30');
    expect(d.outsideHours.contacts).toBe(1); // only Koningsdag now
    expect(await outsideList('from=2026-03-01&to=2026-04-30')).toEqual([ids.holiday]);
  });
});

describe('handling times', () => {
  it('per channel from the call duration and the queue, and says where nothing is measured', async () => {
    const d = await dashboard('from=2026-03-01&to=2026-03-31');
    expect(d.handlingTimes.status).toBe('gemeten');
    const byChannel = Object.fromEntries(
      d.handlingTimes.channels.map((c: { channel: string }) => [c.channel, c]),
    );
    expect(byChannel.phone).toMatchObject({
      measured: true,
      source: 'call',
      handled: 2,
      averageMinutes: 3.3,
    }); // (300 + 100) / 2 s
    expect(byChannel.email).toMatchObject({
      measured: true,
      source: 'queue',
      handled: 2,
      averageMinutes: 45,
    });
    expect(byChannel.webchat).toMatchObject({ measured: false, source: null, averageMinutes: null });
    expect(byChannel.webchat.note).toMatch(/aanneemt wordt niet vastgelegd/);
    expect(byChannel.post).toMatchObject({ measured: false });
    // A team filter: belastingen handled both mails and made no timed call in March.
    const tx = await dashboard('from=2026-03-01&to=2026-03-31&team=belastingen');
    expect(tx.handlingTimes.channels.filter((c: { measured: boolean }) => c.measured)).toEqual([
      expect.objectContaining({ channel: 'email', handled: 2 }),
    ]);
    const none = await dashboard('from=2026-02-01&to=2026-02-28');
    expect(none.handlingTimes).toMatchObject({ status: 'niet_gemeten', channels: [] });
  });

  it('stays equal to a recount when calls, queue items and contacts change or go', async () => {
    await sql`UPDATE contacts SET duration_seconds = 600 WHERE id = ${ids.five}`.execute(t.db);
    await sql`UPDATE contacts SET channel = 'whatsapp' WHERE id = ${ids.mail2}`.execute(t.db);
    await sql`UPDATE queue_items SET done_at = done_at + interval '15 minutes' WHERE contact_id = ${ids.mail}`.execute(
      t.db,
    );
    expect(await rollupDifferences(t.db)).toMatchObject({ hours: 0, hoursAll: 0, handling: 0 });
    const d = await dashboard('from=2026-03-01&to=2026-03-31');
    const by = (c: string) => d.handlingTimes.channels.find((x: { channel: string }) => x.channel === c);
    expect(by('phone')).toMatchObject({ handled: 2, averageMinutes: 7.5 }); // (300 + 600) / 2 s
    expect(by('email')).toMatchObject({ handled: 1, averageMinutes: 45 });
    expect(by('whatsapp')).toMatchObject({ handled: 1, averageMinutes: 60 });
    // Deleting a contact takes its queue item with it (cascade) and both measurements out.
    await sql`DELETE FROM contacts WHERE id IN (${ids.mail2}, ${ids.open})`.execute(t.db);
    expect(await rollupDifferences(t.db)).toEqual(exact);
    const after = await dashboard('from=2026-03-01&to=2026-03-31');
    expect(after.handlingTimes.channels.filter((c: { measured: boolean }) => c.measured)).toEqual([
      expect.objectContaining({ channel: 'email', handled: 1 }),
      expect.objectContaining({ channel: 'phone', handled: 1, averageMinutes: 10 }),
    ]);
  });
});
