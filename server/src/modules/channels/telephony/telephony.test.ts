import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { openLive } from '../../../test/live.ts';
import { runDueWork } from '../../scheduler/scheduler.ts';
import { holdTelephony, settleTelephony } from './telephony.inbox.ts';
import { signedHeaders } from './telephony.signature.ts';

const secret = 'telefonie-geheim-voor-tests-0123456789';
let t: TestApp;
let kcc: Who;
let admin: Who;
let seq = 0;

beforeAll(async () => {
  t = await testApp({ env: { LOKET_TELEPHONY_SECRET: secret } });
  kcc = await t.login('kcc');
  admin = await t.login('admin');
  base = t.clock.now().getTime();
});
afterAll(() => t.close());

type Event = Record<string, unknown> & { type: string; callId: string };

async function post(event: Event, headers?: Record<string, string>) {
  const body = JSON.stringify({ id: `evt-${++seq}`, ...event });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/events',
    headers: headers ?? signedHeaders(secret, body, t.clock.now()),
    payload: body,
  });
}

/** Posts an event the platform sends and waits for Loket's background processing of it. */
async function send(event: Event) {
  const res = await post(event);
  expect(res.statusCode, res.body).toBe(202);
  await settleTelephony(t.db);
  return res.json() as { status: string; callId: string };
}

// Event times relative to one fixed moment (the test clock runs on in real time).
let base = 0;
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();

async function partyWithPhone(surname: string, phone: string) {
  const res = await t.request('POST', '/api/v1/parties', kcc, {
    kind: 'person',
    initials: 'J.',
    surnamePrefix: 'de',
    surname,
    digitalAddresses: [{ kind: 'phone', value: phone }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; displayName: string };
}

type Contact = {
  id: string;
  channel: string;
  direction: string;
  succeeded: boolean | null;
  durationSeconds: number | null;
  employee: { name: string } | null;
  team: { code: string } | null;
  content: string;
  subject: string;
  reason: { code: string } | null;
  parties: { partyId: string | null; details: Record<string, unknown> }[];
};
const contact = async (id: string) =>
  (await t.request('GET', `/api/v1/contacts/${id}`, admin)).json() as Contact;

/** The contact's item in the KCC queue as an employee sees it (GET /queues/kcc/items), or undefined. */
async function queueItem(contactId: string) {
  const res = await t.request('GET', '/api/v1/queues/kcc/items', kcc);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { team: { code: string }; items: { contactId: string; status: string }[] };
  const item = body.items.find((i) => i.contactId === contactId);
  return item ? { code: body.team.code, status: item.status } : undefined;
}

describe('signatures', () => {
  const ringing = { type: 'ringing', callId: 'sig-1', from: '0612345678', to: 'kcc' };

  it('refuses a missing, wrong or stale signature with 401 and stores nothing', async () => {
    const body = JSON.stringify({ id: 'sig-evt', ...ringing });
    const good = signedHeaders(secret, body, t.clock.now());
    const cases: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { ...good, 'x-loket-signature': `sha256=${'0'.repeat(64)}` },
      signedHeaders('een-ander-geheim-van-iemand-anders', body, t.clock.now()),
      signedHeaders(secret, body, new Date(t.clock.now().getTime() - 6 * 60_000)),
      { ...good, 'x-loket-timestamp': String(Number(good['x-loket-timestamp']) + 1) },
    ];
    for (const headers of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/events',
        headers,
        payload: body,
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json().status).toBe(401);
    }
    // The same body signed for a different body: the signature covers every byte.
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/events',
      headers: good,
      payload: body.replace('kcc', 'xyz'),
    });
    expect(tampered.statusCode).toBe(401);
    const rows = await t.db.selectFrom('telephony_events').select('event_id').execute();
    expect(rows).toEqual([]);
  });

  it('answers 503 "niet ingesteld" when no secret is configured', async () => {
    const bare = await testApp({ seed: false });
    try {
      const body = JSON.stringify({ id: 'x', ...ringing });
      const res = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/events',
        headers: signedHeaders(secret, body, bare.clock.now()),
        payload: body,
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/niet ingesteld/);
    } finally {
      await bare.close();
    }
  });

  it('refuses malformed events with 400 and an unknown employee with 422', async () => {
    const body = '{"id":';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/events',
      headers: signedHeaders(secret, body, t.clock.now()),
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect((await post({ type: 'hung-up', callId: 'bad-1' })).statusCode).toBe(400);
    expect((await post({ type: 'ended', callId: 'bad-1' })).statusCode).toBe(400); // no reason
    const unknown = await post({ type: 'answered', callId: 'bad-1', employee: 'niemand@voorbeeld.nl' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().invalidParams[0].name).toBe('employee');
    const future = await post({ type: 'ringing', callId: 'bad-1', occurredAt: at(3600), from: '0612345678' });
    expect(future.statusCode).toBe(400);
  });
});

