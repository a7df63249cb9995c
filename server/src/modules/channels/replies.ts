// Answering a contact on the channel it came in on. Each channel adapter registers how it sends a
// reply (e-mail through the outbox, WhatsApp or SMS through its provider); the werkplek has one
// endpoint, POST /contacts/:id/reply, whatever the channel.
import type { EmployeeActor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import type { ContactDetails } from '../contacts/contacts.service.ts';

export type ReplyInput = { contact: ContactDetails; text: string; actor: EmployeeActor };

/**
 * Registers the outbound contact (in the same thread as `contact`) and queues its delivery, in one
 * transaction; returns the outbound contact. Delivery happens later and is retried.
 */
export type ReplySender = (ctx: AppContext, input: ReplyInput) => Promise<ContactDetails>;

const senders = new Map<string, ReplySender>();

export function registerReplySender(channel: string, sender: ReplySender) {
  senders.set(channel, sender);
}

export const replySenderFor = (channel: string): ReplySender | undefined => senders.get(channel);
export const replyChannels = (): string[] => [...senders.keys()];
