// The employee's calls as the server announces them on /api/v1/live: 'call.answered' (screen pop)
// and 'call.ended' (the call is logged as a contact; add reason and notes).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type CallData = {
  callId: string;
  direction: 'in' | 'out';
  number: string | null;
  partyId: string | null;
  partyName: string | null;
  label: string;
  matches: number;
  contactId: string | null;
  succeeded: boolean | null;
  durationSeconds: number | null;
};

export type CallNotice = CallData & { phase: 'active' | 'ended' };

/** The calls to show, newest first; `dismiss` removes one. Reconnects after a dropped connection. */
export function useCallNotices() {
  const [notices, setNotices] = useState<CallNotice[]>([]);
  const qc = useQueryClient();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      socket = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`,
      );
      socket.onmessage = (e) => {
        const frame = JSON.parse(String(e.data)) as { type?: string; data?: CallData };
        if ((frame.type !== 'call.answered' && frame.type !== 'call.ended') || !frame.data) return;
        const notice: CallNotice = { ...frame.data, phase: frame.type === 'call.ended' ? 'ended' : 'active' };
        setNotices((list) => [notice, ...list.filter((n) => n.callId !== notice.callId)].slice(0, 3));
        // The logged call belongs in the customer view that may be open beside the notice.
        if (notice.phase === 'ended' && notice.partyId) {
          void qc.invalidateQueries({ queryKey: ['customer-view', notice.partyId] });
        }
      };
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
  }, [qc]);
  const dismiss = (callId: string) => setNotices((list) => list.filter((n) => n.callId !== callId));
  return { notices, dismiss };
}