describe('a call from a known number', () => {
  it('pops the customer view on the answering employee screen and logs the call with its duration', async () => {
    const party = await partyWithPhone('Vries', '06-11112222');
    const me = (await t.request('GET', '/api/v1/auth/me', kcc)).json() as { id: string };
    const live = await openLive(t, kcc);
    try {
      await send({
        type: 'ringing',
        callId: 'call-1',
        from: '+31 6 1111 2222',
        to: 'kcc',
        occurredAt: at(0),
      });
      const answered = {
        id: 'ans-1',
        type: 'answered',
        callId: 'call-1',
        employee: 'kcc',
        occurredAt: at(15),
      };
      await send(answered);

      const pop = await live.next((f) => f.type === 'call.answered');
      expect(pop.topic).toBe(`employee:${me.id}`);
      expect(pop.data).toMatchObject({
        callId: 'call-1',
        partyId: party.id,
        partyName: 'J. de Vries',
        label: 'J. de Vries',
        contactId: null,
      });

      // The screen pop showed the party to this employee: one processing-log entry, with its purpose.
      const log = (await t.request('GET', `/api/v1/processing-log?party=${party.id}`, admin)).json() as {
        results: { actorId: string; purpose: string }[];
      };
      expect(log.results.filter((r) => r.purpose === 'telefoongesprek')).toEqual([
        expect.objectContaining({ actorId: me.id, purpose: 'telefoongesprek' }),
      ]);

      // Redelivered: nothing changes, no second pop, no second log entry.
      const again = await post(answered);
      expect(again.json().status).toBe('duplicate');

      await send({ type: 'ended', callId: 'call-1', reason: 'completed', occurredAt: at(15 + 192) });
      const ended = await live.next((f) => f.type === 'call.ended');
      const data = ended.data as { contactId: string; durationSeconds: number; succeeded: boolean };
      expect(data).toMatchObject({ durationSeconds: 192, succeeded: true, partyId: party.id });
      expect(live.frames.filter((f) => f.type === 'call.answered')).toEqual([]);
      const log2 = (await t.request('GET', `/api/v1/processing-log?party=${party.id}`, admin)).json() as {
        results: { purpose: string }[];
      };
      expect(log2.results.filter((r) => r.purpose === 'telefoongesprek')).toHaveLength(2); // pop + call-ended prompt

      const c = await contact(data.contactId);
      expect(c).toMatchObject({
        channel: 'phone',
        direction: 'in',
        succeeded: true,
        durationSeconds: 192,
        employee: { name: expect.any(String) },
        team: { code: 'kcc' },
      });
      expect(c.parties.map((p) => p.partyId)).toEqual([party.id]);
      expect(c.content).toMatch(/Gespreksduur: 3 min 12 s/);
      expect(await queueItem(c.id)).toBeUndefined(); // handled while on the phone: no callback needed

      // In the party's timeline.
      const view = (await t.request('GET', `/api/v1/parties/${party.id}/view`, kcc)).json() as {
        timeline: { items: { id: string; kind: string }[] };
      };
      expect(view.timeline.items.map((i) => i.id)).toContain(c.id);

      // The employee adds reason and notes to the logged call.
      const patched = await t.request('PATCH', `/api/v1/contacts/${c.id}`, kcc, {
        reasonCode: 'overig',
        content: `${c.content}\nVraag over de afvalpas beantwoord.`,
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ reason: { code: 'overig' }, durationSeconds: 192 });
    } finally {
      live.socket.close();
    }
  });

  it('pops "onbekend nummer" with the number for a caller nobody has on file', async () => {
    const live = await openLive(t, kcc);
    try {
      await send({ type: 'ringing', callId: 'call-2', from: '0201234567', to: 'kcc' });
      await send({ type: 'answered', callId: 'call-2', employee: 'kcc@voorbeeld.nl' });
      const pop = await live.next(
        (f) => f.type === 'call.answered' && (f.data as { callId: string }).callId === 'call-2',
      );
      expect(pop.data).toMatchObject({ partyId: null, label: 'onbekend nummer', number: '+31201234567' });
    } finally {
      live.socket.close();
    }
  });

  it('does not guess between two parties that share a number', async () => {
    await partyWithPhone('Jong', '0653535353');
    await partyWithPhone('Boer', '0653535353');
    await send({ type: 'ringing', callId: 'call-3', from: '0653535353', to: 'kcc' });
    await send({ type: 'answered', callId: 'call-3', employee: 'kcc' });
    const res = await send({ type: 'ended', callId: 'call-3', reason: 'completed' });
    expect(res.status).toBe('accepted');
    const call = await t.db
      .selectFrom('telephony_calls')
      .selectAll()
      .where('call_id', '=', 'call-3')
      .executeTakeFirstOrThrow();
    expect(call.party_id).toBeNull();
    const c = await contact(call.contact_id as string);
    expect(c.parties).toEqual([
      expect.objectContaining({ partyId: null, details: { telefoonnummer: '+31653535353' } }),
    ]);
  });
});

