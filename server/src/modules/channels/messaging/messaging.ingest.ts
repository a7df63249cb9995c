// Inbound WhatsApp, SMS and social-media messages → contacts, a batch of inbox events at a time (as the
// mail inbox does, email.store.ts). Each message becomes an inbound contact on the sender's party (only
// a single party that verified the number; anyone else is anonymous with the number in the
// involvement), continuing the conversation's thread while its last message is less than 24 hours old
// (WhatsApp's service window), in a team queue by the routing rules, with one auto-reply a day outside
// opening hours. What can be read before the transaction is read for the whole batch (replays, parties,
// rules, media); the batch is stored with one INSERT per table, so a message costs a few statements.
// Provider message ids make a replayed webhook a no-op.
import { randomUUID } from 'node:crypto';
import { once } from '../../../db/batch.ts';
import type { Db } from '../../../db/connect.ts';
import { type CheckedAttachment, keepAttachments } from '../../contacts/attachments.service.ts';
import { type RegisteredContact, registerContacts } from '../../contacts/contacts.batch.ts';
import { getContact } from '../../contacts/contacts.service.ts';
import { threadsOfContacts } from '../../contacts/threads.service.ts';
import { findPartyIdsByVerifiedPhones } from '../../parties/parties.service.ts';
import { normalisePhone } from '../../parties/validation.ts';
import { openingStatus } from '../../routing/opening-hours.service.ts';
import { enqueueContacts, type RouteDecision, routeInboundAll } from '../../routing/routing.service.ts';
import * as repo from './messaging.repo.ts';
import {
  closedText,
  conversationWindowMs,
  type MessagingContext,
  queueOutbound,
} from './messaging.service.ts';
import {
  type FetchedMedia,
  type InboundMessage,
  MediaTooLarge,
  type MessagingProvider,
  ProviderError,
} from './provider.ts';

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

async function fetchMedia(provider: MessagingProvider, m: InboundMessage, limit: number) {
  const files: FetchedMedia[] = [];
  const notes: string[] = [];
  for (const ref of m.media) {
    try {
      files.push(await provider.fetchMedia(ref, limit));
    } catch (err) {
      if (err instanceof ProviderError && err.retryable) throw new TemporarilyUnavailable();
      const why = err instanceof MediaTooLarge ? 'te groot' : 'kon niet worden opgehaald';
      notes.push(`[Bijlage (${ref.kind}) niet bewaard: ${why}.]`);
    }
  }
  return { files, notes };
}

const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** An inbox event to turn into a contact. */
export type Incoming = { inboxId: string; provider: MessagingProvider; m: InboundMessage };

export type PreparedMessage = Incoming & {
  key: repo.ConversationKey;
  partyId: string | null;
  subject: string;
  content: string;
  files: CheckedAttachment[];
  details: Record<string, unknown>;
  occurredAt: Date;
  decision: RouteDecision;
};

export type Unprepared = (Incoming & { replay: true }) | (Incoming & { error: unknown });

const idOf = (b: Incoming) => `${b.provider.name}\n${b.m.externalId}`;

/** The batch's messages whose provider id is stored already (replays), as idOf keys. */
async function storedIds(db: Db, batch: Incoming[]) {
  const stored = new Set<string>();
  for (const provider of new Set(batch.map((b) => b.provider.name))) {
    const ids = batch.filter((b) => b.provider.name === provider).map((b) => b.m.externalId);
    for (const row of await repo.findMessagesByExternal(db, provider, ids))
      stored.add(`${provider}\n${row.external_id}`);
  }
  return stored;
}

/** Everything to read before the transaction, for a whole batch: each message prepared, a replay or an error. */
export async function prepareMessages(
  ctx: MessagingContext,
  batch: Incoming[],
  now: Date,
): Promise<(PreparedMessage | Unprepared)[]> {
  const stored = await storedIds(ctx.db, batch);
  const phones = batch.flatMap((b) => (isPhoneChannel(b.m.channel) ? [b.m.from] : []));
  const owners = await findPartyIdsByVerifiedPhones(ctx.db, phones);
  const read = await Promise.all(
    batch.map(async (b): Promise<Omit<PreparedMessage, 'decision'> | Unprepared> => {
      const { provider, m } = b;
      if (stored.has(idOf(b))) return { ...b, replay: true };
      try {
        const fetched = await fetchMedia(provider, m, ctx.config.attachmentLimit);
        const kept = keepAttachments(fetched.files, ctx.config.attachmentLimit);
        const phone = isPhoneChannel(m.channel) ? normalisePhone(m.from) : null;
        const from = phone ?? m.from;
        const partyId = phone ? (owners.get(phone) ?? null) : null;
        const details: Record<string, unknown> = isPhoneChannel(m.channel)
          ? { phone: from }
          : { handle: from };
        if (!partyId && m.fromName) details.name = m.fromName;
        return {
          ...b,
          key: {
            provider: provider.name,
            channel: m.channel,
            business_address: m.to,
            customer_address: from,
          },
          partyId,
          subject: subjectOf(m.channel, m.text),
          content: [m.text, ...fetched.notes, ...kept.notes].filter((t) => t).join('\n\n'),
          files: kept.files,
          details,
          occurredAt: Number.isNaN(m.sentAt.getTime()) || m.sentAt > now ? now : m.sentAt,
        };
      } catch (error) {
        return { ...b, error };
      }
    }),
  );
  const routable = read.flatMap((r) => ('key' in r ? [r] : []));
  const decisions = await routeInboundAll(
    ctx.db,
    routable.map((r) => ({
      channel: r.m.channel,
      address: r.m.to,
      subject: r.subject,
      body: r.m.text,
      partyId: r.partyId,
    })),
  );
  const decided = new Map(routable.map((r, i) => [r, decisions[i] as RouteDecision]));
  return read.map((r) => ('key' in r ? { ...r, decision: decided.get(r) as RouteDecision } : r));
}

