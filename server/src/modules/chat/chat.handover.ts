// Web chat handover: routing picks the team, opening hours decide whether someone can take the chat
// now, a long wait or closed hours offer a callback instead; the employee side claims and answers.
import type { Db } from '../../db/connect.ts';
import type { EmployeeActor } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/app.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import { normaliseEmail, normalisePhone } from '../parties/validation.ts';
import { openingStatus } from '../routing/opening-hours.service.ts';
import { routeInbound } from '../routing/routing.service.ts';
import { createTask } from '../tasks/tasks.service.ts';
import {
  appendMessage,
  type ChatContext,
  type Conversation,
  cleanText,
  getConversation,
  messagesSince,
  toConversation,
} from './chat.messages.ts';
import { closeConversation } from './chat.record.ts';
import * as repo from './chat.repo.ts';

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