describe('calls nobody finished', () => {
  it('logs a missed call as unsuccessful, in the team queue as a callback candidate', async () => {
    const kccTeam = (await t.request('GET', '/api/v1/auth/me', kcc)).json() as { teams: { id: string }[] };
    const live = await openLive(t, kcc);
    try {
      await send({ type: 'ringing', callId: 'miss-1', from: '0612121212', to: 'kcc', occurredAt: at(0) });
      await send({ type: 'ended', callId: 'miss-1', reason: 'missed', occurredAt: at(40) });
      const call = await t.db
        .selectFrom('telephony_calls')
        .selectAll()
        .where('call_id', '=', 'miss-1')
        .executeTakeFirstOrThrow();
      const c = await contact(call.contact_id as string);
      expect(c).toMatchObject({
        channel: 'phone',
        succeeded: false,
        durationSeconds: 0,
        subject: 'Gemiste oproep',
        employee: null,
      });
      expect(c.content).toMatch(/Terugbellen/);
      expect(await queueItem(c.id)).toEqual({ code: 'kcc', status: 'open' });
      const queued = await live.next((f) => f.type === 'queue.added');
      expect(queued).toMatchObject({ topic: `team:${kccTeam.teams[0]?.id}`, data: { contactId: c.id } });
    } finally {
      live.socket.close();
    }
  });

  it('logs an abandoned call the same way', async () => {
    await send({ type: 'ringing', callId: 'aband-1', from: '0612121213', to: 'kcc' });
    await send({ type: 'ended', callId: 'aband-1', reason: 'abandoned' });
    const call = await t.db
      .selectFrom('telephony_calls')
      .selectAll()
      .where('call_id', '=', 'aband-1')
      .executeTakeFirstOrThrow();
    const c = await contact(call.contact_id as string);
    expect(c).toMatchObject({ succeeded: false, subject: 'Oproep afgebroken in de wachtrij' });
    expect(await queueItem(c.id)).toEqual({ code: 'kcc', status: 'open' });
  });
});

