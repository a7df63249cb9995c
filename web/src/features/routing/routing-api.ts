// Routing rules and opening hours: the admin API's shapes and the lists the forms choose from.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';

export type Conditions = {
  channels?: string[];
  addresses?: string[];
  reasonCodes?: string[];
  keywords?: string[];
  partyKinds?: string[];
  hasKvkNummer?: boolean | null;
  postcodes?: string[];
};

export type Rule = {
  id: string;
  position: number;
  name: string;
  active: boolean;
  team: { id: string; code: string; name: string };
  conditions: Conditions;
};

export type Period = { opens: string; closes: string };

export type Schedule = {
  id: string;
  channel: string;
  teamId: string | null;
  alwaysAccepted: boolean;
  weekly: Record<string, Period[]>;
  autoReply: string | null;
  alternatives: string | null;
};

export type OpeningException = {
  id: string;
  day: string;
  channel: string | null;
  teamId: string | null;
  periods: Period[];
  reason: string;
};

export const useRules = () =>
  useQuery({
    queryKey: ['routing', 'rules'],
    queryFn: async () => (await get<{ results: Rule[] }>('/routing/rules')).results,
  });

export const useOpeningHours = () =>
  useQuery({
    queryKey: ['routing', 'opening-hours'],
    queryFn: () => get<{ schedules: Schedule[]; exceptions: OpeningException[] }>('/opening-hours'),
  });

export const useLists = () =>
  useQuery({
    queryKey: ['routing', 'lists'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const [channels, reasons, teams] = await Promise.all([
        get<{ results: { code: string; label: string; active: boolean }[] }>('/channels'),
        get<{ results: { code: string; label: string }[] }>('/contact-reasons?active=true'),
        get<{ results: { id: string; code: string; name: string }[] }>('/teams'),
      ]);
      return { channels: channels.results, reasons: reasons.results, teams: teams.results };
    },
  });

/** "08:30-12:00, 13:00-17:00" ⇄ periods. Anything unparseable is kept so the server can say why. */
export function parsePeriods(text: string): Period[] {
  return text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [opens = '', closes = ''] = p.split(/\s*[-–]\s*/);
      const pad = (x: string) => (/^\d:\d{2}$/.test(x) ? `0${x}` : x).replace('.', ':');
      return { opens: pad(opens.trim()), closes: pad(closes.trim()) };
    });
}

export const formatPeriods = (list: Period[] | undefined) =>
  (list ?? []).map((p) => `${p.opens}-${p.closes}`).join(', ');

export const splitList = (text: string) =>
  text
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
