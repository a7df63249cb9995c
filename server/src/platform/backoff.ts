// Retrying work that failed (an inbox item, a mail, a message to a provider): when to try again, and
// what to keep of the error for an admin.
import { AppError } from './errors.ts';

/**
 * The wait before the next attempt: `firstMs` after the first failed attempt, doubling with each one
 * after it, never more than `maxMs`.
 */
export const backoffMs = (attempts: number, firstMs: number, maxMs: number): number =>
  Math.min(maxMs, firstMs * 2 ** Math.max(0, attempts - 1));

/**
 * A failure as stored with the item: Loket's own errors with their (Dutch, data-free) message, any
 * other by its name and code only, since a driver's message may quote the data it choked on.
 */
export const failureCode = (err: unknown): string =>
  err instanceof AppError
    ? `${err.code}: ${err.message}`.slice(0, 300)
    : `${(err as Error).name} ${(err as { code?: string }).code ?? ''}`.trim();
