// Lists the registration form needs: contact reasons, teams. Cached for the session.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';
import type { Reason, Team } from '../../app/types.ts';

export function useReasons() {
  return useQuery({
    queryKey: ['contact-reasons'],
    queryFn: () => get<{ results: Reason[] }>('/contact-reasons?active=true'),
    staleTime: 10 * 60_000,
    select: (d) => d.results,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: () => get<{ results: Team[] }>('/teams'),
    staleTime: 10 * 60_000,
    select: (d) => d.results,
  });
}

/** Today plus n working days (Mon–Fri) as YYYY-MM-DD; the server applies holidays and closing days. */
export function addWorkingDays(from: Date, n: number): string {
  const d = new Date(from);
  let left = n;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    const day = d.getDay();
    if (day !== 0 && day !== 6) left--;
  }
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
