// Inbound WhatsApp, SMS and social-media messages → contacts. Each message becomes an inbound contact
// on the sender's party (only a single party that verified the number; anyone else is anonymous with
// the number in the involvement), continuing the conversation's thread while its last message is less
// than 24 hours old (WhatsApp's service window), in a team queue by the routing rules, with one
// auto-reply a day outside opening hours. Provider message ids make a replayed webhook a no-op.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { addAttachment } from '../../contacts/attachments.service.ts';
import {
  type ContactDetails,
  inTransaction,
  registerContact,
  updateContact,
} from '../../contacts/contacts.service.ts';
import { threadOfContact } from '../../contacts/threads.service.ts';
import { findPartyIdByVerifiedPhone } from '../../parties/parties.service.ts';
import { normalisePhone } from '../../parties/validation.ts';
import { openingStatus } from '../../routing/opening-hours.service.ts';
import { announceQueued, enqueueContact, routeInbound } from '../../routing/routing.service.ts';
import { announceDelivery } from './messaging.outbox.ts';
import * as repo from './messaging.repo.ts';
import {
  type FetchedMedia,
  type InboundEvent,
  type InboundMessage,
  MediaTooLarge,
  type MessagingProvider,
  ProviderError,
} from './provider.ts';

/** A conversation continues one thread while its last message is younger than this. */
export const conversationWindowMs = 24 * 60 * 60_000;

const channelLabels: Record<string, string> = {
  whatsapp: 'WhatsApp-bericht',
  sms: 'SMS-bericht',
  social: 'Bericht via sociale media',
};

/** Media the provider could not give now (its API is down): the inbox tries the message again later. */
export class TemporarilyUnavailable extends Error {
  constructor() {
    super('provider temporarily unavailable');
    this.name = 'TemporarilyUnavailable';
  }
}

/** What ingesting needs: the app's context without HTTP (the scheduler runs it too). */
export type MessagingContext = Pick<AppContext, 'db' | 'config' | 'clock' | 'realtime'>;

/** True when an outbound message with this provider id exists (whether or not its status moved). */
export async function applyDeliveryStatus(
  ctx: MessagingContext,
  provider: string,
  e: Extract<InboundEvent, { kind: 'status' }>,
) {
  const row = await repo.applyStatus(ctx.db, { provider, externalId: e.externalId }, e.status, e.at, e.error);
  announceDelivery(ctx.realtime, row, e.status);
  return !!row || !!(await repo.findMessageByExternal(ctx.db, provider, e.externalId));
}

const isPhoneChannel = (channel: string) => channel === 'whatsapp' || channel === 'sms';

function subjectOf(channel: string, text: string) {
  const label = channelLabels[channel] ?? 'Bericht';
  const first =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (!first) return label;
  return `${label}: ${first.length > 80 ? `${first.slice(0, 79)}…` : first}`;
}

type Fetched = { file: FetchedMedia } | { note: string };

async function fetchMedia(provider: MessagingProvider, m: InboundMessage, limit: number): Promise<Fetched[]> {
  const out: Fetched[] = [];
  for (const ref of m.media) {
    try {
      out.push({ file: await provider.fetchMedia(ref, limit) });
    } catch (err) {
      if (err instanceof ProviderError && err.retryable) throw new TemporarilyUnavailable();
      const why = err instanceof MediaTooLarge ? 'te groot' : 'kon niet worden opgehaald';
      out.push({ note: `[Bijlage (${ref.kind}) niet bewaard: ${why}.]` });
    }
  }
  return out;
}

