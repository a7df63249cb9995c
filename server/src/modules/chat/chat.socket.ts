// The resident's side of the web chat: GET /api/v1/public/chat, one WebSocket per open widget.
// The first frame is `hello`; a widget that reconnects names its conversation, resume token and the
// last message number it has, and gets everything after it, in order, exactly once. Floods, oversized
// and malformed frames get an error frame (and, when they go on, a close); the server stays up.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError } from '../../platform/errors.ts';
import { residentSession } from '../portal/portal.session.ts';
import { offerCallback, requestHandover } from './chat.handover.ts';
import {
  type ChatMessage,
  chatTopic,
  maxMessageLength,
  messagesSince,
  publishTyping,
} from './chat.messages.ts';
import { closeConversation, submitSurvey } from './chat.record.ts';
import {
  answerIfBot,
  chooseArticle,
  linkResident,
  residentMessage,
  resumeConversation,
  startConversation,
} from './chat.service.ts';

const clientId = z.string().min(1).max(100);
const frames = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    conversationId: z.uuid().optional(),
    resumeToken: z.string().max(200).optional(),
    lastSeq: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('message'), clientId, text: z.string().max(maxMessageLength * 4) }),
  z.object({ type: z.literal('choose'), articleId: z.uuid() }),
  z.object({ type: z.literal('ack'), seq: z.number().int().min(0) }),
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('handover') }),
  z.object({
    type: z.literal('callback'),
    channel: z.enum(['phone', 'email']),
    address: z.string().min(3).max(320),
  }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('survey'), score: z.number(), comment: z.string().max(2000).optional() }),
]);
type Frame = z.infer<typeof frames>;

/** Frames a connection may send in a window, and how many refusals it gets before it is closed. */
export const floodLimit = { frames: 20, windowMs: 10_000, refusalsBeforeClose: 10 };

type Bucket = { windowStart: number; count: number };

function allow(bucket: Bucket, now: number, limit: number): boolean {
  if (now - bucket.windowStart >= floodLimit.windowMs) {
    bucket.windowStart = now;
    bucket.count = 0;
  }
  bucket.count++;
  return bucket.count <= limit;
}

const send = (socket: WebSocket, frame: object) => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
};

const messageFrame = (m: ChatMessage) => ({
  type: 'message',
  seq: m.seq,
  from: m.from,
  text: m.text,
  source: m.source,
  choices: m.choices,
  at: m.at,
});

