// Call events are signed by the telephone platform: HMAC-SHA256 with LOKET_TELEPHONY_SECRET over
// `<timestamp>.<raw body>`, sent as `X-Loket-Signature: sha256=<hex>` with `X-Loket-Timestamp: <unix
// seconds>`. The timestamp is inside the signature, so an old request cannot be replayed with a new one.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-loket-signature';
export const timestampHeader = 'x-loket-timestamp';
/** How far the platform's clock and ours may be apart, and how long a captured request stays usable. */
export const replayWindowSeconds = 300;

type Headers = Record<string, string | string[] | undefined>;

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.trim() ?? '';

export function signBody(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** The headers a platform sends (also used by tests, the benchmark and the e2e test). */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [signatureHeader]: signBody(secret, timestamp, body),
    [timestampHeader]: String(timestamp),
  };
}

export function verifySignature(headers: Headers, secret: string, body: Buffer, now: Date): boolean {
  const timestamp = first(headers[timestampHeader]);
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > replayWindowSeconds) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(first(headers[signatureHeader]));
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1].toLowerCase(), 'hex');
  const expected = Buffer.from(signBody(secret, timestamp, body).slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
