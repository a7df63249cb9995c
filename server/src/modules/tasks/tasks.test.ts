import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { createTask, employeeId, insertParty } from './tasks.fixtures.ts';
import { taskTimelineSource } from './tasks.timeline.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
let manager: Who;
let partyId: string;
beforeAll(async () => {
  t = await testApp(); // Monday 23 November 2026, 10:00 Amsterdam
  [kcc, backoffice, manager] = await Promise.all([t.login('kcc'), t.login('backoffice'), t.login('manager')]);
  partyId = await insertParty(t);
});
afterAll(() => t?.close());

const countTasks = async () =>
  Number(
    (
      await t.db
        .selectFrom('tasks')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('creating a callback request', () => {
  it('takes the term from the reason’s service norm in working days and the owner from its team', async () => {
    const task = await createTask(t, kcc, {
      subject: 'Vraag over paspoortaanvraag',
      partyId,
      reasonCode: 'paspoort',
      callback: { channel: 'phone', address: '06 1234 5678' },
    });
    expect(task).toMatchObject({
      status: 'open',
      kind: 'callback',
      dueAt: '2026-11-25T22:59:59.999Z', // end of Wednesday: the 2nd working day after Monday
      owner: { kind: 'team', code: 'burgerzaken', name: 'Burgerzaken' },
      callback: { channel: 'phone', address: '+31612345678' },
      reminders: [],
      escalatedAt: null,
      escalatedTo: null,
      createdBy: { kind: 'employee' },
    });
    expect(task.history).toEqual([expect.objectContaining({ event: 'created' })]);
  });

  it('uses the default norm of 2 working days without a reason, and a given term as is', async () => {
    const plain = await createTask(t, kcc, { subject: 'Terugbellen', owner: { kind: 'team', id: 'kcc' } });
    expect(plain.dueAt).toBe('2026-11-25T22:59:59.999Z');
    const given = await createTask(t, kcc, {
      subject: 'Terugbellen',
      owner: { kind: 'team', id: 'kcc' },
      dueAt: '2026-12-01T12:00:00Z',
    });
    expect(given.dueAt).toBe('2026-12-01T12:00:00.000Z');
  });

  it('is readable with an application token, with reminders and history', async () => {
    const app = await t.application('zaaksysteem', ['tasks:read', 'tasks:write']);
    const task = await createTask(t, app, {
      subject: 'Via koppeling',
      owner: { kind: 'team', id: 'kcc' },
      partyId,
    });
    const res = await t.request('GET', `/api/v1/tasks/${task.id}`, app);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json())).toEqual(
      expect.arrayContaining([
        'status',
        'owner',
        'dueAt',
        'reminders',
        'escalatedAt',
        'escalatedTo',
        'history',
      ]),
    );
    const log = await t.db.selectFrom('processing_log').selectAll().where('party_id', '=', partyId).execute();
    expect(log.some((l) => l.actor_name === 'zaaksysteem')).toBe(true);
  });
});

describe('bad input', () => {
  it('answers an unknown owner or team with 422 naming it, and stores nothing', async () => {
    const before = await countTasks();
    const team = await t.request('POST', '/api/v1/tasks', kcc, {
      subject: 'x',
      owner: { kind: 'team', id: 'bestaat-niet' },
    });
    expect(team.statusCode).toBe(422);
    expect(team.json().invalidParams[0]).toMatchObject({ name: 'owner.id' });
    expect(team.json().detail).toContain('bestaat-niet');
    const employee = await t.request('POST', '/api/v1/tasks', kcc, {
      subject: 'x',
      owner: { kind: 'employee', id: '7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b' },
    });
    expect(employee.statusCode).toBe(422);
    const party = await t.request('POST', '/api/v1/tasks', kcc, {
      subject: 'x',
      owner: { kind: 'team', id: 'kcc' },
      partyId: '7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(party.statusCode).toBe(422);
    expect(party.json().invalidParams[0].name).toBe('partyId');
    expect(await countTasks()).toBe(before);
  });

  it('refuses a term in the past, a bad phone number and a missing subject with 400', async () => {
    const past = await t.request('POST', '/api/v1/tasks', kcc, {
      subject: 'x',
      owner: { kind: 'team', id: 'kcc' },
      dueAt: '2026-11-20T09:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().invalidParams[0].name).toBe('dueAt');
    const phone = await t.request('POST', '/api/v1/tasks', kcc, {
      subject: 'x',
      owner: { kind: 'team', id: 'kcc' },
      callback: { channel: 'phone', address: 'geen nummer' },
    });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().invalidParams[0].name).toBe('callback.address');
    expect(
      (await t.request('POST', '/api/v1/tasks', kcc, { owner: { kind: 'team', id: 'kcc' } })).statusCode,
    ).toBe(400);
  });

  it('refuses completing without a result (400), completes twice idempotently', async () => {
    const task = await createTask(t, kcc, {
      subject: 'Afronden',
      owner: { kind: 'team', id: 'kcc' },
      partyId,
    });
    const none = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, kcc, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().invalidParams[0].name).toBe('result');
    const first = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, kcc, {
      result: 'reached_answered',
      note: 'Uitgelegd',
    });
    expect(first.statusCode).toBe(200);
    const second = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, kcc, {
      result: 'reached_answered',
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.json().history.filter((h: { event: string }) => h.event === 'completed')).toHaveLength(1);
    const cancel = await t.request('POST', `/api/v1/tasks/${task.id}/cancel`, kcc, { reason: 'te laat' });
    expect(cancel.statusCode).toBe(409);
  });

  it('answers 409 when claiming a task someone else holds, until it is reassigned', async () => {
    const task = await createTask(t, kcc, { subject: 'Claimen', owner: { kind: 'team', id: 'kcc' } });
    expect((await t.request('POST', `/api/v1/tasks/${task.id}/claim`, kcc)).json()).toMatchObject({
      status: 'in_progress',
    });
    expect((await t.request('POST', `/api/v1/tasks/${task.id}/claim`, kcc)).statusCode).toBe(200);
    const taken = await t.request('POST', `/api/v1/tasks/${task.id}/claim`, manager);
    expect(taken.statusCode).toBe(409);
    const done = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, manager, {
      result: 'not_reached',
    });
    expect(done.statusCode).toBe(409);
    const moved = await t.request('POST', `/api/v1/tasks/${task.id}/reassign`, manager, {
      owner: { kind: 'employee', id: await employeeId(t, 'manager') },
    });
    expect(moved.json()).toMatchObject({
      status: 'open',
      assignee: null,
      owner: { kind: 'employee', name: 'Teamleider KCC' },
    });
    expect((await t.request('POST', `/api/v1/tasks/${task.id}/claim`, manager)).statusCode).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/tasks/7d3b0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', kcc)).statusCode,
    ).toBe(404);
  });
});