export function chatSocket(app: App, ctx: AppContext) {
  const perIp = new Map<string, { open: number; bucket: Bucket }>();

  app.get('/api/v1/public/chat', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const ip = req.ip;
    const ipState = perIp.get(ip) ?? { open: 0, bucket: { windowStart: Date.now(), count: 0 } };
    perIp.set(ip, ipState);
    if (ipState.open >= ctx.config.chat.connectionsPerIp) {
      send(socket, {
        type: 'error',
        code: 'too_many_connections',
        title: 'Te veel chatvensters tegelijk open.',
      });
      socket.close(4429, 'too many connections');
      return;
    }
    ipState.open++;

    const own: Bucket = { windowStart: Date.now(), count: 0 };
    let refusals = 0;
    let conversationId: string | null = null;
    let unsubscribe: (() => void) | null = null;
    let lastSent = 0;
    // Messages are sent in number order, each once. One that arrives ahead of a number not yet seen
    // (two writers of one conversation publish in the order their statements finished) waits here
    // while the missing ones are read; by then they are stored, since numbers are taken in order.
    const ahead = new Map<number, ChatMessage>();
    let reading: Promise<void> | null = null;
    let queue = Promise.resolve();

    const flush = () => {
      for (let m = ahead.get(lastSent + 1); m; m = ahead.get(lastSent + 1)) {
        ahead.delete(m.seq);
        lastSent = m.seq;
        send(socket, messageFrame(m));
      }
    };
    const catchUp = (id: string): Promise<void> => {
      reading ??= messagesSince(ctx.db, id, lastSent)
        .then((stored) => {
          for (const m of stored) if (m.seq > lastSent) ahead.set(m.seq, m);
          flush();
          // A number below the last one stored that is still missing was never used: skip it.
          const lastStored = stored.at(-1)?.seq ?? 0;
          for (const m of [...ahead.values()].sort((a, b) => a.seq - b.seq)) {
            if (m.seq > lastStored) break;
            ahead.delete(m.seq);
            lastSent = m.seq;
            send(socket, messageFrame(m));
            flush();
          }
          return ahead.size > 0;
        })
        .catch(() => false) // the next message, or the widget's reconnect, reads again
        .then((again) => {
          reading = null;
          if (again && socket.readyState === socket.OPEN) catchUp(id);
        });
      return reading;
    };
    const offer = (id: string, m: ChatMessage) => {
      if (m.seq <= lastSent) return;
      ahead.set(m.seq, m);
      flush();
      if (ahead.size > 0 && !reading) catchUp(id);
    };

    const refuse = (code: string, title: string) => {
      send(socket, { type: 'error', code, title });
      if (++refusals >= floodLimit.refusalsBeforeClose) socket.close(4429, 'flood');
    };

    async function attach(id: string, afterSeq: number) {
      conversationId = id;
      lastSent = afterSeq;
      unsubscribe = ctx.realtime.subscribe(chatTopic(id), (_topic, event) => {
        if (event.type === 'chat.message') offer(id, event.data as ChatMessage);
        else if (event.type === 'chat.typing' && (event.data as { from: string }).from === 'employee') {
          send(socket, { type: 'typing', from: 'employee' });
        } else if (event.type === 'chat.closed') {
          send(socket, { type: 'closed' });
        }
      });
      await catchUp(id);
    }

    async function handle(frame: Frame) {
      if (frame.type === 'hello') {
        if (conversationId) return refuse('already_started', 'Dit chatvenster is al verbonden.');
        const resumed =
          frame.conversationId && frame.resumeToken
            ? await resumeConversation(ctx.db, frame.conversationId, frame.resumeToken)
            : null;
        // The session cookie came with the upgrade request; an expired session counts as anonymous.
        const session = residentSession(ctx, req);
        const resident = session ? { partyId: session.partyId, name: session.name } : null;
        if (resumed) {
          await linkResident(ctx, resumed, resident);
          send(socket, {
            type: 'welcome',
            conversationId: resumed.id,
            resumed: true,
            status: resumed.status,
          });
          return attach(resumed.id, frame.lastSeq ?? 0);
        }
        const started = await startConversation(ctx, resident);
        send(socket, { type: 'welcome', ...started, resumed: false, status: 'bot' });
        return attach(started.conversationId, 0);
      }
      if (!conversationId) return refuse('hello_first', 'Begin met een hello-bericht.');
      const id = conversationId;
      switch (frame.type) {
        case 'message': {
          const stored = await residentMessage(ctx, id, { clientId: frame.clientId, text: frame.text });
          send(socket, { type: 'ack', clientId: frame.clientId, seq: stored.message.seq });
          if (!stored.duplicate) await answerIfBot(ctx, id, stored.message.text);
          return;
        }
        case 'choose':
          return chooseArticle(ctx, id, frame.articleId);
        case 'ack':
          return; // the widget keeps its last acknowledged number and names it when it reconnects
        case 'typing':
          return publishTyping(ctx, id, 'resident');
        case 'handover':
          await requestHandover(ctx, id);
          return;
        case 'callback': {
          const made = await offerCallback(ctx, id, { ...frame, settings: ctx.config.tasks });
          return send(socket, { type: 'callback.created', taskId: made.taskId });
        }
        case 'close':
          await closeConversation(ctx, id, { by: 'resident' });
          return;
        case 'survey':
          await submitSurvey(ctx, id, { score: frame.score, comment: frame.comment });
          return send(socket, { type: 'survey.thanks' });
      }
    }

    socket.on('message', (raw, isBinary) => {
      const now = Date.now();
      if (!allow(own, now, floodLimit.frames) || !allow(ipState.bucket, now, ctx.config.chat.framesPerIp)) {
        return refuse('rate_limited', 'U stuurt te veel berichten achter elkaar. Wacht even.');
      }
      if (isBinary) return refuse('malformed', 'Stuur berichten als JSON-tekst.');
      let parsed: ReturnType<typeof frames.safeParse>;
      try {
        parsed = frames.safeParse(JSON.parse(String(raw)));
      } catch {
        return refuse('malformed', 'Dit bericht is geen geldige JSON.');
      }
      if (!parsed.success) return refuse('malformed', 'Dit bericht begrijp ik niet.');
      const frame = parsed.data;
      // One frame at a time per connection, in the order they came.
      queue = queue
        .then(() => handle(frame))
        .catch((err: unknown) => {
          if (err instanceof AppError) {
            send(socket, {
              type: 'error',
              code: err.invalidParams[0]?.code ?? err.code,
              title: errorTitle(err),
            });
          } else {
            req.log.error({ err: { name: (err as Error).name } }, 'chat frame failed');
            send(socket, { type: 'error', code: 'server', title: 'Er ging iets mis. Probeer het opnieuw.' });
          }
        });
    });

    socket.on('close', () => {
      unsubscribe?.();
      ipState.open--;
      if (ipState.open <= 0) perIp.delete(ip);
    });
  });
}

const errorTitle = (err: AppError) => err.invalidParams[0]?.reason ?? err.message;
