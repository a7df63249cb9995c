// The team queues: counts per team, the items of one team, and a live subscription that refreshes
// both when something is added, claimed, released or handled in one of my teams.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get } from '../../app/api.ts';
import { useLiveEvents } from '../../app/live.ts';

export type QueueCount = {
  team: { id: string; code: string; name: string };
  open: number;
  claimed: number;
  oldestOpenAt: string | null;
  member: boolean;
};

export type QueueItem = {
  id: string;
  teamId: string;
  contactId: string;
  status: 'open' | 'claimed' | 'done';
  enqueuedAt: string;
  claimedAt: string | null;
  claimedBy: { id: string; name: string } | null;
  contact: {
    id: string;
    number: string;
    channel: string;
    subject: string;
    occurredAt: string;
    confidential: boolean;
    reason: { code: string; label: string } | null;
    parties: { id: string; displayName: string }[];
  };
};

export const useQueues = () =>
  useQuery({
    queryKey: ['queues', 'counts'],
    queryFn: async () => (await get<{ results: QueueCount[] }>('/queues')).results,
    refetchInterval: 60_000,
  });

export const useQueueItems = (teamId: string | undefined) =>
  useQuery({
    queryKey: ['queues', 'items', teamId],
    queryFn: () =>
      get<{ team: QueueCount['team']; items: QueueItem[] }>(
        `/queues/${encodeURIComponent(teamId ?? '')}/items`,
      ),
    enabled: !!teamId,
  });

/** While mounted: refresh the queues on every queue event of my teams (auto-subscribed topics). */
export function useQueueLive() {
  const qc = useQueryClient();
  useLiveEvents((frame) => {
    if (frame.type?.startsWith('queue.')) void qc.invalidateQueries({ queryKey: ['queues'] });
  });
}
