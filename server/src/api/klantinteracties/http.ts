// Wire-format helpers of the Klantinteracties API: urls, foreign keys, pagination and expand.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { readContext } from '../../modules/processing-log/processing-log.routes.ts';
import { logRead } from '../../modules/processing-log/processing-log.service.ts';
import type { AppContext } from '../../platform/app.ts';
import { AppError, invalid } from '../../platform/errors.ts';

export const kiPrefix = '/klantinteracties/api/v1';
export const apiVersion = '0.9.0';

export type Resource =
  | 'partijen'
  | 'partij-identificatoren'
  | 'digitaleadressen'
  | 'klantcontacten'
  | 'betrokkenen'
  | 'onderwerpobjecten'
  | 'bijlagen'
  | 'actoren'
  | 'actorklantcontacten'
  | 'internetaken'
  | 'vertegenwoordigingen'
  | 'rekeningnummers'
  | 'categorieen'
  | 'categorie-relaties';

export type ForeignKey = { uuid: string; url: string };

export type Urls = {
  url: (resource: Resource, id: string) => string;
  fk: (resource: Resource, id: string) => ForeignKey;
  fkOrNull: (resource: Resource, id: string | null | undefined) => ForeignKey | null;
};

export function urls(ctx: AppContext): Urls {
  const base = `${ctx.config.publicUrl}${kiPrefix}`;
  const url = (resource: Resource, id: string) => `${base}/${resource}/${id}`;
  const fk = (resource: Resource, id: string) => ({ uuid: id, url: url(resource, id) });
  return { url, fk, fkOrNull: (resource, id) => (id ? fk(resource, id) : null) };
}

/** A foreign key in a request body: `{ uuid }` as the standard has it (url is read-only). */
export const fkInput = z.object({ uuid: z.uuid(), url: z.string().optional() });
export const fkInputNullable = fkInput.nullish();

// ── Query parameters ─────────────────────────────────────────────────────────

const boolParam = z
  .enum(['true', 'false', 'True', 'False', '1', '0'])
  .transform((v) => v === 'true' || v === 'True' || v === '1');
export const queryBool = boolParam.optional();
export const queryUuid = z.uuid().optional();
export const queryText = z.string().max(1000).optional();
/** A `__url` filter: the uuid at its end is what counts. */
export const queryUrl = z
  .string()
  .max(1000)
  .optional()
  .transform((v, c) => {
    if (v === undefined) return undefined;
    const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(v);
    if (!m) {
      c.addIssue({ code: 'custom', message: 'Geef de url van een resource in deze API.' });
      return z.NEVER;
    }
    return m[1]?.toLowerCase();
  });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
};

export type Page = { page: number; pageSize: number; offset: number; limit: number };

export function pageOf(q: { page: number; pageSize: number }): Page {
  return { ...q, offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
}

export type Paginated<T> = { count: number; next: string | null; previous: string | null; results: T[] };

/** The standard's pagination envelope; an empty page past the last is 404, as the reference API does. */
export function paginated<T>(
  ctx: AppContext,
  req: FastifyRequest,
  page: Page,
  count: number,
  results: T[],
): Paginated<T> {
  if (page.page > 1 && page.offset >= count) throw new AppError('not_found', 'Ongeldige pagina.');
  const link = (n: number) => {
    const u = new URL(req.url, 'http://x');
    u.searchParams.set('page', String(n));
    return `${ctx.config.publicUrl}${u.pathname}${u.search}`;
  };
  return {
    count,
    next: page.offset + results.length < count ? link(page.page + 1) : null,
    previous: page.page > 1 ? link(page.page - 1) : null,
    results,
  };
}

/** `expand=a,b.c` (comma-separated, as `explode: false` has it) checked against the allowed set. */
export function expandParam<const T extends string>(allowed: readonly T[]) {
  return z
    .string()
    .max(500)
    .optional()
    .transform((v, c) => {
      const items = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const wrong = items.filter((i) => !(allowed as readonly string[]).includes(i));
      if (wrong.length > 0) {
        c.addIssue({
          code: 'custom',
          message: `Onbekende expand: ${wrong.join(', ')}. Toegestaan: ${allowed.join(', ')}.`,
        });
        return z.NEVER;
      }
      return new Set(items as T[]);
    });
}

export const uuidParam = z.object({ uuid: z.uuid() });

/** `Location` of a created resource, besides the url in the body. */
export const created = <T extends { url: string }>(
  reply: { header: (k: string, v: string) => unknown; status: (n: number) => unknown },
  body: T,
): T => {
  reply.header('location', body.url);
  reply.status(201);
  return body;
};

export const required = (name: string) => invalid(name, 'Dit veld is verplicht.', 'required');

/** Trim to null: the standard sends '' for "no value", the core stores null. */
export const orNull = (s: string | null | undefined): string | null => (s?.trim() ? s.trim() : null);
export const orEmpty = (s: string | null | undefined): string => s ?? '';

type PartyIds = (string | null | undefined)[];

/**
 * A read of personal data and its processing-log entry (for the application, and the end user it
 * names in X-Loket-End-User). The reads run as single statements without BEGIN/COMMIT (at READ
 * COMMITTED each statement had its own snapshot inside the transaction too); the log entry is
 * inserted and committed before anything is returned, so no response carries data whose read is not
 * durably logged. If the read or the log insert fails, nothing is served. Saves two round trips.
 * A read that knows whose data it will load before loading it calls `logNow` with those parties: the
 * log insert then runs beside the loading instead of after it (one round trip less; if the loading
 * fails, the entry stays, a read logged that served nothing).
 */
export async function readLogged<T>(
  ctx: AppContext,
  req: FastifyRequest,
  read: (db: Db, logNow: (partyIds: PartyIds) => void) => Promise<{ result: T; partyIds: PartyIds }>,
): Promise<T> {
  const rc = readContext(req);
  const logged = new Set<string>();
  const inserts: Promise<void>[] = [];
  const logNow = (partyIds: PartyIds) => {
    const fresh = [...new Set(partyIds.filter((p): p is string => !!p && !logged.has(p)))];
    for (const p of fresh) logged.add(p);
    if (fresh.length > 0) inserts.push(logRead(ctx.db, fresh, rc));
  };
  try {
    const { result, partyIds } = await read(ctx.db, logNow);
    logNow(partyIds);
    await Promise.all(inserts);
    return result;
  } catch (err) {
    // A read that failed: its early inserts finish (or fail) before the error is answered.
    await Promise.allSettled(inserts);
    throw err;
  }
}
