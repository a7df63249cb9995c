// Answers from the werkplek (POST /contacts/:id/reply) on WhatsApp, SMS and social media: an outbound
// contact in the conversation's thread, sent from the messaging outbox to the number or handle the
// conversation came from.
import { unprocessable } from '../../../platform/errors.ts';
import { type ReplySender, registerReplySender } from '../replies.ts';
import * as repo from './messaging.repo.ts';
import { conversationWindowMs, queueOutbound } from './messaging.service.ts';
import { kickMessaging } from './messaging.work.ts';

const messagingReplySender: ReplySender = {
  async record(ctx, trx, { contact, text, actor }) {
    const now = ctx.clock.now();
    const conversation = await repo.lockConversationOfContact(trx, contact.id);
    if (!conversation) {
      throw unprocessable(
        'id',
        'Dit contact kwam niet via WhatsApp, sms of sociale media binnen; Loket weet niet waarheen het antwoord moet.',
      );
    }
    const lastIn = conversation.last_inbound_at?.getTime() ?? 0;
    if (conversation.provider === 'whatsapp' && now.getTime() - lastIn >= conversationWindowMs) {
      throw unprocessable(
        'id',
        'Het laatste bericht van deze afzender is meer dan 24 uur oud: WhatsApp laat dan alleen goedgekeurde sjabloonberichten toe. Neem via een ander kanaal contact op.',
      );
    }
    const out = await queueOutbound(ctx, trx, {
      conversationId: conversation.id,
      provider: conversation.provider,
      inbound: contact,
      text,
      subject: `Re: ${contact.subject}`,
      now,
      actor,
    });
    await repo.updateConversation(trx, conversation.id, { last_contact_id: out.id, last_message_at: now });
    return out;
  },
  afterCommit: (ctx) => void kickMessaging(ctx),
};

export function registerMessagingReplies() {
  for (const channel of ['whatsapp', 'sms', 'social']) registerReplySender(channel, messagingReplySender);
}