describe('events out of order', () => {
  it('fills in who answered when "answered" arrives after "ended"', async () => {
    const party = await partyWithPhone('Laat', '0687654321');
    const live = await openLive(t, kcc);
    try {
      await send({
        type: 'ended',
        callId: 'ooo-1',
        reason: 'completed',
        from: '0687654321',
        to: 'kcc',
        occurredAt: at(130),
      });
      const call = await t.db
        .selectFrom('telephony_calls')
        .selectAll()
        .where('call_id', '=', 'ooo-1')
        .executeTakeFirstOrThrow();
      const first = await contact(call.contact_id as string);
      expect(first).toMatchObject({ employee: null, durationSeconds: null, succeeded: true });
      expect(first.parties.map((p) => p.partyId)).toEqual([party.id]);

      await send({ type: 'answered', callId: 'ooo-1', employee: 'kcc', occurredAt: at(10) });
      await send({ type: 'ringing', callId: 'ooo-1', from: '0687654321', to: 'kcc', occurredAt: at(0) });
      const after = await contact(first.id);
      expect(after).toMatchObject({ employee: { name: expect.any(String) }, durationSeconds: 120 });
      // The call was over when the employee became known: the prompt for notes, not a screen pop.
      const ended = await live.next(
        (f) => f.type === 'call.ended' && (f.data as { callId: string }).callId === 'ooo-1',
      );
      expect(ended.data).toMatchObject({ contactId: first.id, partyId: party.id });
      expect(live.frames.some((f) => f.type === 'call.answered')).toBe(false);
      // Still one contact for the call.
      const n = await t.db
        .selectFrom('telephony_calls')
        .select('contact_id')
        .where('call_id', '=', 'ooo-1')
        .execute();
      expect(n).toEqual([{ contact_id: first.id }]);
    } finally {
      live.socket.close();
    }
  });

  it('gives a transferred call to the last employee, even when the transfer arrives first', async () => {
    const backoffice = await t.login('backoffice');
    const boId = ((await t.request('GET', '/api/v1/auth/me', backoffice)).json() as { id: string }).id;
    const kccLive = await openLive(t, kcc);
    const boLive = await openLive(t, backoffice);
    try {
      await send({ type: 'ringing', callId: 'tr-1', from: '0699887766', to: 'kcc', occurredAt: at(0) });
      await send({ type: 'transferred', callId: 'tr-1', employee: 'backoffice', occurredAt: at(60) });
      await send({ type: 'answered', callId: 'tr-1', employee: 'kcc', occurredAt: at(5) });
      const pop = await boLive.next((f) => f.type === 'call.answered');
      expect(pop.data).toMatchObject({ callId: 'tr-1', label: 'onbekend nummer' });
      await send({ type: 'ended', callId: 'tr-1', reason: 'completed', occurredAt: at(100) });
      await boLive.next((f) => f.type === 'call.ended');
      // kcc answered before the transfer, but that event came late: no stale pop on their screen.
      expect(
        kccLive.frames.some(
          (f) => f.type === 'call.answered' && (f.data as { callId: string }).callId === 'tr-1',
        ),
      ).toBe(false);
      const call = await t.db
        .selectFrom('telephony_calls')
        .selectAll()
        .where('call_id', '=', 'tr-1')
        .executeTakeFirstOrThrow();
      expect(call.employee_id).toBe(boId);
      const c = await contact(call.contact_id as string);
      expect(c.durationSeconds).toBe(95);
    } finally {
      kccLive.socket.close();
      boLive.socket.close();
    }
  });

  it('logs a call once when its events arrive at the same moment', async () => {
    await Promise.all([
      send({ type: 'ringing', callId: 'race-1', from: '0612340000', to: 'kcc', occurredAt: at(0) }),
      send({ type: 'answered', callId: 'race-1', employee: 'kcc', occurredAt: at(3) }),
      send({ type: 'ended', callId: 'race-1', reason: 'completed', occurredAt: at(33) }),
      send({
        type: 'ended',
        callId: 'race-1',
        reason: 'completed',
        occurredAt: at(33),
        id: 'race-1-end-again',
      }),
    ]);
    const call = await t.db
      .selectFrom('telephony_calls')
      .selectAll()
      .where('call_id', '=', 'race-1')
      .executeTakeFirstOrThrow();
    const c = await contact(call.contact_id as string);
    expect(c).toMatchObject({ durationSeconds: 30, employee: { name: expect.any(String) } });
    const phoneContacts = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('content', 'like', '%+31612340000%')
      .execute();
    expect(phoneContacts).toHaveLength(1);
  });

  it('logs an outbound call as direction out, matching the number called', async () => {
    const party = await partyWithPhone('Uit', '0611223344');
    await send({
      type: 'ringing',
      callId: 'out-1',
      direction: 'out',
      from: '0101234567',
      to: '0611223344',
      occurredAt: at(0),
    });
    await send({ type: 'answered', callId: 'out-1', employee: 'kcc', occurredAt: at(8) });
    await send({ type: 'ended', callId: 'out-1', reason: 'completed', occurredAt: at(68) });
    const call = await t.db
      .selectFrom('telephony_calls')
      .selectAll()
      .where('call_id', '=', 'out-1')
      .executeTakeFirstOrThrow();
    const c = await contact(call.contact_id as string);
    expect(c).toMatchObject({ direction: 'out', durationSeconds: 60, subject: 'Telefoongesprek (uitgaand)' });
    expect(c.parties.map((p) => p.partyId)).toEqual([party.id]);
    expect(await queueItem(c.id)).toBeUndefined();
  });
});

