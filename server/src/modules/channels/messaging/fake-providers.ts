// Test stand-ins, real HTTP servers (node:http) that speak the providers' formats: Meta's Graph API
// (media metadata and download, POST /{phone-number-id}/messages, its error bodies) and a generic
// SMS gateway that receives Loket's signed JSON. Used by the tests and the webhook benchmark.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SentMessage = { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> };

export async function fakeProviders(accessToken: string) {
  const sent: SentMessage[] = [];
  const sms: SentMessage[] = [];
  const media = new Map<string, { data: Buffer; mimeType: string }>();
  /** Answers for the next sends, in order: an HTTP status (with Meta's error body) instead of success. */
  const failures: number[] = [];
  /** The same for the next media lookups (GET /{media-id}). */
  const mediaFailures: number[] = [];
  let downloads = 0;
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const graphError = (status: number, code: number, type: string) =>
        json(status, { error: { message: `fake error ${status}`, type, code, fbtrace_id: 'AbC' } });

      if (url.pathname === '/sms' && req.method === 'POST') {
        sms.push({ path: url.pathname, headers: req.headers, body: JSON.parse(raw.toString()) });
        const failure = failures.shift();
        if (failure) return json(failure, { error: 'fake' });
        return json(202, { id: `gw-${++counter}` });
      }
      if (req.headers.authorization !== `Bearer ${accessToken}`)
        return graphError(401, 190, 'OAuthException');
      const download = /^\/files\/(.+)$/.exec(url.pathname);
      if (download && req.method === 'GET') {
        const file = media.get(decodeURIComponent(download[1] as string));
        if (!file) return graphError(404, 100, 'GraphMethodException');
        downloads++;
        res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.data.length) });
        return res.end(file.data);
      }
      const send = /^\/v21\.0\/(\d+)\/messages$/.exec(url.pathname);
      if (send && req.method === 'POST') {
        const body = JSON.parse(raw.toString()) as Record<string, unknown>;
        sent.push({ path: url.pathname, headers: req.headers, body });
        const failure = failures.shift();
        if (failure) return graphError(failure, failure >= 500 ? 1 : 131026, 'OAuthException');
        const to = String(body.to);
        return json(200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id: `wamid.fake${++counter}` }],
        });
      }
      const meta = /^\/v21\.0\/([^/]+)$/.exec(url.pathname);
      if (meta && req.method === 'GET') {
        const id = decodeURIComponent(meta[1] as string);
        const failure = mediaFailures.shift();
        if (failure) return graphError(failure, failure >= 500 ? 2 : 100, 'OAuthException');
        const file = media.get(id);
        if (!file) return graphError(404, 100, 'GraphMethodException');
        return json(200, {
          messaging_product: 'whatsapp',
          url: `${base}/files/${encodeURIComponent(id)}`,
          mime_type: file.mimeType,
          file_size: file.data.length,
          id,
        });
      }
      return graphError(404, 100, 'GraphMethodException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** LOKET_WHATSAPP_API_URL */
    graphUrl: `${base}/v21.0`,
    /** LOKET_SMS_PROVIDER_URL */
    smsUrl: `${base}/sms`,
    sent,
    sms,
    media,
    failures,
    mediaFailures,
    downloads: () => downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** X-Hub-Signature-256 as Meta computes it: HMAC-SHA256 of the raw body with the app secret. */
export const metaSignature = (appSecret: string, body: string) =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

type WaMessage = Record<string, unknown> & { from: string; id: string; type: string };

/** A webhook body as Meta posts it for messages and statuses on one business number. */
export function waWebhook(
  phoneNumberId: string,
  value: { messages?: WaMessage[]; statuses?: Record<string, unknown>[]; name?: string },
) {
  const first = value.messages?.[0];
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '3197010000000', phone_number_id: phoneNumberId },
              ...(first
                ? { contacts: [{ profile: { name: value.name ?? 'Onbekend' }, wa_id: first.from }] }
                : {}),
              ...(value.messages ? { messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}