describe('callback attempts in the party’s timeline', () => {
  it('records each attempt and the completion as an outbound contact, and shows the task', async () => {
    const task = await createTask(t, kcc, {
      subject: 'Terugbellen over afval',
      partyId,
      reasonCode: 'afval',
      callback: { channel: 'phone', address: '0201234567' },
    });
    const attempt = await t.request('POST', `/api/v1/tasks/${task.id}/attempts`, backoffice, {
      succeeded: false,
      note: 'Voicemail',
    });
    expect(attempt.statusCode).toBe(200);
    const done = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, backoffice, {
      result: 'reached_answered',
    });
    const contactIds = done
      .json()
      .history.filter((h: { event: string }) => ['attempt', 'completed'].includes(h.event))
      .map((h: { details: { contactId: string } }) => h.details.contactId);
    expect(contactIds).toHaveLength(2);
    const contacts = await t.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', 'in', contactIds)
      .orderBy('created_at')
      .execute();
    expect(contacts.map((c) => [c.direction, c.channel, c.succeeded])).toEqual(
      expect.arrayContaining([
        ['out', 'phone', false],
        ['out', 'phone', true],
      ]),
    );
    const items = await taskTimelineSource.fetch(t.db, {
      partyIds: [partyId],
      limit: 50,
      actor: { kind: 'application', id: 'x', name: 'x', permissions: new Set(), onBehalfOf: null },
    });
    expect(items.find((i) => i.id === task.id)).toMatchObject({ kind: 'task', data: { status: 'done' } });
  });
});

describe('the inbox', () => {
  it('filters mine, team, status, overdue and due today; a manager sees all teams', async () => {
    const boId = await employeeId(t, 'backoffice');
    const mine = await createTask(t, manager, {
      subject: 'Voor backoffice',
      owner: { kind: 'employee', id: boId },
    });
    const team = await createTask(t, manager, {
      subject: 'Voor burgerzaken',
      owner: { kind: 'team', id: 'burgerzaken' },
      dueAt: '2026-11-23T20:00:00Z',
    });
    const other = await createTask(t, manager, {
      subject: 'Voor belastingen',
      owner: { kind: 'team', id: 'belastingen' },
    });
    const ids = async (url: string, who: Who) => {
      const res = await t.request('GET', url, who);
      expect(res.statusCode).toBe(200);
      return res.json().results.map((r: { id: string }) => r.id);
    };
    expect(await ids('/api/v1/tasks?scope=mine', backoffice)).toEqual([mine.id]);
    expect(await ids('/api/v1/tasks?scope=team', backoffice)).toContain(team.id);
    expect(await ids('/api/v1/tasks?scope=team', backoffice)).not.toContain(mine.id);
    const inbox = await ids('/api/v1/tasks', backoffice);
    expect(inbox).toEqual(expect.arrayContaining([mine.id, team.id]));
    expect(inbox).not.toContain(other.id);
    expect(await ids('/api/v1/tasks?dueToday=true', backoffice)).toEqual([team.id]);
    expect((await t.request('GET', '/api/v1/tasks?scope=all', backoffice)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/tasks?team=belastingen', backoffice)).statusCode).toBe(403);
    expect(await ids('/api/v1/tasks?team=belastingen', manager)).toEqual([other.id]);
    expect(await ids('/api/v1/tasks?scope=all', manager)).toEqual(
      expect.arrayContaining([mine.id, team.id, other.id]),
    );

    t.clock.advance(24 * 3600_000); // Tuesday: the one due Monday evening is overdue
    expect(await ids('/api/v1/tasks?scope=all&overdue=true', manager)).toEqual([team.id]);
    expect(await ids('/api/v1/tasks?scope=mine&status=done', backoffice)).not.toContain(mine.id);
    const backlog = (await t.request('GET', '/api/v1/tasks/backlog', manager)).json();
    expect(
      backlog.owners.find((o: { owner: { code: string } }) => o.owner.code === 'burgerzaken'),
    ).toMatchObject({ overdue: 1 });
    expect((await t.request('GET', '/api/v1/tasks/backlog', kcc)).statusCode).toBe(403);

    const many = await t.request('POST', '/api/v1/tasks/reassign', manager, {
      taskIds: [team.id, other.id],
      owner: { kind: 'team', id: 'kcc' },
    });
    expect(many.json().results.map((r: { owner: { code: string } }) => r.owner.code)).toEqual(['kcc', 'kcc']);
    expect((await t.request('GET', '/api/v1/tasks?status=nonsense', manager)).statusCode).toBe(400);
    t.clock.advance(-24 * 3600_000);
  });
});
