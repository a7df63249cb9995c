// Web chat: one dialogue in which the bot answers from the knowledge base and an employee takes over
// when needed (chat.handover.ts). Messages are stored and published by chat.messages.ts; at the end the
// whole transcript becomes one contact in the party's timeline (chat.record.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { articleReply, type BotReply, botReply } from './chat.bot.ts';
import { requestHandover } from './chat.handover.ts';
import {
  appendMessage,
  type ChatContext,
  type Conversation,
  cleanText,
  getConversation,
  hashToken,
  type NewMessage,
  storeMessage,
  toConversation,
} from './chat.messages.ts';
import * as repo from './chat.repo.ts';

/** Who the widget's resident is, when they came logged in to MijnGemeente (see recogniseResident). */
export type KnownResident = { partyId: string | null; name: string };

const welcomeText = (name?: string) =>
  `Welkom bij Gemeente Voorbeeld${name ? `, ${name}` : ''}. Stel uw vraag, dan zoek ik het antwoord voor u op. Typ "medewerker" om een medewerker te spreken.`;

/**
 * A new conversation; the resume token is shown once and lets the widget reconnect to it. A
 * logged-in resident's conversation belongs to their party (the employee sees the customer view) and
 * the bot greets them by name: nothing else about them is said in the chat.
 */
export async function startConversation(ctx: ChatContext, resident: KnownResident | null = null) {
  const id = randomUUID();
  const resumeToken = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  await repo.insertConversation(ctx.db, {
    id,
    resume_token_hash: hashToken(resumeToken),
    team_id: null,
    employee_id: null,
    party_id: resident?.partyId ?? null,
    matched_article_id: null,
    contact_id: null,
    created_at: now,
    updated_at: now,
  });
  await appendMessage(ctx, id, { sender: 'bot', text: welcomeText(resident?.name) });
  return { conversationId: id, resumeToken };
}

/** A resident who logs in during a conversation: it becomes theirs, unless it already has a party. */
export async function linkResident(
  ctx: ChatContext,
  conversation: Conversation,
  resident: KnownResident | null,
) {
  if (!resident?.partyId || conversation.partyId || conversation.status === 'closed') return;
  await repo.linkParty(ctx.db, conversation.id, resident.partyId);
}

/** The conversation a widget may resume, or null when the id or token does not fit. */
export async function resumeConversation(db: Db, id: string, token: string): Promise<Conversation | null> {
  const row = await repo.findConversation(db, id).catch(() => null);
  if (!row || row.resume_token_hash !== hashToken(token)) return null;
  return toConversation(row);
}

/** The bot speaks only while it has the conversation; false when an employee (or the end) came first. */
async function botSays(
  ctx: ChatContext,
  conversationId: string,
  m: Omit<NewMessage, 'sender'> & { matchedArticleId?: string },
) {
  return !!(await storeMessage(ctx, conversationId, { ...m, sender: 'bot', onlyIfStatus: 'bot' }));
}

/** A resident's message, stored once per clientId. The caller acknowledges it, then calls answerIfBot. */
export async function residentMessage(
  ctx: ChatContext,
  conversationId: string,
  input: { clientId: string; text: string },
) {
  const text = cleanText(input.text);
  return appendMessage(ctx, conversationId, { sender: 'resident', text, clientId: input.clientId });
}

/** While the bot has the conversation, it answers the resident's message (from memory: no query). */
export async function answerIfBot(ctx: ChatContext, conversationId: string, text: string) {
  await answerAsBot(ctx, conversationId, await botReply(ctx.db, text));
}

/** The resident picked one of the bot's choices. */
export async function chooseArticle(ctx: ChatContext, conversationId: string, articleId: string) {
  const conversation = await getConversation(ctx.db, conversationId);
  if (conversation.status !== 'bot') return;
  await answerAsBot(ctx, conversationId, await articleReply(ctx.db, articleId));
}

async function answerAsBot(ctx: ChatContext, conversationId: string, reply: BotReply) {
  if (reply.kind === 'handover') {
    if (reply.source) {
      const said = await botSays(ctx, conversationId, {
        text: `Over "${reply.source.title}" helpt een medewerker u graag persoonlijk.`,
        source: reply.source,
      });
      if (!said) return;
    }
    return requestHandover(ctx, conversationId);
  }
  if (reply.kind === 'answer') {
    await botSays(ctx, conversationId, {
      text: reply.text,
      source: reply.source,
      matchedArticleId: reply.source.id,
    });
    return;
  }
  if (reply.kind === 'choose') {
    await botSays(ctx, conversationId, { text: reply.text, choices: reply.choices });
    return;
  }
  const misses = await repo.countMiss(ctx.db, conversationId);
  if (misses === null) return;
  if (misses >= 2) {
    await botSays(ctx, conversationId, {
      text: 'Ik kan uw vraag niet goed beantwoorden. Ik verbind u door met een medewerker.',
    });
    return requestHandover(ctx, conversationId);
  }
  await botSays(ctx, conversationId, { text: reply.text });
}
