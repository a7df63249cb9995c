import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../db/connect.ts';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { deliverDueMail, listMails } from '../outbox/outbox.service.ts';
import { runDueWork, startScheduler } from '../scheduler/scheduler.ts';
import { createTask } from './tasks.fixtures.ts';
import { sweepReminders } from './tasks.reminders.ts';

type Mail = { to: string; subject: string; text: string };
const received: Mail[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let t: TestApp;
let kcc: Who;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => {
        const to = Array.isArray(m.to) ? m.to[0]?.text : m.to?.text;
        received.push({ to: to ?? '', subject: m.subject ?? '', text: m.text ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await testApp({ env: { LOKET_DEV_CLOCK: '1', LOKET_SMTP_RELAY_URL: `smtp://127.0.0.1:${smtpPort}` } });
  kcc = await t.login('kcc');
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const advance = async (duration: string) => {
  const res = await t.request('POST', '/api/v1/dev/clock', undefined, { advance: duration });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const getTask = async (id: string) => (await t.request('GET', `/api/v1/tasks/${id}`, kcc)).json();
const settings = () => ({ ...t.config.tasks, publicUrl: t.config.publicUrl });

describe('reminders and escalation (dev clock)', () => {
  it('reminds the owning team each working day after the term, by app and mail, and escalates after the third', async () => {
    const task = await createTask(t, kcc, { subject: 'Paspoort kwijt', reasonCode: 'paspoort' }); // due end of Wed 25 Nov
    expect((await t.request('GET', '/api/v1/dev/clock')).json().now).toMatch(/^2026-11-23T09:0/);

    expect((await advance('P2D')).ran.reminders).toBe(0); // Wednesday: still within the term
    expect((await advance('P1D')).ran).toMatchObject({ reminders: 1, mailsSent: 1 }); // Thursday
    let view = await getTask(task.id);
    expect(view.reminders).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'reminder',
        at: expect.stringMatching(/^2026-11-26T09:0/),
        recipients: [expect.objectContaining({ name: 'Backoffice Burgerzaken' })],
      }),
    ]);
    expect(received.at(-1)).toMatchObject({ to: 'backoffice@voorbeeld.nl' });
    expect(received.at(-1)?.text).toContain(view.number);

    const backoffice = await t.login('backoffice');
    const inApp = (await t.request('GET', '/api/v1/tasks/reminders', backoffice)).json();
    expect(inApp).toMatchObject({ unread: 1, results: [{ taskId: task.id, seq: 1 }] });

    expect((await advance('PT1H')).ran.reminders).toBe(0); // the same day: no second reminder
    await advance('P1D'); // Friday: 2
    await advance('P1D'); // Saturday, for Friday: 3
    expect((await advance('P1D')).ran.reminders).toBe(0); // Sunday: nothing
    expect((await advance('P1D')).ran.escalations).toBe(0); // Monday day time: Monday has not ended
    view = await getTask(task.id);
    expect(view.reminders.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    expect(view.escalatedAt).toBeNull();

    expect((await advance('P1D')).ran.escalations).toBe(1); // Tuesday: escalated to the default team KCC
    view = await getTask(task.id);
    expect(view).toMatchObject({
      escalatedAt: expect.stringMatching(/^2026-12-01T1/), // Tuesday (after the extra hour above)
      escalatedTo: { kind: 'team', code: 'kcc' },
      owner: { kind: 'team', code: 'kcc' },
      status: 'open',
    });
    expect(view.reminders.at(-1)).toMatchObject({ seq: 4, kind: 'escalation' });
    expect(view.history.map((h: { event: string }) => h.event)).toEqual([
      'created',
      'reminder',
      'reminder',
      'reminder',
      'escalated',
    ]);
    const system = { kind: 'system', id: null, name: 'Loket' };
    expect(view.history[1]).toMatchObject({
      at: expect.stringMatching(/^2026-11-26T09:0/),
      actor: system,
      details: { seq: 1, to: { kind: 'team', id: view.reminders[0].owner.id } },
    });
    expect(view.history[4]).toMatchObject({
      actor: system,
      details: { seq: 4, from: { kind: 'team' }, to: { kind: 'team', id: view.owner.id } },
    });
    expect(received.some((m) => m.to === 'kcc@voorbeeld.nl' && m.subject.startsWith('Escalatie'))).toBe(true);
  });

  it('escalates to the configured backup of the owning team', async () => {
    const admin = await t.login('admin');
    expect(
      (
        await t.request('PUT', '/api/v1/task-backups', admin, {
          owner: { kind: 'team', id: 'belastingen' },
          backup: { kind: 'team', id: 'burgerzaken' },
        })
      ).statusCode,
    ).toBe(200);
    const bad = await t.request('PUT', '/api/v1/task-backups', admin, {
      owner: { kind: 'team', id: 'belastingen' },
      backup: { kind: 'department', id: 'geen' },
    });
    expect(bad.statusCode).toBe(422);
    const task = await createTask(t, kcc, { subject: 'Aanslag', owner: { kind: 'team', id: 'belastingen' } });
    for (let i = 0; i < 10; i++) await advance('P1D');
    const view = await getTask(task.id);
    expect(view.escalatedTo).toMatchObject({ code: 'burgerzaken' });
    expect(view.history.filter((h: { event: string }) => h.event === 'escalated')).toHaveLength(1);
  });

  it('refuses a bad duration', async () => {
    expect(
      (await t.request('POST', '/api/v1/dev/clock', undefined, { advance: 'drie dagen' })).statusCode,
    ).toBe(400);
  });

  it('stops reminding once a task is done', async () => {
    const task = await createTask(t, kcc, { subject: 'Snel klaar', owner: { kind: 'team', id: 'kcc' } });
    await t.request('POST', `/api/v1/tasks/${task.id}/complete`, kcc, { result: 'answered_in_writing' });
    for (let i = 0; i < 4; i++) await advance('P1D');
    expect((await getTask(task.id)).reminders).toEqual([]);
  });
});

describe('catch-up and exactly-once', () => {
  it('sends one reminder per due step after downtime, not one per missed day', async () => {
    const task = await createTask(t, kcc, {
      subject: 'Vergeten',
      owner: { kind: 'team', id: 'werk-inkomen' },
    });
    t.clock.advance(12 * 86_400_000); // the worker was down for twelve days
    const first = await sweepReminders(t.db, settings(), t.clock.now());
    const again = await sweepReminders(t.db, settings(), t.clock.now());
    expect(again.reminders + again.escalations).toBe(0);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect((await getTask(task.id)).reminders).toHaveLength(1);
  });

  it('keeps a mail when the relay is down and delivers it once it is back', async () => {
    await createTask(t, kcc, { subject: 'Relay stuk', owner: { kind: 'team', id: 'vergunningen' } });
    t.clock.advance(8 * 86_400_000);
    const down = {
      send: async () =>
        Promise.reject(Object.assign(new Error('verbinding geweigerd'), { code: 'ECONNREFUSED' })),
    };
    const ran = await runDueWork({ db: t.db, config: t.config, clock: t.clock, mail: down });
    expect(ran.mailsFailed).toBeGreaterThanOrEqual(0);
    const pending = await listMails(t.db, { status: 'pending' });
    expect(pending.length).toBeGreaterThanOrEqual(1);
    const sent: string[] = [];
    const up = { send: async (m: { to: string }) => void sent.push(m.to) };
    expect((await deliverDueMail(t.db, up, t.clock.now())).sent).toBe(0); // waits for its retry time
    t.clock.advance(10 * 60_000);
    await deliverDueMail(t.db, up, t.clock.now());
    await deliverDueMail(t.db, up, t.clock.now());
    expect(sent.length).toBe(pending.length);
    expect(await listMails(t.db, { status: 'pending' })).toEqual([]);
  });

  it('runs on pg-boss: the scheduler sends due reminders on its own', async () => {
    const task = await createTask(t, kcc, { subject: 'Via pg-boss', owner: { kind: 'team', id: 'kcc' } });
    t.clock.advance(8 * 86_400_000);
    const jobs = await startScheduler({ db: t.db, config: t.config, clock: t.clock }, t);
    try {
      for (let i = 0; i < 100 && (await getTask(task.id)).reminders.length === 0; i++)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      await jobs.stop();
    }
    expect((await getTask(task.id)).reminders).toHaveLength(1);
  });

  it('two workers on one PostgreSQL never send the same reminder twice', async (ctx) => {
    if (t.dbKind !== 'postgres') return ctx.skip(); // PGlite is one process: one worker by design
    const url = (t.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const second = await connectPostgres(url, 5);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 120; i++)
        ids.push(
          (
            await createTask(t, kcc, {
              subject: `Massa ${i}`,
              owner: { kind: 'team', id: 'openbare-ruimte' },
            })
          ).id,
        );
      t.clock.advance(8 * 86_400_000);
      const now = t.clock.now();
      // One batch at a time per worker, both pools connected before the race: neither is done before
      // the other has begun, even on a busy machine.
      const warm = (db: typeof t.db) => Promise.all([1, 2].map(() => sql`SELECT 1`.execute(db)));
      await Promise.all([warm(t.db), warm(second.db)]);
      const [a, b] = await Promise.all([
        sweepReminders(t.db, settings(), now, 7, 1),
        sweepReminders(second.db, settings(), now, 7, 1),
      ]);
      expect(a.reminders + a.escalations + b.reminders + b.escalations).toBeGreaterThanOrEqual(ids.length);
      expect(a.reminders).toBeGreaterThan(0);
      expect(b.reminders).toBeGreaterThan(0);
      const rows = await t.db
        .selectFrom('task_reminders')
        .select(['task_id', 'seq'])
        .where('task_id', 'in', ids)
        .execute();
      expect(rows).toHaveLength(ids.length);
      // And through pg-boss: two schedulers racing find nothing left to do twice.
      t.clock.advance(3 * 86_400_000); // past the end of the next working day, whatever day it is
      const w1 = await startScheduler({ db: t.db, config: t.config, clock: t.clock }, t);
      const w2 = await startScheduler({ db: second.db, config: t.config, clock: t.clock }, second);
      for (let i = 0; i < 100; i++) {
        const n = await t.db
          .selectFrom('task_reminders')
          .select('task_id')
          .where('task_id', 'in', ids)
          .execute();
        if (n.length >= ids.length * 2) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await Promise.all([w1.stop(), w2.stop()]);
      const after = await t.db
        .selectFrom('task_reminders')
        .select(['task_id', 'seq'])
        .where('task_id', 'in', ids)
        .execute();
      expect(after).toHaveLength(ids.length * 2);
      expect(new Set(after.map((r) => `${r.task_id}:${r.seq}`)).size).toBe(after.length);
    } finally {
      await second.close();
    }
  });
});
