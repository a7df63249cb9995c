// The dashboard's data: figures, reference lists for the filters, the drill-down lists, and the live
// subscription that refreshes them when a contact or task changes anywhere.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get } from '../../app/api.ts';

export type Ref = { id: string | null; code: string | null; label: string };
export type Rate = number | null;

export type Dashboard = {
  period: { from: string; to: string; days: number; previousFrom: string; previousTo: string };
  filters: { team: Ref | null; channel: Ref | null };
  generatedAt: string;
  repeatWindowDays: number;
  totals: {
    contacts: number;
    previousContacts: number;
    inbound: number;
    outbound: number;
    resolvedFirst: number;
    firstContactResolutionRate: Rate;
    repeats: number;
    repeatRate: Rate;
  };
  channels: {
    channel: string;
    label: string;
    contacts: number;
    share: Rate;
    previous: number;
    change: Rate;
  }[];
  series: {
    bucket: 'day' | 'week' | 'month';
    points: { start: string; channel: string; contacts: number }[];
  };
  hours: { hour: number; channel: string; contacts: number }[];
  outsideHours: { schedule: string; contacts: number; rate: Rate };
  reasons: (Ref & {
    contacts: number;
    previous: number;
    change: Rate;
    resolvedFirst: number;
    firstContactResolutionRate: Rate;
    inbound: number;
    repeats: number;
    repeatRate: Rate;
  })[];
  repeatsByReason: (Ref & { inbound: number; repeats: number; repeatRate: Rate })[];
  repeatsByTeam: (Ref & { inbound: number; repeats: number; repeatRate: Rate })[];
  callbacks: {
    note: string;
    teams: (Ref & {
      opened: number;
      done: number;
      doneWithinTerm: number;
      open: number;
      overdue: number;
      escalated: number;
      cancelled: number;
    })[];
  };
  answerTimes: {
    channel: string;
    label: string;
    done: number;
    withinTerm: number;
    withinTermRate: Rate;
    averageHours: number | null;
  }[];
  handlingTimes: {
    status: 'gemeten' | 'niet_gemeten';
    message: string;
    channels: {
      channel: string;
      label: string;
      measured: boolean;
      source: 'call' | 'queue' | null;
      sourceLabel: string;
      handled: number;
      averageMinutes: number | null;
      note: string | null;
    }[];
  };
  satisfaction: {
    status: 'niet_gemeten' | 'gemeten';
    message: string;
    responses?: number;
    average?: number;
    positiveRate?: Rate;
    channels?: { channel: string; label: string; responses: number; average: number; positiveRate: Rate }[];
  };
};

export type Filters = { from?: string; to?: string; team?: string; channel?: string };

export const toQuery = (params: Record<string, string | number | boolean | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
};

export function useDashboard(filters: Filters) {
  return useQuery({
    queryKey: ['insights', 'dashboard', filters],
    queryFn: () => get<Dashboard>(`/insights/dashboard?${toQuery(filters)}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useFilterLists() {
  const teams = useQuery({
    queryKey: ['insights', 'teams'],
    queryFn: () => get<{ results: { id: string; code: string; name: string }[] }>('/teams'),
    staleTime: 10 * 60_000,
  });
  const channels = useQuery({
    queryKey: ['insights', 'channels'],
    queryFn: () => get<{ results: { code: string; label: string }[] }>('/channels'),
    staleTime: 10 * 60_000,
  });
  return { teams: teams.data?.results ?? [], channels: channels.data?.results ?? [] };
}

export type ContactRow = {
  id: string;
  number: string;
  occurredAt: string;
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  reason: Ref | null;
  team: Ref | null;
  resolvedFirstContact: boolean;
  confidential: boolean;
  repeatNth: number | null;
};
export type TaskRow = {
  id: string;
  number: string;
  kind: string;
  subject: string;
  status: string;
  createdAt: string;
  dueAt: string;
  closedAt: string | null;
  escalated: boolean;
  team: Ref | null;
  callbackChannel: string | null;
};
export type Page<T> = { total: number; page: number; pageSize: number; items: T[] };

export function useDrillDown<T>(kind: 'contacts' | 'tasks', query: string) {
  return useQuery({
    queryKey: ['insights', kind, query],
    queryFn: () => get<Page<T>>(`/insights/${kind}?${query}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/**
 * Subscribes to the live 'dashboard' topic while mounted; every 'changed' event refreshes the
 * figures. Reconnects after a dropped connection. Returns when the last update arrived.
 */
export function useDashboardLive(): { connected: boolean; updatedAt: Date | null } {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
      socket = new WebSocket(url);
      socket.onopen = () => socket?.send(JSON.stringify({ type: 'subscribe', topic: 'dashboard' }));
      socket.onmessage = (e) => {
        const frame = JSON.parse(String(e.data)) as { topic?: string; type: string };
        if (frame.type === 'subscribed') setConnected(true);
        if (frame.topic === 'dashboard' && frame.type === 'changed') {
          setUpdatedAt(new Date());
          void qc.invalidateQueries({ queryKey: ['insights'] });
        }
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) retry = setTimeout(connect, 3000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [qc]);
  return { connected, updatedAt };
}
