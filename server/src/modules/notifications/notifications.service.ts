// Notifications to residents and businesses: queued in the transaction of what caused them (exactly
// once per dedupe key), sent later by notifications.delivery.ts on the channel the party prefers.
// Here: queueing, the admin's templates (with history) and the dead-letter list.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import { getParties } from '../parties/parties.service.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import * as repo from './notifications.repo.ts';
import type { NotificationChannel, NotificationKind } from './notifications.tables.ts';
import {
  allowedPlaceholders,
  isTemplateCode,
  placeholdersOf,
  render,
  renderSubject,
  type TemplateCode,
  templateChannels,
  usedPlaceholders,
  valuesFor,
} from './notifications.templates.ts';

export type NewNotification = {
  partyId: string;
  kind: NotificationKind;
  templateCode: string;
  data: Record<string, string>;
  dedupeKey: string;
  caseId?: string;
  announcementId?: string;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queues one message in the caller's transaction; false when its dedupe key was seen before. */
export async function queueNotification(db: Db, n: NewNotification, now: Date): Promise<boolean> {
  return repo.insertNotification(db, {
    id: randomUUID(),
    dedupe_key: n.dedupeKey.slice(0, 1000),
    party_id: n.partyId,
    message_kind: n.kind,
    template_code: n.templateCode,
    data: JSON.stringify(n.data),
    // A case in a ZGW system is known by its URL, not a uuid: then only its number (in data) links it.
    case_id: n.caseId && uuid.test(n.caseId) ? n.caseId : null,
    announcement_id: n.announcementId ?? null,
    next_attempt_at: now,
    created_at: now,
  });
}

/** What was queued for a party, oldest first (tests, support). */
export const notificationsOfParty = repo.findNotificationsOfParty;

// ── Templates ────────────────────────────────────────────────────────────────

export type Template = {
  code: string;
  channel: NotificationChannel;
  language: string;
  subject: string;
  body: string;
  placeholders: string[];
  updatedAt: Date;
  updatedBy: string | null;
};

export async function listTemplates(db: Db): Promise<Template[]> {
  return (await repo.allTemplates(db)).map((t) => ({
    code: t.code,
    channel: t.channel,
    language: t.language,
    subject: t.subject,
    body: t.body,
    placeholders: isTemplateCode(t.code) ? allowedPlaceholders(t.code) : ['naam'],
    updatedAt: t.updated_at,
    updatedBy: t.updated_by,
  }));
}

function checkPlaceholders(code: TemplateCode, field: 'subject' | 'body', text: string) {
  const allowed = allowedPlaceholders(code);
  const unknown = usedPlaceholders(text).filter((p) => !allowed.includes(p));
  if (unknown.length === 0) return;
  const list = allowed.map((p) => `{{${p}}}`).join(', ');
  throw invalid(
    field,
    `Onbekende plaatshouder ${unknown.map((p) => `{{${p}}}`).join(', ')}. U kunt gebruiken: ${list}.`,
    'placeholder',
  );
}

/** An admin's edit: checked, the previous text kept in the history. A new language adds a translation. */
export async function saveTemplate(
  db: Db,
  key: { code: string; channel: string; language: string },
  input: { subject: string; body: string },
  actor: Actor,
  now: Date,
): Promise<Template> {
  if (!isTemplateCode(key.code)) throw notFound('Berichtsjabloon');
  if (!templateChannels.includes(key.channel as NotificationChannel))
    throw invalid('channel', `Onbekend kanaal '${key.channel}'. Kies e-mail, sms, whatsapp of post.`);
  if (!/^[a-z]{2}$/.test(key.language))
    throw invalid('language', 'Geef de taal als code van twee letters, bijvoorbeeld nl of en.');
  if (key.code === 'verification_code' && key.channel === 'post')
    throw invalid('channel', 'Een controlecode gaat niet per post.');
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  const subject = input.subject.trim();
  if (!body) throw invalid('body', 'De tekst van het bericht mag niet leeg zijn.', 'empty');
  checkPlaceholders(key.code, 'subject', subject);
  checkPlaceholders(key.code, 'body', body);
  const updatedBy = actor.kind === 'employee' ? actor.id : null;
  await inTransaction(db, async (trx) => {
    const previous = await repo.findTemplate(trx, key.code, key.channel, key.language);
    await repo.saveTemplate(
      trx,
      previous,
      {
        code: key.code,
        channel: key.channel as NotificationChannel,
        language: key.language,
        subject,
        body,
        updated_at: now,
        updated_by: updatedBy,
      },
      randomUUID(),
    );
  });
  return {
    ...key,
    channel: key.channel as NotificationChannel,
    subject,
    body,
    placeholders: allowedPlaceholders(key.code),
    updatedAt: now,
    updatedBy,
  };
}

export async function templateVersions(db: Db, key: { code: string; channel: string; language: string }) {
  const rows = await repo.templateHistory(db, key.code, key.channel, key.language);
  return rows.map((r) => ({ subject: r.subject, body: r.body, savedAt: r.saved_at, savedBy: r.saved_by }));
}

/** A text ready to send, for a message that does not go through the outbox (a verification code). */
export async function renderTemplate(
  db: Db,
  key: { code: TemplateCode; channel: NotificationChannel; language?: string },
  data: Record<string, string>,
  name: string,
) {
  const templates = await loadTemplates(db);
  const t = pickTemplate(templates, key.code, key.channel, key.language ?? 'nl');
  if (!t) throw notFound('Berichtsjabloon');
  const values = valuesFor(key.code, data, name);
  return { subject: renderSubject(t.subject, values), text: render(t.body, values) };
}

export type TemplateSet = Map<string, { subject: string; body: string }>;

export async function loadTemplates(db: Db): Promise<TemplateSet> {
  return new Map((await repo.allTemplates(db)).map((t) => [`${t.code}:${t.channel}:${t.language}`, t]));
}

/** The party's language, else Dutch. */
export const pickTemplate = (set: TemplateSet, code: string, channel: string, language: string) =>
  set.get(`${code}:${channel}:${language}`) ?? set.get(`${code}:${channel}:nl`);

export { placeholdersOf };

// ── Dead letters ─────────────────────────────────────────────────────────────

export type DeadNotification = {
  id: string;
  partyId: string;
  partyName: string;
  kind: NotificationKind;
  templateCode: string;
  channel: NotificationChannel | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
};

/** What could not be delivered; showing whom it was for is a read of their data, so it is logged. */
export async function listDead(db: Db, actor: Actor, now: Date, limit = 200): Promise<DeadNotification[]> {
  const rows = await repo.findDead(db, limit);
  const names = new Map(
    (
      await getParties(
        db,
        rows.map((r) => r.party_id),
      )
    ).map((p) => [p.id, p.displayName]),
  );
  await logRead(
    db,
    rows.map((r) => r.party_id),
    { actor, endpoint: 'GET /notifications/dead', at: now, purpose: 'bezorging van berichten' },
  );
  return rows.map((r) => ({
    id: r.id,
    partyId: r.party_id,
    partyName: names.get(r.party_id) ?? '',
    kind: r.message_kind,
    templateCode: r.template_code,
    channel: r.channel,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
  }));
}

/** An admin sends a dead message again: back in the queue, due now. */
export async function retryNotification(db: Db, id: string, now: Date) {
  if (!uuid.test(id)) throw notFound('Bericht');
  const row = await repo.findNotification(db, id);
  if (!row) throw notFound('Bericht');
  if (!(await repo.requeueDead(db, id, now))) {
    if (row.status === 'sent') throw conflict('Dit bericht is al verstuurd.');
    throw new AppError('conflict', 'Dit bericht staat al in de wachtrij.');
  }
  return { id, status: 'queued' as const };
}
