// Messaging conversations: delivery statuses of outbound messages, and an outbound message in a
// conversation (a reply, the auto-reply). Inbound messages become contacts in messaging.ingest.ts.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/app.ts';
import { type ContactDetails, registerContact } from '../../contacts/contacts.service.ts';
import { threadOfContact } from '../../contacts/threads.service.ts';
import { announceDelivery } from './messaging.outbox.ts';
import * as repo from './messaging.repo.ts';
import type { InboundEvent } from './provider.ts';

/** A conversation continues one thread while its last message is younger than this. */
export const conversationWindowMs = 24 * 60 * 60_000;

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
