import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { listening, openLive } from '../../test/live.ts';
import { floodLimit } from './chat.socket.ts';

let t: TestApp;
let base: string;
let kcc: Who;
beforeAll(async () => {
  t = await testApp(); // Monday 23 November 2026, 10:00 in Amsterdam: the chat is staffed
  base = (await listening(t)).replace('http', 'ws');
  kcc = await t.login('kcc');
});
afterAll(() => t.close());

type Frame = { type: string; [k: string]: unknown };

/** A resident's widget, speaking the chat protocol over a real WebSocket (with the page's cookie). */
async function widget(cookie?: string) {
  const socket = new WebSocket(`${base}/api/v1/public/chat`, cookie ? { headers: { cookie } } : {});
  const frames: Frame[] = [];
  const waiting: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as Frame;
    frames.push(frame);
    for (const w of [...waiting])
      if (w.match(frame)) waiting.splice(waiting.indexOf(w), 1) && w.resolve(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const next = (match: (f: Frame) => boolean, ms = 8000) =>
    new Promise<Frame>((resolve, reject) => {
      const seen = frames.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no frame; got ${JSON.stringify(frames)}`)), ms);
      waiting.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  const send = (frame: object) => socket.send(JSON.stringify(frame));
  const messages = () => frames.filter((f) => f.type === 'message');
  return { socket, frames, next, send, closed, messages };
}

async function startChat(cookie?: string) {
  const w = await widget(cookie);
  w.send({ type: 'hello' });
  const welcome = await w.next((f) => f.type === 'welcome');
  return {
    ...w,
    conversationId: welcome.conversationId as string,
    resumeToken: welcome.resumeToken as string,
  };
}

const fromBot = (f: Frame) => f.type === 'message' && f.from === 'bot';

describe('web chat: the bot answers from the knowledge base', () => {
  it('quotes the best article with its source, and nothing of its own', async () => {
    const w = await startChat();
    await w.next((f) => fromBot(f) && String(f.text).startsWith('Welkom'));
    w.send({ type: 'message', clientId: 'c1', text: 'Hoe vraag ik een paspoort aan?' });
    expect(await w.next((f) => f.type === 'ack')).toMatchObject({ clientId: 'c1', seq: 2 });
    const answer = await w.next((f) => fromBot(f) && !!f.source);
    expect(answer.source).toMatchObject({ slug: 'paspoort-aanvragen', title: 'Paspoort aanvragen' });
    expect(answer.text).toContain('paspoort');
    w.socket.close();
  });

  it('asks which article is meant when two are about as good, and answers the one picked', async () => {
    const w = await startChat();
    w.send({ type: 'message', clientId: 'r', text: 'Hoeveel kost een rijbewijs' });
    const question = await w.next((f) => fromBot(f) && Array.isArray(f.choices));
    const choices = question.choices as { id: string; title: string }[];
    expect(choices.map((c) => c.title)).toEqual(expect.arrayContaining(['Rijbewijs aanvragen of verlengen']));
    const picked = choices.find((c) => c.title === 'Rijbewijs aanvragen of verlengen');
    w.send({ type: 'choose', articleId: picked?.id });
    const answer = await w.next((f) => fromBot(f) && !!f.source);
    expect(answer.source).toMatchObject({ title: 'Rijbewijs aanvragen of verlengen' });
    w.socket.close();
  });

  it('says plainly when it does not know, and hands over after the second miss', async () => {
    const w = await startChat();
    w.send({ type: 'message', clientId: 'q1', text: 'xyzzy plugh' });
    const unknown = await w.next((f) => fromBot(f) && String(f.text).includes('weet ik helaas niet'));
    expect(unknown.source).toBeNull();
    w.send({ type: 'message', clientId: 'q2', text: 'qwerty asdfgh' });
    await w.next((f) => f.type === 'message' && String(f.text).includes('doorverbonden'));
    const list = (await t.request('GET', '/api/v1/chats', kcc)).json();
    expect(list.waiting.map((c: { id: string }) => c.id)).toContain(w.conversationId);
    w.socket.close();
  });
});

describe('web chat: a resident logged in to MijnGemeente is recognised', () => {
  /** The cookie MijnGemeente's login leaves in the browser, last used `idleMinutes` ago. */
  const residentCookie = (partyId: string, idleMinutes = 0) =>
    `loket_sessie=${encodeURIComponent(
      t.app.encodeSecureSession(
        t.app.createSecureSession({
          resident: {
            partyId,
            partyIds: [partyId],
            kind: 'bsn',
            name: 'Anna de Vries',
            lastSeenAt: t.clock.now().getTime() - idleMinutes * 60_000,
          },
        }),
      ),
    )}`;
  let partyId: string;
  beforeAll(async () => {
    const created = await t.request('POST', '/api/v1/parties', kcc, {
      kind: 'person',
      givenNames: 'Anna',
      surname: 'de Vries',
      identifiers: [{ type: 'bsn', value: '123456782' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    partyId = created.json().id;
  });
  const conversationOf = async (id: string) =>
    (await t.request('GET', `/api/v1/chats/${id}`, await t.login('admin'))).json();

  it('links the chat to the party and greets by name, nothing more', async () => {
    const w = await startChat(residentCookie(partyId));
    const welcome = await w.next((f) => fromBot(f) && String(f.text).startsWith('Welkom'));
    expect(welcome.text).toContain('Welkom bij Gemeente Voorbeeld, Anna de Vries.');
    expect(welcome.text).not.toContain('123456782');
    expect((await conversationOf(w.conversationId)).partyId).toBe(partyId);
    w.socket.close();
  });

  it('keeps an anonymous chat without a party', async () => {
    const w = await startChat();
    const welcome = await w.next((f) => fromBot(f) && String(f.text).startsWith('Welkom'));
    expect(welcome.text).toMatch(/^Welkom bij Gemeente Voorbeeld\. /);
    expect((await conversationOf(w.conversationId)).partyId).toBeNull();
    w.socket.close();
  });

  it('treats an expired session (16 minutes idle) as anonymous', async () => {
    const w = await startChat(residentCookie(partyId, 16));
    const welcome = await w.next((f) => fromBot(f) && String(f.text).startsWith('Welkom'));
    expect(welcome.text).not.toContain('Anna');
    expect((await conversationOf(w.conversationId)).partyId).toBeNull();
    w.socket.close();
  });

  it('links a chat to the resident who logs in during it and reconnects', async () => {
    const first = await startChat();
    await first.next((f) => fromBot(f));
    first.socket.terminate();
    const again = await widget(residentCookie(partyId));
    again.send({
      type: 'hello',
      conversationId: first.conversationId,
      resumeToken: first.resumeToken,
      lastSeq: 1,
    });
    await again.next((f) => f.type === 'welcome' && f.resumed === true);
    expect((await conversationOf(first.conversationId)).partyId).toBe(partyId);
    again.socket.close();
  });
});

describe('web chat: handover to an employee in the same conversation', () => {
  it('goes from bot to employee to a recorded contact with a satisfaction score', async () => {
    const w = await startChat();
    w.send({ type: 'message', clientId: 'a', text: 'Wanneer wordt het grofvuil opgehaald?' });
    await w.next((f) => fromBot(f) && !!f.source);
    w.send({ type: 'message', clientId: 'b', text: 'Ik wil een medewerker spreken' });
    await w.next((f) => f.type === 'message' && String(f.text).includes('doorverbonden'));

    // The employee follows the conversation live and takes it.
    const live = await openLive(t, kcc);
    live.send({ type: 'subscribe', topic: `chat:${w.conversationId}` });
    await live.next((f) => f.type === 'subscribed');
    const claim = await t.request('POST', `/api/v1/chats/${w.conversationId}/claim`, kcc);
    expect(claim.statusCode, claim.body).toBe(200);
    const sent = await t.request('POST', `/api/v1/chats/${w.conversationId}/messages`, kcc, {
      text: 'Goedemorgen, ik kijk even met u mee.',
    });
    expect(sent.statusCode).toBe(201);
    const reply = await w.next((f) => f.type === 'message' && f.from === 'employee');
    expect(reply.text).toBe('Goedemorgen, ik kijk even met u mee.');

    w.send({ type: 'message', clientId: 'c', text: '<script>alert(1)</script> Dank u!' });
    const onConsole = await live.next(
      (f) => f.type === 'chat.message' && (f.data as { from: string }).from === 'resident',
    );
    expect((onConsole.data as { text: string }).text).toBe('<script>alert(1)</script> Dank u!');

    const closed = await t.request('POST', `/api/v1/chats/${w.conversationId}/close`, kcc, {
      reasonCode: 'afval',
      result: 'Ophaaldag uitgelegd',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await w.next((f) => f.type === 'closed');
    w.send({ type: 'survey', score: 4, comment: 'Snel geholpen' });
    await w.next((f) => f.type === 'survey.thanks');
    w.send({ type: 'survey', score: 5 });
    expect(await w.next((f) => f.type === 'error')).toMatchObject({ code: 'conflict' });

    const contactId = closed.json().id as string;
    const contact = (await t.request('GET', `/api/v1/contacts/${contactId}`, kcc)).json();
    expect(contact).toMatchObject({
      channel: 'webchat',
      result: 'Ophaaldag uitgelegd',
      subject: 'Wanneer wordt het grofvuil opgehaald?',
    });
    expect(contact.content).toContain('Chatbot: ');
    expect(contact.content).toContain('Medewerker: Goedemorgen, ik kijk even met u mee.');
    expect(contact.thread).not.toBeNull();
    const scores = (await t.request('GET', `/api/v1/contacts/${contactId}/satisfaction`, kcc)).json();
    expect(scores.results).toMatchObject([{ score: 4, comment: 'Snel geholpen', channel: 'webchat' }]);
    live.socket.close();
    w.socket.close();
  });

  it('records a bot-only chat with the article it answered with', async () => {
    const w = await startChat();
    w.send({ type: 'message', clientId: 'a', text: 'Hoe vraag ik een paspoort aan?' });
    await w.next((f) => fromBot(f) && !!f.source);
    w.send({ type: 'close' });
    await w.next((f) => f.type === 'closed');
    const page = (await t.request('GET', '/api/v1/contacts?channel=webchat&limit=50', kcc)).json();
    const recorded = page.items.find((c: { content: string }) =>
      c.content.includes('Hoe vraag ik een paspoort aan?'),
    );
    expect(recorded).toMatchObject({
      resolvedFirstContact: true,
      result: 'Beantwoord door de chatbot met "Paspoort aanvragen"',
    });
    w.socket.close();
  });
});

describe('web chat: a long wait', () => {
  it('tells the resident once and offers a callback or e-mail when nobody takes the chat', async () => {
    const quick = await testApp({ env: { LOKET_CHAT_MAX_WAIT_SECONDS: '1' } });
    const url = (await listening(quick)).replace('http', 'ws');
    const socket = new WebSocket(`${url}/api/v1/public/chat`);
    const frames: Frame[] = [];
    socket.on('message', (raw) => frames.push(JSON.parse(String(raw))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'hello' }));
    socket.send(JSON.stringify({ type: 'handover' }));
    await expect
      .poll(() => frames.filter((f) => String(f.text).startsWith('Het duurt langer dan verwacht')).length, {
        timeout: 10_000,
      })
      .toBe(1);
    socket.close();
    await quick.close();
  });
});

describe('web chat: outside opening hours', () => {
  it('offers a callback instead of a person, and a bad number does not end the chat', async () => {
    const daytime = t.clock.now();
    t.clock.set(new Date('2026-11-23T21:30:00Z')); // 22:30 in Amsterdam
    try {
      const w = await startChat();
      w.send({ type: 'handover' });
      const notice = await w.next((f) => f.type === 'message' && f.from === 'system');
      expect(notice.text).toContain('Er zijn nu geen medewerkers beschikbaar');
      w.send({ type: 'callback', channel: 'phone', address: 'bel me' });
      expect(await w.next((f) => f.type === 'error')).toMatchObject({ title: 'Ongeldig telefoonnummer.' });
      w.send({ type: 'callback', channel: 'phone', address: '06 1234 5678' });
      const made = await w.next((f) => f.type === 'callback.created');
      const task = (await t.request('GET', `/api/v1/tasks/${made.taskId}`, kcc)).json();
      expect(task).toMatchObject({
        kind: 'callback',
        callback: { channel: 'phone', address: '+31612345678' },
      });
      await w.next((f) => f.type === 'closed');
      w.socket.close();
    } finally {
      t.clock.set(daytime);
    }
  });
});

describe('web chat: reconnects lose and duplicate nothing', () => {
  it('replays what the widget missed, once, and never stores a resent message twice', async () => {
    const first = await startChat();
    first.send({ type: 'message', clientId: 'm1', text: 'Hoe vraag ik een paspoort aan?' });
    await first.next((f) => fromBot(f) && !!f.source);
    const seen = Math.max(...first.messages().map((m) => m.seq as number));
    first.socket.terminate();

    const again = await widget();
    again.send({
      type: 'hello',
      conversationId: first.conversationId,
      resumeToken: first.resumeToken,
      lastSeq: seen - 1,
    });
    await again.next((f) => f.type === 'welcome' && f.resumed === true);
    await again.next((f) => f.type === 'message' && f.seq === seen);
    again.send({ type: 'message', clientId: 'm1', text: 'Hoe vraag ik een paspoort aan?' });
    expect(await again.next((f) => f.type === 'ack')).toMatchObject({ clientId: 'm1', seq: 2 });

    const all = (
      await t.request('GET', `/api/v1/chats/${first.conversationId}`, await t.login('admin'))
    ).json();
    expect(all.messages.filter((m: { from: string }) => m.from === 'resident')).toHaveLength(1);
    expect(again.messages().map((m) => m.seq)).toEqual([seen]);

    const stranger = await widget();
    stranger.send({
      type: 'hello',
      conversationId: first.conversationId,
      resumeToken: 'geraden',
      lastSeq: 0,
    });
    const welcome = await stranger.next((f) => f.type === 'welcome');
    expect(welcome.conversationId).not.toBe(first.conversationId);
    again.socket.close();
    stranger.socket.close();
  });
});

describe('web chat: bad input', () => {
  it('answers malformed and oversized frames with an error and carries on', async () => {
    const w = await startChat();
    w.socket.send('dit is geen json');
    expect(await w.next((f) => f.type === 'error')).toMatchObject({ code: 'malformed' });
    w.send({ type: 'message', clientId: 'long', text: 'a'.repeat(2001) });
    expect(await w.next((f) => f.type === 'error' && f.code === 'too_long')).toBeTruthy();
    w.send({ type: 'message', clientId: 'ok', text: 'Hoe vraag ik een paspoort aan?' });
    expect(await w.next((f) => f.type === 'ack')).toMatchObject({ clientId: 'ok' });
    w.socket.close();
  });

  it('refuses a flood and then closes that connection, and the server stays up', async () => {
    const w = await startChat();
    for (let i = 0; i < floodLimit.frames + floodLimit.refusalsBeforeClose + 5; i++)
      w.send({ type: 'typing' });
    expect(await w.next((f) => f.type === 'error' && f.code === 'rate_limited')).toBeTruthy();
    expect(await w.closed).toBe(4429);
    const fresh = await startChat();
    expect(fresh.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    fresh.socket.close();
  });

  it('keeps employees who are not in the team out of the conversation', async () => {
    const w = await startChat();
    w.send({ type: 'handover' });
    await w.next((f) => f.type === 'message' && String(f.text).includes('doorverbonden'));
    const manager = await t.login('manager');
    const me = (await t.request('GET', '/api/v1/auth/me', manager)).json();
    if (me.teams?.some((team: { code: string }) => team.code === 'kcc')) return; // not a stranger after all
    expect((await t.request('GET', `/api/v1/chats/${w.conversationId}`, manager)).statusCode).toBe(404);
    const live = await openLive(t, manager);
    live.send({ type: 'subscribe', topic: `chat:${w.conversationId}` });
    expect(await live.next((f) => f.type === 'error')).toBeTruthy();
    live.socket.close();
    w.socket.close();
  });
});
