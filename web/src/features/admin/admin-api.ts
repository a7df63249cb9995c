// Beheer's view of the app API: employees, teams, tokens (access module), backups, calendar.
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api.ts';

export type EmployeeAdmin = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  teams: { id: string; code: string; name: string }[];
  active: boolean;
  localLogin: boolean;
};

export const roleList = ['kcc', 'backoffice', 'manager', 'admin'] as const;

export function useEmployees() {
  return useQuery({
    queryKey: ['admin', 'employees'],
    queryFn: () => get<{ results: EmployeeAdmin[] }>('/employees'),
    select: (d) => d.results,
  });
}
