// Web chat messages: every message is stored with a number per conversation before anyone sees it
// (one statement), then published on the hub topic `chat:<id>`, which the resident's socket and the
// employee console follow. The other chat files build on these.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { AppContext } from '../../platform/app.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import * as repo from './chat.repo.ts';
import type { ArticleSource, ChatSender, ChatStatus, Choice } from './chat.tables.ts';

export const maxMessageLength = 2000;

export type ChatMessage = {
  seq: number;
  from: ChatSender;
  text: string;
  source: ArticleSource | null;
  choices: Choice[] | null;
  at: Date;
};

export type Conversation = {
  id: string;
  status: ChatStatus;
  teamId: string | null;
  employeeId: string | null;
  partyId: string | null;
  contactId: string | null;
  waitingSince: Date | null;
  createdAt: Date;
};

export type ChatContext = Pick<AppContext, 'db' | 'clock' | 'realtime' | 'config'>;

export const chatTopic = (conversationId: string) => `chat:${conversationId}`;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const toConversation = (
  r: Awaited<ReturnType<typeof repo.findConversation>> & object,
): Conversation => ({
  id: r.id,
  status: r.status,
  teamId: r.team_id,
  employeeId: r.employee_id,
  partyId: r.party_id,
  contactId: r.contact_id,
  waitingSince: r.waiting_since,
  createdAt: r.created_at,
});

const toMessage = (r: Awaited<ReturnType<typeof repo.messagesAfter>>[number]): ChatMessage => ({
  seq: r.seq,
  from: r.sender,
  text: r.text,
  source: r.source,
  choices: r.choices,
  at: r.created_at,
});

export async function getConversation(db: Db, id: string): Promise<Conversation> {
  const row = await repo.findConversation(db, id);
  if (!row) throw notFound('Chatgesprek');
  return toConversation(row);
}

export async function messagesSince(db: Db, id: string, afterSeq = 0): Promise<ChatMessage[]> {
  return (await repo.messagesAfter(db, id, afterSeq)).map(toMessage);
}

export type NewMessage = {
  sender: ChatSender;
  text: string;
  clientId?: string;
  source?: ArticleSource | null;
  choices?: Choice[] | null;
  employeeId?: string | null;
};

/**
 * Stores a message with the next number (one statement) and publishes it. A resident message whose
 * clientId was stored before is not stored again: its first number is returned with duplicate=true.
 * With onlyIfStatus, null when the conversation no longer has that status (nothing stored).
 */
export async function storeMessage(
  ctx: ChatContext,
  conversationId: string,
  m: NewMessage & { onlyIfStatus?: ChatStatus; matchedArticleId?: string },
): Promise<{ message: ChatMessage; duplicate: boolean } | null> {
  const now = ctx.clock.now();
  const stored = await repo.appendMessage(ctx.db, {
    conversationId,
    sender: m.sender,
    clientId: m.clientId ?? null,
    text: m.text,
    source: m.source ?? null,
    choices: m.choices ?? null,
    employeeId: m.employeeId ?? null,
    now,
    onlyIfStatus: m.onlyIfStatus,
    allowClosed: m.sender === 'system',
    matchedArticleId: m.matchedArticleId,
  });
  if (!stored) {
    // Only now read why: the usual path stores without reading anything back.
    const row = await repo.findConversation(ctx.db, conversationId).catch(() => null);
    if (!row) throw notFound('Chatgesprek');
    if (m.onlyIfStatus && row.status !== m.onlyIfStatus) return null;
    throw conflict('Dit chatgesprek is afgesloten.');
  }
  const message: ChatMessage = {
    seq: stored.seq,
    from: m.sender,
    text: m.text,
    source: m.source ?? null,
    choices: m.choices ?? null,
    at: now,
  };
  if (!stored.duplicate)
    ctx.realtime.publish(chatTopic(conversationId), { type: 'chat.message', data: message });
  return { message, duplicate: stored.duplicate };
}

export async function appendMessage(ctx: ChatContext, conversationId: string, m: NewMessage) {
  const stored = await storeMessage(ctx, conversationId, m);
  if (!stored) throw conflict('Dit chatgesprek is afgesloten.');
  return stored;
}

export function cleanText(text: string): string {
  const trimmed = text.replace(/\s+$/u, '').replace(/^\s+/u, '');
  if (!trimmed) throw invalid('text', 'Het bericht is leeg.');
  if (trimmed.length > maxMessageLength) {
    throw invalid('text', `Een bericht is ten hoogste ${maxMessageLength} tekens.`, 'too_long');
  }
  return trimmed;
}

export function publishTyping(ctx: ChatContext, conversationId: string, from: 'resident' | 'employee') {
  ctx.realtime.publish(chatTopic(conversationId), { type: 'chat.typing', data: { from } });
}