describe('processing after the answer', () => {
  const callOf = (callId: string) =>
    t.db.selectFrom('telephony_calls').selectAll().where('call_id', '=', callId).executeTakeFirstOrThrow();

  it('answers at once and processes later what arrived while no processor ran (a restart)', async () => {
    const party = await partyWithPhone('Herstart', '0655500011');
    const release = holdTelephony(t.db);
    let released = false;
    try {
      for (const e of [
        { type: 'ringing', callId: 'later-1', from: '0655500011', to: 'kcc', occurredAt: at(0) },
        { type: 'answered', callId: 'later-1', employee: 'kcc', occurredAt: at(4) },
        { type: 'ended', callId: 'later-1', reason: 'completed', occurredAt: at(64) },
      ]) {
        const res = await post(e);
        expect(res.statusCode, res.body).toBe(202);
        expect(res.json()).toEqual({ status: 'accepted', callId: 'later-1' });
      }
      // Stored, not yet taken into the call: no contact yet.
      expect((await callOf('later-1')).contact_id).toBeNull();

      // The scheduler's round (as after a restart) logs the call once, with all three events.
      const ran = await runDueWork({ db: t.db, config: t.config, clock: t.clock, mail: null });
      expect(ran.callEvents).toBe(3);
      const call = await callOf('later-1');
      const c = await contact(call.contact_id as string);
      expect(c).toMatchObject({
        durationSeconds: 60,
        succeeded: true,
        employee: { name: expect.any(String) },
      });
      expect(c.parties.map((p) => p.partyId)).toEqual([party.id]);
      await release();
      released = true;
      await settleTelephony(t.db);
      const again = await runDueWork({ db: t.db, config: t.config, clock: t.clock, mail: null });
      expect(again.callEvents).toBe(0);
    } finally {
      if (!released) await release();
    }
  });

  it('keeps an event it could not process and tries it again later, without holding up other calls', async () => {
    const release = holdTelephony(t.db);
    try {
      await post({ type: 'ringing', callId: 'fail-1', from: '0201110000', to: 'kcc', occurredAt: at(0) });
      await post({ type: 'ringing', callId: 'fine-1', from: '0201110001', to: 'kcc', occurredAt: at(0) });
      // An employee the database does not have (removed meanwhile): storing the call's state fails.
      await t.db
        .updateTable('telephony_events')
        .set({
          payload: JSON.stringify({
            from: '0201110000',
            to: 'kcc',
            employeeId: '00000000-0000-4000-8000-000000000000',
          }),
          type: 'answered',
        })
        .where('call_id', '=', 'fail-1')
        .execute();
    } finally {
      await release();
    }
    await settleTelephony(t.db);
    expect((await callOf('fine-1')).party_number).toBe('+31201110001');
    const [failed] = await t.db
      .selectFrom('telephony_events')
      .select(['processed_at', 'attempts', 'retry_at', 'last_error'])
      .where('call_id', '=', 'fail-1')
      .execute();
    expect(failed).toMatchObject({ processed_at: null, attempts: 1, retry_at: expect.any(Date) });
    expect(failed?.last_error).toMatch(/23503/); // the foreign key

    // Not yet due: the scheduler leaves it; once the back-off has passed it is tried again.
    expect((await runDueWork({ db: t.db, config: t.config, clock: t.clock, mail: null })).callEvents).toBe(0);
    const me = (await t.request('GET', '/api/v1/auth/me', kcc)).json() as { id: string };
    await t.db
      .updateTable('telephony_events')
      .set({ payload: JSON.stringify({ from: '0201110000', to: 'kcc', employeeId: me.id }) })
      .where('call_id', '=', 'fail-1')
      .execute();
    t.clock.advance(60_000);
    expect((await runDueWork({ db: t.db, config: t.config, clock: t.clock, mail: null })).callEvents).toBe(1);
    expect(await callOf('fail-1')).toMatchObject({ employee_id: me.id, party_number: '+31201110000' });
  });
});