export type StoredMessage = { p: PreparedMessage; contactId: string };

const keyText = (k: repo.ConversationKey) =>
  [k.provider, k.channel, k.business_address, k.customer_address].join('\n');

/**
 * Stores the batch in the caller's transaction, all of it or (throwing) none. Returns the messages
 * stored; one whose provider id was stored meanwhile (a copy that raced us) is left out, as a replay.
 */
export async function storeMessages(
  ctx: MessagingContext,
  trx: Db,
  batch: PreparedMessage[],
  now: Date,
): Promise<{ stored: StoredMessage[]; replays: PreparedMessage[] }> {
  if (batch.length === 0) return { stored: [], replays: [] };
  const locked = await repo.lockConversations(
    trx,
    [...new Map(batch.map((p) => [keyText(p.key), p.key])).values()],
    now,
  );
  const conversations = new Map(locked.map((c) => [keyText(c), c]));
  // Under the conversations' locks: a copy of a webhook that raced us is seen here.
  const raced = await storedIds(trx, batch);
  const replays = batch.filter((p) => raced.has(idOf(p)));
  const fresh = batch.filter((p) => !raced.has(idOf(p)));

  // Messages of one conversation in one batch are stored in rounds, the n-th of each in round n, so
  // each continues the thread of the one before it.
  const rounds: PreparedMessage[][] = [];
  const seen = new Map<string, number>();
  for (const p of fresh) {
    const n = seen.get(keyText(p.key)) ?? 0;
    seen.set(keyText(p.key), n + 1);
    if (!rounds[n]) rounds[n] = [];
    rounds[n]?.push(p);
  }
  const today = amsterdamDate.format(now);
  const openingOf = once((scope: string) => {
    const [channel, teamId] = scope.split('\n') as [string, string];
    return openingStatus(trx, { channel, teamId }, now);
  });
  const stored: StoredMessage[] = [];
  const touched = new Map<
    string,
    { id: string; lastContactId: string; at: Date; autoReplyOn: string | null }
  >();
  const conversationOf = (p: PreparedMessage) => {
    const c = conversations.get(keyText(p.key));
    if (!c) throw new Error('conversation not locked');
    return c;
  };
  // The contact a message answers: the conversation's last one, while the conversation is open.
  const answers = (c: (typeof locked)[number]) =>
    c.last_contact_id && now.getTime() - c.last_message_at.getTime() < conversationWindowMs
      ? c.last_contact_id
      : null;
  for (const round of rounds) {
    const continued = round.flatMap((p) => answers(conversationOf(p)) ?? []);
    const threads = await threadsOfContacts(trx, continued, now);
    const inputs = [];
    for (const p of round) {
      const answered = answers(conversationOf(p));
      const thread = answered ? threads.get(answered) : undefined;
      inputs.push({
        channel: p.m.channel,
        direction: 'in' as const,
        subject: p.subject,
        content: p.content,
        occurredAt: p.occurredAt,
        teamId: p.decision.teamId,
        ...(thread ? { threadId: thread.id } : {}),
        parties: [{ partyId: p.partyId, role: 'klant' as const, initiator: true, details: p.details }],
        attachments: p.files,
      });
    }
    const contacts = await registerContacts(trx, inputs, ctx.clock);
    await repo.insertMessages(
      trx,
      round.map((p, i) => ({
        id: randomUUID(),
        conversation_id: conversations.get(keyText(p.key))?.id as string,
        contact_id: (contacts[i] as RegisteredContact).id,
        direction: 'in' as const,
        provider: p.provider.name,
        external_id: p.m.externalId,
        status: 'received' as const,
        status_at: now,
        created_at: now,
      })),
    );
    for (const [i, p] of round.entries()) {
      const c = conversationOf(p);
      const contactId = (contacts[i] as RegisteredContact).id;
      stored.push({ p, contactId });
      let last = contactId;
      if (c.last_auto_reply_on !== today) {
        const opening = await openingOf(`${p.m.channel}\n${p.decision.teamId}`);
        if (!opening.open) {
          const reply = await queueOutbound(ctx, trx, {
            conversationId: c.id,
            provider: p.provider.name,
            inbound: await getContact(trx, contactId),
            text: opening.autoReply ?? closedText(opening.nextOpening),
            subject: 'Automatisch antwoord buiten openingstijden',
            now,
          });
          last = reply.id;
          c.last_auto_reply_on = today;
        }
      }
      c.last_contact_id = last;
      c.last_message_at = now;
      touched.set(c.id, {
        id: c.id,
        lastContactId: last,
        at: now,
        autoReplyOn: c.last_auto_reply_on === today ? today : null,
      });
    }
  }
  await enqueueContacts(
    trx,
    stored.map((s) => ({ contactId: s.contactId, decision: s.p.decision })),
    now,
  );
  await repo.updateConversations(trx, [...touched.values()]);
  return { stored, replays };
}
