// The end of a web chat: the whole transcript becomes one contact (channel webchat) in the party's
// timeline, and the resident's satisfaction score (KTO) is stored with it.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { EmployeeActor } from '../../platform/actor.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction, listReasons, registerContact } from '../contacts/contacts.service.ts';
import { threadOfContact } from '../contacts/threads.service.ts';
import { getPublishedArticle } from '../knowledge/knowledge.service.ts';
import {
  appendMessage,
  type ChatContext,
  type ChatMessage,
  chatTopic,
  getConversation,
  messagesSince,
} from './chat.messages.ts';
import * as repo from './chat.repo.ts';
import type { ChatSender } from './chat.tables.ts';

const senderLabel: Record<ChatSender, string> = {
  resident: 'Inwoner',
  bot: 'Chatbot',
  employee: 'Medewerker',
  system: 'Systeem',
};

const transcriptOf = (messages: ChatMessage[]) =>
  messages
    .map((m) => {
      const time = new Intl.DateTimeFormat('nl-NL', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Amsterdam',
      }).format(m.at);
      const source = m.source ? ` (bron: ${m.source.title})` : '';
      return `[${time}] ${senderLabel[m.from]}: ${m.text}${source}`;
    })
    .join('\n');

/**
 * End the conversation and record the whole transcript as one contact. Reason and result come from
 * the employee, or for a bot-only chat from the article the bot answered with. Closing twice records once.
 */
export async function closeConversation(
  ctx: ChatContext,
  conversationId: string,
  input: { by: 'resident' | 'employee'; actor?: EmployeeActor; reasonCode?: string; result?: string },
) {
  const existing = await getConversation(ctx.db, conversationId);
  if (existing.status === 'closed' && existing.contactId) return { id: existing.contactId };
  if (
    input.by === 'employee' &&
    existing.employeeId !== input.actor?.id &&
    !input.actor?.permissions.has('admin')
  ) {
    throw new AppError('conflict', 'Alleen de medewerker in het gesprek kan het afsluiten.');
  }
  await appendMessage(ctx, conversationId, {
    sender: 'system',
    text: 'Het gesprek is beëindigd. Bedankt voor uw vraag.',
  });
  const messages = await messagesSince(ctx.db, conversationId);
  const firstQuestion = messages.find((m) => m.from === 'resident');
  const botOnly = !messages.some((m) => m.from === 'employee');
  const botArticle = botOnly ? [...messages].reverse().find((m) => m.source)?.source : undefined;
  const reasonCode =
    input.reasonCode ?? (botArticle ? await articleReasonCode(ctx.db, botArticle.id) : undefined);
  const contact = await inTransaction(ctx.db, async (trx) => {
    const row = await repo.findConversation(trx, conversationId, { lock: true });
    if (!row) throw notFound('Chatgesprek');
    if (row.contact_id) return { id: row.contact_id };
    const created = await registerContact(
      trx,
      {
        channel: 'webchat',
        direction: 'in',
        subject: (firstQuestion?.text ?? 'Webchat').slice(0, 300),
        content: transcriptOf(messages),
        result: input.result ?? (botArticle ? `Beantwoord door de chatbot met "${botArticle.title}"` : null),
        resolvedFirstContact: botOnly && !!botArticle,
        reasonCode,
        occurredAt: row.created_at.toISOString(),
        employeeId: row.employee_id ?? undefined,
        teamId: row.team_id ?? undefined,
        parties: row.party_id ? [{ partyId: row.party_id, role: 'klant' }] : [],
      },
      input.actor,
      ctx.clock,
    );
    await threadOfContact(trx, created.id, ctx.clock.now());
    await repo.updateConversation(trx, conversationId, {
      status: 'closed',
      contact_id: created.id,
      closed_at: ctx.clock.now(),
    });
    await repo.setScoreContact(trx, conversationId, created.id);
    return { id: created.id };
  });
  ctx.realtime.publish(chatTopic(conversationId), { type: 'chat.closed', data: { contactId: contact.id } });
  return contact;
}

/** The article's first contact reason, when it is an active one. */
async function articleReasonCode(db: Db, articleId: string): Promise<string | undefined> {
  const code = (await getPublishedArticle(db, articleId).catch(() => null))?.reasonCodes[0];
  if (!code) return undefined;
  const reasons = await listReasons(db, { active: true });
  return reasons.some((r) => r.code === code) ? code : undefined;
}

/** The satisfaction survey at the end of a chat: once per conversation. */
export async function submitSurvey(
  ctx: ChatContext,
  conversationId: string,
  input: { score: number; comment?: string | null },
) {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
    throw invalid('score', 'Geef een cijfer van 1 tot en met 5.');
  }
  const comment = input.comment?.trim().slice(0, 2000) || null;
  const conversation = await getConversation(ctx.db, conversationId);
  const stored = await repo.insertScore(ctx.db, {
    id: randomUUID(),
    contact_id: conversation.contactId,
    conversation_id: conversationId,
    channel: 'webchat',
    score: input.score,
    comment,
    created_at: ctx.clock.now(),
  });
  if (!stored) throw conflict('U heeft dit gesprek al beoordeeld. Dank u wel!');
}

/** KTO scores of contacts, for the contact detail and the dashboard. */
export async function scoresOf(db: Db, contactIds: string[]) {
  return (await repo.scoresOfContacts(db, contactIds)).map((s) => ({
    contactId: s.contact_id,
    score: s.score,
    comment: s.comment,
    channel: s.channel,
    at: s.created_at,
  }));
}
