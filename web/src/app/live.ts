// One hook for live events: a WebSocket to /api/v1/live that reconnects after a drop. Employees are
// subscribed to their own and their teams' topics automatically; `topics` adds module topics.
import { useEffect, useRef } from 'react';

export type LiveFrame = { topic?: string; type?: string; data?: unknown };

export function useLiveEvents(onFrame: (frame: LiveFrame) => void, topics: string[] = []) {
  const handler = useRef(onFrame);
  handler.current = onFrame;
  const topicKey = topics.join('\n');
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      socket = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`,
      );
      socket.onopen = () => {
        for (const topic of topicKey ? topicKey.split('\n') : [])
          socket?.send(JSON.stringify({ type: 'subscribe', topic }));
      };
      socket.onmessage = (e) => handler.current(JSON.parse(String(e.data)) as LiveFrame);
      socket.onclose = () => {
        if (!stopped) retry = setTimeout(connect, 5000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [topicKey]);
}
