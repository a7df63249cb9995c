// The chat console's data and its live connection: one WebSocket to /api/v1/live that follows every
// open conversation (topic chat:<id>) and the team topics (new waiting chats).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { get } from '../../app/api.ts';

export type ChatMessage = {
  seq: number;
  from: 'resident' | 'bot' | 'employee' | 'system';
  text: string;
  source: { id: string; slug: string; title: string } | null;
  at: string;
};
export type Conversation = {
  id: string;
  status: 'bot' | 'waiting' | 'human' | 'closed';
  partyId: string | null;
  contactId: string | null;
  waitingSince: string | null;
  createdAt: string;
};

export function useChatList() {
  return useQuery({
    queryKey: ['chats'],
    queryFn: () => get<{ waiting: Conversation[]; mine: Conversation[] }>('/chats'),
    refetchInterval: 15_000,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: ['chat', id],
    queryFn: () => get<Conversation & { messages: ChatMessage[] }>(`/chats/${id}`),
  });
}

type Frame = { topic?: string; type: string; data: unknown };

/** Follows the given conversations live; new messages go straight into the query cache. */
export function useChatLive(openIds: string[]) {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const socketRef = useRef<WebSocket | null>(null);
  const followed = useRef(new Set<string>());

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const socket = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`,
      );
      socketRef.current = socket;
      followed.current = new Set();
      socket.onmessage = (e) => {
        const frame = JSON.parse(String(e.data)) as Frame;
        if (frame.type === 'ready') {
          setConnected(true);
          window.dispatchEvent(new Event('loket-chat-follow'));
        } else if (frame.type === 'subscribed') {
          // Anything said between the first load and the subscription: fetch once more.
          const topic = (frame.data as { topic: string }).topic;
          qc.invalidateQueries({ queryKey: ['chat', topic.slice('chat:'.length)] });
        } else if (frame.type === 'chat.waiting') {
          qc.invalidateQueries({ queryKey: ['chats'] });
        } else if (frame.type === 'chat.message' && frame.topic) {
          const id = frame.topic.slice('chat:'.length);
          const message = frame.data as ChatMessage;
          qc.setQueryData<Conversation & { messages: ChatMessage[] }>(['chat', id], (old) =>
            old && !old.messages.some((m) => m.seq === message.seq)
              ? { ...old, messages: [...old.messages, message].sort((a, b) => a.seq - b.seq) }
              : old,
          );
          if (message.from === 'resident') setTyping((t) => ({ ...t, [id]: 0 }));
        } else if (frame.type === 'chat.typing' && frame.topic) {
          const id = frame.topic.slice('chat:'.length);
          if ((frame.data as { from: string }).from === 'resident')
            setTyping((t) => ({ ...t, [id]: Date.now() }));
        } else if (frame.type === 'chat.closed') {
          qc.invalidateQueries({ queryKey: ['chats'] });
        }
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) retry = setTimeout(connect, 2000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socketRef.current?.close();
    };
  }, [qc]);

  useEffect(() => {
    const follow = () => {
      const socket = socketRef.current;
      if (socket?.readyState !== WebSocket.OPEN) return;
      for (const id of openIds) {
        if (followed.current.has(id)) continue;
        followed.current.add(id);
        socket.send(JSON.stringify({ type: 'subscribe', topic: `chat:${id}` }));
      }
    };
    follow();
    window.addEventListener('loket-chat-follow', follow);
    return () => window.removeEventListener('loket-chat-follow', follow);
  }, [openIds]);

  return { connected, typing };
}
