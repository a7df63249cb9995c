// Answering a contact on the channel it came in on. Each channel adapter registers how it sends a
// reply (e-mail through the outbox, WhatsApp or SMS through its provider) and how it tells where an
// outbound message stands; the werkplek has one endpoint for each, POST /contacts/:id/reply and
// GET /contacts/:id/delivery, whatever the channel.
import type { Db } from '../../db/connect.ts';
import type { EmployeeActor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import type { ContactDetails } from '../contacts/contacts.service.ts';

export type ReplyInput = { contact: ContactDetails; text: string; actor: EmployeeActor };

/**
 * How a channel answers. `record` registers the outbound contact (in the same thread as `contact`) and
 * queues its delivery, in the caller's transaction (which also closes the answered contact's queue
 * item), and returns the outbound contact; `afterCommit` starts delivery at once rather than at the
 * scheduler's next round. Delivery happens later and is retried.
 */
export type ReplySender = {
  record: (ctx: AppContext, trx: Db, input: ReplyInput) => Promise<ContactDetails>;
  afterCommit?: (ctx: AppContext) => void;
};

const senders = new Map<string, ReplySender>();

export function registerReplySender(channel: string, sender: ReplySender) {
  senders.set(channel, sender);
}

export const replySenderFor = (channel: string): ReplySender | undefined => senders.get(channel);
export const replyChannels = (): string[] => [...senders.keys()];

/** Where an outbound message stands, the same for every channel (GET /contacts/:id/delivery). */
export type Delivery = {
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  /** Dutch, for the screen: wachtrij, verzonden, afgeleverd, gelezen, mislukt. */
  label: string;
  attempts: number;
  /** The mail server's or provider's reason of the last failure (a code, no message text). */
  lastError: string | null;
  /** Loket has stopped trying: sent (and later delivered or read), or failed for good. */
  final: boolean;
  at: Date | null;
  nextAttemptAt: Date | null;
};

/** A channel's delivery status of one of its outbound contacts; null when it has none. */
export type DeliveryLookup = (ctx: AppContext, contactId: string) => Promise<Delivery | null>;

const lookups = new Map<string, DeliveryLookup>();

export function registerDeliveryLookup(channel: string, lookup: DeliveryLookup) {
  lookups.set(channel, lookup);
}

export const deliveryLookupFor = (channel: string): DeliveryLookup | undefined => lookups.get(channel);
