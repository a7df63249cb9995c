// Web chat: one dialogue in which the bot answers from the knowledge base and an employee takes over
// when needed. Every message is stored with a number per conversation before anyone sees it, then
// published on the hub topic `chat:<id>`: the resident's socket and the employee console follow it.
// At the end the whole transcript becomes one contact (channel webchat) in the party's timeline.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { EmployeeActor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction, listReasons, registerContact } from '../contacts/contacts.service.ts';
import { threadOfContact } from '../contacts/threads.service.ts';
import { getPublishedArticle } from '../knowledge/knowledge.service.ts';
import { normaliseEmail, normalisePhone } from '../parties/validation.ts';
import { openingStatus } from '../routing/opening-hours.service.ts';
import { routeInbound } from '../routing/routing.service.ts';
import { createTask } from '../tasks/tasks.service.ts';
import { articleReply, type BotReply, botReply } from './chat.bot.ts';
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

type ChatContext = Pick<AppContext, 'db' | 'clock' | 'realtime' | 'config'>;

export const chatTopic = (conversationId: string) => `chat:${conversationId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const toConversation = (r: Awaited<ReturnType<typeof repo.findConversation>> & object): Conversation => ({
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

export async function getConversation(db: Db, id: string): Promise<Conversation> {
  const row = await repo.findConversation(db, id);
  if (!row) throw notFound('Chatgesprek');
  return toConversation(row);
}

export async function messagesSince(db: Db, id: string, afterSeq = 0): Promise<ChatMessage[]> {
  return (await repo.messagesAfter(db, id, afterSeq)).map(toMessage);
}

type NewMessage = {
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
async function storeMessage(
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

async function appendMessage(ctx: ChatContext, conversationId: string, m: NewMessage) {
  const stored = await storeMessage(ctx, conversationId, m);
  if (!stored) throw conflict('Dit chatgesprek is afgesloten.');
  return stored;
}

/** The bot speaks only while it has the conversation; false when an employee (or the end) came first. */
async function botSays(
  ctx: ChatContext,
  conversationId: string,
  m: Omit<NewMessage, 'sender'> & { matchedArticleId?: string },
) {
  return !!(await storeMessage(ctx, conversationId, { ...m, sender: 'bot', onlyIfStatus: 'bot' }));
}

function cleanText(text: string): string {
  const trimmed = text.replace(/\s+$/u, '').replace(/^\s+/u, '');
  if (!trimmed) throw invalid('text', 'Het bericht is leeg.');
  if (trimmed.length > maxMessageLength) {
    throw invalid('text', `Een bericht is ten hoogste ${maxMessageLength} tekens.`, 'too_long');
  }
  return trimmed;
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

const formatOpening = (at: Date) =>
  new Intl.DateTimeFormat('nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  }).format(at);

/** The team routing picks for a conversation, from its first question and party. */
async function routeConversation(ctx: ChatContext, conversation: Conversation) {
  const firstQuestion = (await messagesSince(ctx.db, conversation.id)).find((m) => m.from === 'resident');
  const decision = await routeInbound(ctx.db, {
    channel: 'webchat',
    subject: firstQuestion?.text.slice(0, 300) ?? null,
    body: firstQuestion?.text ?? null,
    partyId: conversation.partyId,
  });
  return { decision, firstQuestion };
}

/**
 * Hand the conversation to a team queue (routing decides which). Outside opening hours nobody can
 * take it: the resident is offered a callback or an answer by e-mail instead.
 */
export async function requestHandover(ctx: ChatContext, conversationId: string) {
  const conversation = await getConversation(ctx.db, conversationId);
  if (conversation.status !== 'bot') return conversation;
  const { decision } = await routeConversation(ctx, conversation);
  const now = ctx.clock.now();
  const hours = await openingStatus(ctx.db, { channel: 'webchat', teamId: decision.teamId }, now);
  if (!hours.open) {
    const when = hours.nextOpening ? ` Wij zijn weer bereikbaar op ${formatOpening(hours.nextOpening)}.` : '';
    await appendMessage(ctx, conversationId, {
      sender: 'system',
      text: `Er zijn nu geen medewerkers beschikbaar.${when} Laat uw telefoonnummer achter, dan bellen wij u terug, of uw e-mailadres, dan krijgt u het antwoord per e-mail.`,
    });
    return getConversation(ctx.db, conversationId);
  }
  await repo.updateConversation(ctx.db, conversationId, {
    status: 'waiting',
    team_id: decision.teamId,
    waiting_since: now,
  });
  await appendMessage(ctx, conversationId, {
    sender: 'system',
    text: 'U wordt doorverbonden met een medewerker. Een moment geduld alstublieft.',
  });
  ctx.realtime.publish(`team:${decision.teamId}`, { type: 'chat.waiting', data: { conversationId } });
  // A timer in this process: after a restart a long wait is not offered alternatives (the widget's
  // callback button stays available).
  setTimeout(() => {
    offerAlternativesIfStillWaiting(ctx, conversationId).catch(() => {});
  }, ctx.config.chat.maxWaitSeconds * 1000).unref();
  return getConversation(ctx.db, conversationId);
}

export const longWaitText =
  'Het duurt langer dan verwacht voordat een medewerker u kan helpen. U kunt blijven wachten, of kies "Terugbellen of mailen": dan nemen wij contact met u op.';

/** When nobody has taken the chat in time: tell the resident once, and offer a callback or e-mail. */
export async function offerAlternativesIfStillWaiting(ctx: ChatContext, conversationId: string) {
  const conversation = await getConversation(ctx.db, conversationId);
  if (conversation.status !== 'waiting') return;
  const said = (await messagesSince(ctx.db, conversationId)).some((m) => m.text === longWaitText);
  if (!said) await appendMessage(ctx, conversationId, { sender: 'system', text: longWaitText });
}

/**
 * Outside hours or after a long wait: a callback request instead. The request is made first (owned
 * by the team routing picks for web chat), then the conversation ends and is recorded; the address is
 * checked before anything is stored, so a typo changes nothing.
 */
export async function offerCallback(
  ctx: ChatContext,
  conversationId: string,
  input: { channel: 'phone' | 'email'; address: string; settings: AppContext['config']['tasks'] },
) {
  const conversation = await getConversation(ctx.db, conversationId);
  if (conversation.status === 'closed') throw conflict('Dit chatgesprek is afgesloten.');
  const address = input.channel === 'phone' ? normalisePhone(input.address) : normaliseEmail(input.address);
  if (!address) {
    throw invalid(
      'address',
      input.channel === 'phone' ? 'Ongeldig telefoonnummer.' : 'Ongeldig e-mailadres.',
    );
  }
  const { decision: route, firstQuestion } = await routeConversation(ctx, conversation);
  const task = await createTask(
    ctx.db,
    {
      kind: 'callback',
      subject: `Terugbelverzoek uit de webchat${firstQuestion ? `: ${firstQuestion.text.slice(0, 200)}` : ''}`,
      description: 'De inwoner vroeg in de webchat om contact; het chatgesprek staat in het klantbeeld.',
      partyId: conversation.partyId ?? undefined,
      callback: { channel: input.channel, address },
      owner: { kind: 'team', id: route.teamId },
    },
    undefined,
    ctx.clock,
    input.settings,
  );
  const contact = await closeConversation(ctx, conversationId, {
    by: 'resident',
    result: 'Terugbelverzoek aangemaakt',
  });
  return { contactId: contact.id, taskId: task.id };
}

/** Employees: conversations waiting in their teams, and those they are in. */
export async function listForEmployee(db: Db, actor: EmployeeActor) {
  const [waiting, mine] = await Promise.all([
    repo.listConversations(db, { statuses: ['waiting'], teamIds: actor.teamIds }),
    repo.listConversations(db, { statuses: ['human'], employeeId: actor.id }),
  ]);
  return { waiting: waiting.map(toConversation), mine: mine.map(toConversation) };
}

/** May this employee follow the conversation? Its team's members, the employee in it, and admins. */
export async function mayFollow(db: Db, actor: EmployeeActor, conversationId: string): Promise<boolean> {
  const row = await repo.findConversation(db, conversationId).catch(() => null);
  if (!row) return false;
  return (
    actor.permissions.has('admin') ||
    row.employee_id === actor.id ||
    (!!row.team_id && actor.teamIds.includes(row.team_id))
  );
}

export async function claimConversation(ctx: ChatContext, conversationId: string, actor: EmployeeActor) {
  await inTransaction(ctx.db, async (trx) => {
    const row = await repo.findConversation(trx, conversationId, { lock: true });
    if (!row || !(await mayFollow(trx, actor, conversationId))) throw notFound('Chatgesprek');
    if (row.status === 'human' && row.employee_id === actor.id) return;
    if (row.status !== 'waiting') throw conflict('Dit chatgesprek wacht niet (meer) op een medewerker.');
    await repo.updateConversation(trx, conversationId, { status: 'human', employee_id: actor.id });
  });
  await appendMessage(ctx, conversationId, {
    sender: 'system',
    text: `${actor.name.split(' ')[0]} van Gemeente Voorbeeld helpt u verder.`,
  });
  return getConversation(ctx.db, conversationId);
}

export async function employeeMessage(
  ctx: ChatContext,
  conversationId: string,
  actor: EmployeeActor,
  text: string,
) {
  const conversation = await getConversation(ctx.db, conversationId);
  if (conversation.status !== 'human' || conversation.employeeId !== actor.id) {
    throw new AppError('conflict', 'Neem het gesprek eerst aan.');
  }
  return (
    await appendMessage(ctx, conversationId, {
      sender: 'employee',
      text: cleanText(text),
      employeeId: actor.id,
    })
  ).message;
}

export function publishTyping(ctx: ChatContext, conversationId: string, from: 'resident' | 'employee') {
  ctx.realtime.publish(chatTopic(conversationId), { type: 'chat.typing', data: { from } });
}

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
