// A small client for the ZGW APIs (Zaken, Catalogi) as Open Zaak serves them: JSON without HAL,
// lists paginated as { count, next, previous, results }, every request signed with a JWT (HS256,
// iss and client_id = the client id, iat) made with the shared secret.
import { createHmac } from 'node:crypto';
import type { ZakenApiConfig } from '../../config.ts';
import { AppError } from '../../platform/errors.ts';

export type Paginated<T> = { count: number; next: string | null; previous: string | null; results: T[] };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The ZGW JWT: HS256 over { iss, iat, client_id, user_id, user_representation }. */
export function zgwJwt(clientId: string, secret: string, now = new Date()): string {
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({
    iss: clientId,
    iat: Math.floor(now.getTime() / 1000),
    client_id: clientId,
    user_id: 'loket',
    user_representation: 'Loket',
  });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const unavailable = (detail: string) => new AppError('bad_gateway', `Het zaaksysteem ${detail}`);

export type ZgwClient = {
  readonly origin: string;
  /** GET a path or an absolute URL of the same system; null on 404. */
  get<T>(pathOrUrl: string, query?: Record<string, string>): Promise<T | null>;
  /** Every result of a paginated list, following `next` (at most maxPages pages). */
  list<T>(path: string, query: Record<string, string>, maxPages?: number): Promise<T[]>;
  /** Whether a URL points into this system (only such URLs are followed with our token). */
  owns(url: string): boolean;
};

export function zgwClient(config: ZakenApiConfig, timeoutMs = 10_000): ZgwClient {
  const base = new URL(`${config.url}/`);
  const owns = (url: string) => URL.canParse(url) && new URL(url).origin === base.origin;

  async function get<T>(pathOrUrl: string, query: Record<string, string> = {}): Promise<T | null> {
    const url = /^https?:\/\//.test(pathOrUrl)
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl.replace(/^\//, ''), base);
    // The token goes only to the configured system, never to a URL some response pointed at.
    if (url.origin !== base.origin) throw unavailable('verwijst naar een ander systeem.');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          Authorization: `Bearer ${zgwJwt(config.clientId, config.secret)}`,
          Accept: 'application/json',
          'Accept-Crs': 'EPSG:4326',
          'Content-Crs': 'EPSG:4326',
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw unavailable('is niet bereikbaar.');
    }
    if (res.status === 404) return null;
    if (res.status === 401 || res.status === 403)
      throw unavailable(
        'weigert de toegang: controleer LOKET_ZAKEN_API_CLIENT_ID en LOKET_ZAKEN_API_SECRET.',
      );
    if (!res.ok) throw unavailable(`antwoordde met HTTP ${res.status}.`);
    try {
      return (await res.json()) as T;
    } catch {
      throw unavailable('gaf geen geldige JSON.');
    }
  }

  async function list<T>(path: string, query: Record<string, string>, maxPages = 10): Promise<T[]> {
    const out: T[] = [];
    let page = await get<Paginated<T> | T[]>(path, query);
    for (let n = 1; page; n++) {
      if (Array.isArray(page)) return [...out, ...page]; // a few ZGW lists are not paginated
      out.push(...(page.results ?? []));
      if (!page.next || n >= maxPages) break;
      page = await get<Paginated<T>>(page.next);
    }
    return out;
  }

  return { origin: base.origin, get, list, owns };
}
