import { ApiError } from '../../app/api.ts';

/** The server's Dutch reason for one field, from a problem's invalidParams. */
export function fieldError(err: unknown, name: string): string | null {
  if (!(err instanceof ApiError)) return null;
  return (
    err.problem.invalidParams?.find((p) => p.name === name || p.name.startsWith(`${name}.`))?.reason ?? null
  );
}
