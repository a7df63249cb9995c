// GET /api/v1/live: one WebSocket per open werkplek. The connection is subscribed to its employee's
// own topic and its teams' topics; it may ask for more with {"type":"subscribe","topic":"…"}, which
// the topic's guard decides. Server → client frames: {"topic","type","data"}.
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { App, AppContext } from './app.ts';
import { maySubscribe } from './realtime.ts';

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topic: z.string().min(1).max(200) }),
  z.object({ type: z.literal('unsubscribe'), topic: z.string().min(1).max(200) }),
  z.object({ type: z.literal('ping') }),
]);

const send = (socket: WebSocket, frame: object) => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
};

export async function liveRoutes(app: App, ctx: AppContext) {
  await app.register(websocket, { options: { maxPayload: 16_384 } });
  app.get('/api/v1/live', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const actor = req.actor;
    if (actor?.kind !== 'employee') {
      send(socket, { type: 'error', data: { title: 'Log in om live meldingen te ontvangen.' } });
      socket.close(4401, 'unauthenticated');
      return;
    }
    const subscriptions = new Map<string, () => void>();
    const subscribe = (topic: string) => {
      if (subscriptions.has(topic)) return;
      subscriptions.set(
        topic,
        ctx.realtime.subscribe(topic, (t, event) => send(socket, { topic: t, ...event })),
      );
    };
    subscribe(`employee:${actor.id}`);
    for (const team of actor.teamIds) subscribe(`team:${team}`);
    send(socket, { type: 'ready', data: { topics: [...subscriptions.keys()] } });

    socket.on('message', async (raw) => {
      let parsed: ReturnType<typeof clientFrame.safeParse>;
      try {
        parsed = clientFrame.safeParse(JSON.parse(String(raw)));
      } catch {
        return send(socket, { type: 'error', data: { title: 'Bericht is geen geldige JSON.' } });
      }
      if (!parsed.success) return send(socket, { type: 'error', data: { title: 'Onbekend bericht.' } });
      const frame = parsed.data;
      if (frame.type === 'ping') return send(socket, { type: 'pong', data: null });
      if (frame.type === 'unsubscribe') {
        subscriptions.get(frame.topic)?.();
        subscriptions.delete(frame.topic);
        return;
      }
      const allowed = await maySubscribe(actor, frame.topic);
      if (socket.readyState !== socket.OPEN) return; // closed while the guard looked things up
      if (!allowed) {
        return send(socket, {
          type: 'error',
          data: { title: `Geen toegang tot '${frame.topic}'.`, topic: frame.topic },
        });
      }
      subscribe(frame.topic);
      send(socket, { type: 'subscribed', data: { topic: frame.topic } });
    });
    socket.on('close', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });
  });
}
