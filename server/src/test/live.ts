// A WebSocket client for tests of live events: connects to /api/v1/live as an employee and waits
// for frames that match.
import WebSocket from 'ws';
import type { TestApp, Who } from './app.ts';

export type LiveFrame = { topic?: string; type: string; data: unknown };

export async function openLive(t: TestApp, who: Who) {
  const address = await listening(t);
  const socket = new WebSocket(`${address.replace('http', 'ws')}/api/v1/live`, {
    headers: who.cookie ? { cookie: who.cookie } : {},
  });
  const frames: LiveFrame[] = [];
  const waiters: { match: (f: LiveFrame) => boolean; resolve: (f: LiveFrame) => void }[] = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as LiveFrame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  await new Promise<void>((resolve) => {
    socket.once('open', () => resolve());
    socket.once('close', () => resolve());
  });

  /** The first frame (already received or still to come) that matches; rejects after `ms`. */
  function next(match: (f: LiveFrame) => boolean, ms = 5000): Promise<LiveFrame> {
    const seen = frames.find(match);
    if (seen) {
      frames.splice(frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching live frame')), ms);
      waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          frames.splice(frames.indexOf(f), 1);
          resolve(f);
        },
      });
    });
  }
  return { socket, frames, next, closed, send: (frame: object) => socket.send(JSON.stringify(frame)) };
}

/** The test app listening on a random loopback port (once); returns its base URL. */
export async function listening(t: TestApp): Promise<string> {
  const existing = t.app.server.address();
  if (existing && typeof existing === 'object') return `http://127.0.0.1:${existing.port}`;
  return t.app.listen({ port: 0, host: '127.0.0.1' });
}