const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** Stores one inbound message; false when its provider id was stored before (a replay). */
export async function ingestMessage(
  ctx: MessagingContext,
  provider: MessagingProvider,
  m: InboundMessage,
  /** The inbox entry to mark processed in the same transaction as the contact. */
  inboxId?: string,
) {
  if (await repo.findMessageByExternal(ctx.db, provider.name, m.externalId)) return false;
  const files = await fetchMedia(provider, m, ctx.config.attachmentLimit);
  const phone = isPhoneChannel(m.channel) ? normalisePhone(m.from) : null;
  const from = phone ?? m.from;
  const partyId = phone ? await findPartyIdByVerifiedPhone(ctx.db, phone) : null;
  const subject = subjectOf(m.channel, m.text);
  const decision = await routeInbound(ctx.db, {
    channel: m.channel,
    address: m.to,
    subject,
    body: m.text,
    partyId,
  });
  const now = ctx.clock.now();
  const occurredAt = Number.isNaN(m.sentAt.getTime()) || m.sentAt > now ? now : m.sentAt;
  const details: Record<string, unknown> = isPhoneChannel(m.channel) ? { phone: from } : { handle: from };
  if (!partyId && m.fromName) details.name = m.fromName;
  const involvement = { partyId, role: 'klant' as const, initiator: true, details };

  const stored = await inTransaction(ctx.db, async (trx) => {
    const key = {
      provider: provider.name,
      channel: m.channel,
      business_address: m.to,
      customer_address: from,
    };
    const conversation = await repo.lockConversation(trx, key, randomUUID(), now);
    // Under the conversation's lock: a copy of this webhook that raced us is seen here.
    if (await repo.findMessageByExternal(trx, provider.name, m.externalId)) return null;
    const continues =
      conversation.last_contact_id &&
      now.getTime() - conversation.last_message_at.getTime() < conversationWindowMs;
    const thread = continues ? await threadOfContact(trx, conversation.last_contact_id as string, now) : null;
    const notes = files.flatMap((f) => ('note' in f ? [f.note] : []));
    let contact = await registerContact(
      trx,
      {
        channel: m.channel,
        direction: 'in',
        subject,
        content: [m.text, ...notes].filter((t) => t).join('\n\n'),
        occurredAt,
        teamId: decision.teamId,
        parties: [involvement],
        ...(thread ? { threadId: thread.id } : {}),
      },
      undefined,
      ctx.clock,
    );
    const refused: string[] = [];
    for (const f of files) {
      if (!('file' in f)) continue;
      try {
        await addAttachment(trx, contact.id, f.file, { limit: ctx.config.attachmentLimit, now });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const why = err.code === 'payload_too_large' ? 'te groot' : 'bestandstype niet toegestaan';
        refused.push(`[Bijlage niet bewaard: ${why}.]`);
      }
    }
    if (refused.length) {
      contact = await updateContact(trx, contact.id, {
        content: [contact.content, ...refused].filter((t) => t).join('\n\n'),
      });
    }
    await repo.insertMessage(trx, {
      id: randomUUID(),
      conversation_id: conversation.id,
      contact_id: contact.id,
      direction: 'in',
      provider: provider.name,
      external_id: m.externalId,
      status: 'received',
      status_at: now,
      created_at: now,
    });
    await enqueueContact(trx, contact.id, decision, now);

    let lastContactId = contact.id;
    let autoReplied = false;
    const today = amsterdamDate.format(now);
    if (conversation.last_auto_reply_on !== today) {
      const opening = await openingStatus(trx, { channel: m.channel, teamId: decision.teamId }, now);
      if (!opening.open) {
        const reply = await queueOutbound(ctx, trx, {
          conversationId: conversation.id,
          provider: provider.name,
          inbound: contact,
          text: opening.autoReply ?? closedText(opening.nextOpening),
          subject: 'Automatisch antwoord buiten openingstijden',
          now,
        });
        lastContactId = reply.id;
        autoReplied = true;
      }
    }
    await repo.updateConversation(trx, conversation.id, {
      last_contact_id: lastContactId,
      last_message_at: now,
      last_inbound_at: now,
      ...(autoReplied ? { last_auto_reply_on: today } : {}),
    });
    if (inboxId) await repo.finishInbox(trx, inboxId, now, null);
    return { contact, autoReplied };
  });
  if (!stored) return false;
  announceQueued(ctx.realtime, decision, stored.contact.id);
  return true;
}

const openingFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

export function closedText(nextOpening: Date | null) {
  const when = nextOpening ? ` We zijn weer bereikbaar op ${openingFormat.format(nextOpening)}.` : '';
  return `Bedankt voor uw bericht. We zijn nu gesloten.${when} We beantwoorden uw bericht zo snel mogelijk. Met spoed? Kijk op onze website of bel 14 + netnummer.`;
}

/**
 * An outbound message in the conversation: an outbound contact in the thread of `inbound`, with the
 * same parties, and a queued send. Runs inside the caller's transaction.
 */
export async function queueOutbound(
  ctx: Pick<AppContext, 'clock'>,
  trx: AppContext['db'],
  input: {
    conversationId: string;
    provider: string;
    inbound: ContactDetails;
    text: string;
    subject: string;
    now: Date;
    actor?: Parameters<typeof registerContact>[2];
  },
): Promise<ContactDetails> {
  const thread = await threadOfContact(trx, input.inbound.id, input.now);
  const contact = await registerContact(
    trx,
    {
      channel: input.inbound.channel,
      direction: 'out',
      subject: input.subject.slice(0, 300),
      content: input.text,
      threadId: thread.id,
      ...(input.actor ? {} : input.inbound.team ? { teamId: input.inbound.team.id } : {}),
      parties: input.inbound.parties.map((p) => ({
        partyId: p.partyId,
        role: p.role as 'klant',
        initiator: false,
        details: p.details,
      })),
    },
    input.actor,
    ctx.clock,
  );
  await repo.insertMessage(trx, {
    id: randomUUID(),
    conversation_id: input.conversationId,
    contact_id: contact.id,
    direction: 'out',
    provider: input.provider,
    status: 'queued',
    body: input.text,
    employee_id: input.actor?.kind === 'employee' ? input.actor.id : null,
    next_attempt_at: input.now,
    status_at: input.now,
    created_at: input.now,
  });
  return contact;
}
