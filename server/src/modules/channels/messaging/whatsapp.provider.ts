// WhatsApp Business Cloud API (Meta Graph API): the webhook Meta posts (entry[].changes[].value with
// messages[] and statuses[], signed with X-Hub-Signature-256), media fetched through
// GET /{media-id} and the URL it returns, text sent with POST /{phone-number-id}/messages.
import { z } from 'zod';
import type { MessagingConfig } from '../../../config.ts';
import { invalid } from '../../../platform/errors.ts';
import {
  type FetchedMedia,
  httpError,
  type InboundEvent,
  type MediaRef,
  MediaTooLarge,
  type MessagingProvider,
  mediaFilename,
  type OutboundMessage,
  ProviderError,
  providerFetch,
  readLimited,
  signatureMatches,
} from './provider.ts';

const id = z.string().min(1).max(200);
const unixSeconds = z.string().regex(/^\d{1,12}$/);
const media = z.looseObject({
  id,
  mime_type: z.string().max(200).optional(),
  filename: z.string().max(300).optional(),
  caption: z.string().max(5000).optional(),
});

const message = z.looseObject({
  from: z.string().regex(/^\d{6,20}$/),
  id,
  timestamp: unixSeconds,
  type: z.string().min(1).max(50),
  text: z.looseObject({ body: z.string().max(50_000) }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().max(500).optional(),
      address: z.string().max(500).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().max(1000) }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: z.string().max(1000) }).optional(),
      list_reply: z.looseObject({ title: z.string().max(1000) }).optional(),
    })
    .optional(),
  reaction: z.looseObject({ emoji: z.string().max(50).optional() }).optional(),
});

const status = z.looseObject({
  id,
  status: z.string().min(1).max(50),
  timestamp: unixSeconds,
  errors: z
    .array(z.looseObject({ code: z.number().optional(), title: z.string().max(500).optional() }))
    .max(20)
    .optional(),
});

const value = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.looseObject({ phone_number_id: id, display_phone_number: z.string().max(50).optional() }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().max(30),
        profile: z.looseObject({ name: z.string().max(300) }).optional(),
      }),
    )
    .max(1000)
    .optional(),
  messages: z.array(message).max(1000).optional(),
  statuses: z.array(status).max(1000).optional(),
});

const webhook = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.looseObject({
        id: z.string().max(200).optional(),
        changes: z.array(z.looseObject({ field: z.string().max(100), value: z.unknown() })).max(1000),
      }),
    )
    .max(1000),
});

const mediaKinds = ['image', 'document', 'audio', 'video', 'sticker'] as const;

function textOf(m: z.infer<typeof message>): string {
  const location = m.location;
  const parts = [
    m.text?.body,
    ...mediaKinds.map((k) => m[k]?.caption),
    m.button?.text,
    m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title,
    location
      ? `Locatie: ${location.latitude}, ${location.longitude}${location.name ? ` (${location.name})` : ''}`
      : undefined,
    m.reaction ? `Reactie: ${m.reaction.emoji ?? '(verwijderd)'}` : undefined,
  ].filter((p): p is string => !!p?.trim());
  return parts.join('\n');
}

const statusMap: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

/** Meta's rate-limit error codes: try again later rather than giving up. */
const retryableCodes = new Set([4, 80007, 130429, 131056, 131000, 133004]);

export function whatsappProvider(config: MessagingConfig['whatsapp']): MessagingProvider {
  const auth = () => {
    if (!config.accessToken) throw new ProviderError('not configured: LOKET_WHATSAPP_ACCESS_TOKEN', false);
    return { authorization: `Bearer ${config.accessToken}` };
  };

  async function graphError(res: Response): Promise<ProviderError> {
    const body = (await res.json().catch(() => null)) as { error?: { code?: number; type?: string } } | null;
    const code = body?.error?.code;
    const err = httpError(res.status, [code, body?.error?.type].filter(Boolean).join(' '));
    return code !== undefined && retryableCodes.has(code) ? new ProviderError(err.message, true) : err;
  }

  return {
    name: 'whatsapp',

    verify: (headers, rawBody) =>
      !!config.appSecret && signatureMatches(headers['x-hub-signature-256'], config.appSecret, rawBody),

    parse(payload) {
      const parsed = webhook.safeParse(payload);
      if (!parsed.success) throw invalid('body', 'Dit is geen WhatsApp Business-webhook.');
      const events: InboundEvent[] = [];
      for (const entry of parsed.data.entry) {
        for (const change of entry.changes) {
          if (change.field !== 'messages') continue;
          const v = value.safeParse(change.value);
          if (!v.success)
            throw invalid('entry.changes.value', 'Onbekende opbouw van een WhatsApp-wijziging.');
          const to = v.data.metadata.phone_number_id;
          for (const m of v.data.messages ?? []) {
            const name = v.data.contacts?.find((c) => c.wa_id === m.from)?.profile?.name ?? null;
            const refs: MediaRef[] = mediaKinds.flatMap((k) => {
              const x = m[k];
              return x ? [{ kind: k, mediaId: x.id, contentType: x.mime_type, filename: x.filename }] : [];
            });
            const text = textOf(m);
            events.push({
              kind: 'message',
              channel: 'whatsapp',
              externalId: m.id,
              from: `+${m.from}`,
              fromName: name,
              to,
              text: text || (refs.length ? '' : `[${m.type}-bericht]`),
              sentAt: new Date(Number(m.timestamp) * 1000),
              media: refs,
            });
          }
          for (const s of v.data.statuses ?? []) {
            const mapped = statusMap[s.status];
            if (!mapped) continue;
            const error = s.errors?.[0];
            events.push({
              kind: 'status',
              externalId: s.id,
              status: mapped,
              at: new Date(Number(s.timestamp) * 1000),
              error: error ? [error.code, error.title].filter((x) => x !== undefined).join(' ') : null,
            });
          }
        }
      }
      return events;
    },

    async fetchMedia(ref, limit): Promise<FetchedMedia> {
      if (!ref.mediaId) throw new ProviderError('media without id', false);
      const meta = await providerFetch(`${config.apiUrl}/${encodeURIComponent(ref.mediaId)}`, {
        headers: auth(),
      });
      if (!meta.ok) throw await graphError(meta);
      const info = (await meta.json().catch(() => null)) as {
        url?: string;
        mime_type?: string;
        file_size?: number;
      } | null;
      if (!info?.url || !URL.canParse(info.url)) throw new ProviderError('media: no url', false);
      if ((info.file_size ?? 0) > limit) throw new MediaTooLarge();
      const file = await providerFetch(info.url, { headers: auth() });
      if (!file.ok) throw httpError(file.status, 'media download');
      const data = await readLimited(file, limit);
      const contentType = info.mime_type ?? ref.contentType ?? file.headers.get('content-type') ?? '';
      return {
        data,
        contentType,
        filename: ref.filename ?? mediaFilename(ref.kind, ref.mediaId, contentType),
      };
    },

    async send(message: OutboundMessage) {
      const res = await providerFetch(`${config.apiUrl}/${encodeURIComponent(message.from)}/messages`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: message.to.replace(/^\+/, ''),
          type: 'text',
          text: { preview_url: false, body: message.text },
        }),
      });
      if (!res.ok) throw await graphError(res);
      const body = (await res.json().catch(() => null)) as { messages?: { id?: string }[] } | null;
      const externalId = body?.messages?.[0]?.id;
      if (!externalId) throw new ProviderError('send: no message id in the answer', false);
      return { externalId };
    },
  };
}
