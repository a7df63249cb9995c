// Proactive chat: the website's widget reports simple signals (time on a page, searching without a
// click, form errors, coming back to the same page); admin-editable rules decide when help is
// offered. Never outside the web chat's opening hours, and at most once per visitor per half hour.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { openingStatus } from '../routing/opening-hours.service.ts';
import type { ProactiveSignal } from './chat.tables.ts';
import * as repo from './proactive.repo.ts';

export const signals = ['time_on_page', 'repeated_search', 'form_error', 'returning'] as const;
export const offerIntervalMs = 30 * 60_000;

export const ruleInput = z.strictObject({
  name: z.string().trim().min(1, 'Geef de regel een naam.').max(200),
  signal: z.enum(signals, { message: `Kies een signaal: ${signals.join(', ')}.` }),
  page: z.string().trim().max(500).default(''),
  threshold: z.number().int().min(1, 'De drempel is ten minste 1.').max(86_400),
  message: z.string().trim().min(1, 'Schrijf de tekst van het aanbod.').max(500),
  active: z.boolean().default(true),
});
export type RuleInput = z.input<typeof ruleInput>;

export const signalInput = z.strictObject({
  visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'Ongeldige bezoekers-id.'),
  page: z.string().max(2000),
  signal: z.enum(signals),
  value: z.number().int().min(0).max(1_000_000),
});

const toRule = (r: Awaited<ReturnType<typeof repo.listRules>>[number]) => ({
  id: r.id,
  name: r.name,
  signal: r.signal,
  page: r.page,
  threshold: r.threshold,
  message: r.message,
  active: r.active,
});

export const listRules = async (db: Db) => (await repo.listRules(db)).map(toRule);

export async function createRule(db: Db, input: z.output<typeof ruleInput>, now: Date) {
  const id = randomUUID();
  await repo.insertRule(db, { id, ...input, created_at: now });
  return (await listRules(db)).find((r) => r.id === id);
}

export async function updateRule(db: Db, id: string, input: z.output<typeof ruleInput>) {
  if (!(await repo.updateRule(db, id, input))) throw notFound('Regel');
  return (await listRules(db)).find((r) => r.id === id);
}

export async function deleteRule(db: Db, id: string) {
  if (!(await repo.deleteRule(db, id))) throw notFound('Regel');
}

/** A signal from a visitor's page: the offer to show, or null. */
export async function offerFor(db: Db, input: z.output<typeof signalInput>, now: Date) {
  let path: string;
  try {
    path = new URL(input.page, 'https://example.invalid').pathname;
  } catch {
    throw invalid('page', 'Ongeldig pagina-adres.');
  }
  const rule = (await repo.activeRulesFor(db, input.signal as ProactiveSignal)).find(
    (r) => input.value >= r.threshold && (!r.page || path.includes(r.page)),
  );
  if (!rule) return null;
  const hours = await openingStatus(db, { channel: 'webchat' }, now);
  if (!hours.open) return null; // nobody could take over: do not invite a conversation
  const mayOffer = await repo.claimOffer(
    db,
    input.visitorId,
    rule.id,
    now,
    new Date(now.getTime() - offerIntervalMs),
  );
  return mayOffer ? { ruleId: rule.id, message: rule.message } : null;
}
