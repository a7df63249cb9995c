// The generic JSON webhook, for SMS gateways and social-media bridges that are not WhatsApp's Cloud
// API: one documented shape in and out (README, "Berichtenkanalen"), signed with HMAC-SHA256 of the
// raw body with the provider's secret (LOKET_WEBHOOK_SECRETS) in X-Loket-Signature: sha256=<hex>.
import { z } from 'zod';
import { invalid } from '../../../platform/errors.ts';
import {
  hmacHex,
  httpError,
  type InboundEvent,
  type MessagingProvider,
  type OutboundMessage,
  ProviderError,
  providerFetch,
  signatureMatches,
} from './provider.ts';

export const signatureHeader = 'x-loket-signature';

const base64 = z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64');

const messageEvent = z.strictObject({
  type: z.literal('message').default('message'),
  id: z.string().trim().min(1).max(200),
  channel: z.enum(['sms', 'social', 'whatsapp']),
  from: z.string().trim().min(1).max(200),
  fromName: z.string().trim().max(300).optional(),
  to: z.string().trim().min(1).max(200),
  text: z.string().max(50_000).default(''),
  sentAt: z.iso.datetime({ offset: true }),
  attachments: z
    .array(
      z.strictObject({
        filename: z.string().min(1).max(300),
        contentType: z.string().min(1).max(200),
        data: base64,
      }),
    )
    .max(10)
    .default([]),
});

const statusEvent = z.strictObject({
  type: z.literal('status'),
  id: z.string().trim().min(1).max(200),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  at: z.iso.datetime({ offset: true }),
  error: z.string().max(300).optional(),
});

const event = z.discriminatedUnion('type', [statusEvent, messageEvent]);
/** One event, or up to this many in an array. */
const maxBatch = 100;

export function genericProvider(
  name: string,
  secret: string,
  outboundUrl: string | undefined,
): MessagingProvider {
  return {
    name,
    verify: (headers, rawBody) => signatureMatches(headers[signatureHeader], secret, rawBody),

    parse(body) {
      const list = body;
      if (Array.isArray(list) && (list.length === 0 || list.length > maxBatch)) {
        throw invalid('body', `Stuur 1 tot ${maxBatch} gebeurtenissen per webhook.`);
      }
      const items: unknown[] = Array.isArray(list) ? list : [list];
      return items.map((item, i): InboundEvent => {
        const withType =
          item && typeof item === 'object' && !('type' in item) ? { ...item, type: 'message' } : item;
        const parsed = event.safeParse(withType);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const at = [Array.isArray(list) ? String(i) : null, ...(issue?.path ?? []).map(String)]
            .filter((p) => p !== null)
            .join('.');
          throw invalid(at || 'body', 'Dit bericht past niet in het webhookformaat van Loket (zie README).');
        }
        const e = parsed.data;
        if (e.type === 'status') {
          return {
            kind: 'status',
            externalId: e.id,
            status: e.status,
            at: new Date(e.at),
            error: e.error ?? null,
          };
        }
        return {
          kind: 'message',
          channel: e.channel,
          externalId: e.id,
          from: e.from,
          fromName: e.fromName ?? null,
          to: e.to,
          text: e.text,
          sentAt: new Date(e.sentAt),
          media: e.attachments.map((a) => ({
            kind: 'bijlage',
            data: Buffer.from(a.data, 'base64'),
            contentType: a.contentType,
            filename: a.filename,
          })),
        };
      });
    },

    async fetchMedia(ref) {
      if (!ref.data) throw new ProviderError('media without data', false);
      return { data: ref.data, contentType: ref.contentType ?? '', filename: ref.filename ?? 'bijlage' };
    },

    async send(message: OutboundMessage) {
      if (!outboundUrl) throw new ProviderError('not configured: LOKET_SMS_PROVIDER_URL', true);
      const body = JSON.stringify({
        id: message.id,
        channel: message.channel,
        from: message.from,
        to: message.to,
        text: message.text,
        sentAt: message.at.toISOString(),
      });
      const res = await providerFetch(outboundUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-loket-provider': name,
          [signatureHeader]: `sha256=${hmacHex(secret, body)}`,
        },
        body,
      });
      if (!res.ok) throw httpError(res.status, 'provider');
      const answer = (await res.json().catch(() => null)) as { id?: unknown } | null;
      const externalId = typeof answer?.id === 'string' && answer.id ? answer.id.slice(0, 200) : message.id;
      return { externalId };
    },
  };
}
