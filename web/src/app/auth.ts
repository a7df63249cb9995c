// Who is logged in: /auth/me through react-query. A 401 means "show the login page".
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from './api.ts';
import type { Me } from './types.ts';

export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await get<Me>('/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await post('/auth/logout');
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}
