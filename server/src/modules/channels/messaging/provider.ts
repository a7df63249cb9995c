// The provider interface: what Loket needs from a WhatsApp, SMS or social-media provider. A provider
// checks and parses its own webhook format into normalised events, fetches media it only refers to,
// and sends a text. Everything after that (parties, threads, routing, the outbox) is provider-neutral.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type MessagingChannel = 'whatsapp' | 'sms' | 'social';

/** Media in an inbound message: bytes given inline, or an id the provider resolves (fetchMedia). */
export type MediaRef = {
  kind: string;
  mediaId?: string;
  data?: Buffer;
  contentType?: string;
  filename?: string;
};

export type InboundMessage = {
  kind: 'message';
  channel: MessagingChannel;
  externalId: string;
  /** The sender: E.164 for phone channels, the platform's handle otherwise. */
  from: string;
  fromName: string | null;
  /** Our side: WhatsApp phone_number_id, our SMS number, the page or account. */
  to: string;
  text: string;
  sentAt: Date;
  media: MediaRef[];
};

export type StatusEvent = {
  kind: 'status';
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  /** The provider's error code and title; never message text. */
  error: string | null;
};

export type InboundEvent = InboundMessage | StatusEvent;

export type OutboundMessage = {
  /** Loket's own id of the message (idempotency key where the provider supports one). */
  id: string;
  channel: string;
  from: string;
  to: string;
  text: string;
  at: Date;
};

export type FetchedMedia = { data: Buffer; contentType: string; filename: string };

export interface MessagingProvider {
  readonly name: string;
  /** True when the raw body carries a valid signature; false for a missing or bad one. */
  verify(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): boolean;
  /** Normalised events; throws `invalid` (400) for a payload that is not the provider's format. */
  parse(payload: unknown): InboundEvent[];
  fetchMedia(ref: MediaRef, limit: number): Promise<FetchedMedia>;
  /** Returns the provider's message id; throws ProviderError. */
  send(message: OutboundMessage): Promise<{ externalId: string }>;
}

/** A failed call to a provider. Retryable: try again later (5xx, 429, network); else it stays failed. */
export class ProviderError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'ProviderError';
    this.retryable = retryable;
  }
}

export const hmacHex = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

/** Compares `sha256=<hex>` from a header with the HMAC of the body, in constant time. */
export function signatureMatches(header: string | string[] | undefined, secret: string, body: Buffer) {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(value?.trim() ?? '');
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1].toLowerCase(), 'hex');
  const expected = Buffer.from(hmacHex(secret, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const timeoutMs = 15_000;

/** fetch with a time limit; network trouble becomes a retryable ProviderError. */
export async function providerFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new ProviderError(`network: ${(err as Error).name}`, true);
  }
}

/** HTTP status → ProviderError: 408, 429 and 5xx are worth another try, other 4xx are not. */
export const httpError = (status: number, detail: string) =>
  new ProviderError(
    `${status} ${detail}`.trim().slice(0, 300),
    status >= 500 || status === 429 || status === 408,
  );

/** Reads a response body up to `limit` bytes; larger is refused before it is all in memory. */
export async function readLimited(res: Response, limit: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > limit) throw new MediaTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new MediaTooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export class MediaTooLarge extends Error {
  constructor() {
    super('media too large');
    this.name = 'MediaTooLarge';
  }
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'video/mp4': 'mp4',
};

/** A file name for media that came without one (a photo, a voice note). */
export const mediaFilename = (kind: string, id: string, contentType: string) =>
  `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '').slice(-24) || 'bestand'}.${extensions[contentType.split(';')[0]?.trim() ?? ''] ?? 'bin'}`;
