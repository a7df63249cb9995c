// The portal's calls to /api/v1/mijn, with the types the server answers.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { get } from '../../app/api.ts';

export type Me = { loggedIn: false } | { loggedIn: true; name: string; kind: 'bsn' | 'kvk'; known: boolean };
export type AuthConfig = { enabled: boolean; devIdp: boolean; loginUrl: string | null; idleMinutes: number };
export type CaseItem = {
  id: string;
  identification: string;
  caseType: string;
  subject: string;
  status: { name: string; final: boolean; since: string } | null;
  closed: boolean;
  startDate: string;
  expectedEndDate: string | null;
  endDate: string | null;
};
export type CaseDetail = CaseItem & {
  description: string;
  statuses: { name: string; final: boolean }[];
  history: { name: string; at: string; explanation: string }[];
  documents: { id: string; title: string; date: string }[];
};
export type Callback = {
  id: string;
  number: string;
  subject: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  channel: 'phone' | 'email' | null;
  expectedAt: string;
  closedAt: string | null;
};
export type Contact = {
  id: string;
  number: string;
  channel: string;
  direction: 'in' | 'out';
  subject: string;
  occurredAt: string;
  answer: string | null;
};
export type Notification = { id: string; channel: string; subject: string; sentAt: string; message: string };
export type Overview = {
  name: string;
  kind: 'bsn' | 'kvk';
  cases: CaseItem[];
  callbacks: Callback[];
  contacts: Contact[];
  notifications: Notification[];
};

export const useMe = () => useQuery({ queryKey: ['mijn', 'me'], queryFn: () => get<Me>('/mijn/me') });
export const useAuthConfig = () =>
  useQuery({
    queryKey: ['mijn', 'auth'],
    queryFn: () => get<AuthConfig>('/mijn/auth/config'),
    staleTime: Infinity,
  });
export const useOverview = () =>
  useQuery({ queryKey: ['mijn', 'overview'], queryFn: () => get<Overview>('/mijn/overview') });
export const useCase = (id: string) =>
  useQuery({
    queryKey: ['mijn', 'case', id],
    queryFn: () => get<CaseDetail>(`/mijn/cases/${encodeURIComponent(id)}`),
  });

export function useMijnTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · MijnGemeente`;
  }, [title]);
}
