// Sending what is queued, in batches sized for a fan-out (an announcement to 100,000 subscribers):
// claim a batch (SKIP LOCKED, leased), read the parties, their choices and the templates once per
// batch, send everything concurrently (e-mail over a pooled SMTP transport), then settle the whole
// batch in one transaction: the outbound contacts in the parties' timelines and the rows marked sent
// or failed, a few statements per batch rather than per message.
//
// Exactly once: a row is claimed by one worker only, and is marked sent in the transaction that
// stores its contact. The one window is a crash after sending and before that transaction commits:
// the lease then runs out and that batch (at most `limit` messages, sent seconds earlier) is sent
// again. Keeping batches small and settling right after sending keeps that window small. A slow or
// unreachable relay must not stretch a batch past its lease either (another worker would claim the
// rows and send them too): a message not handed to the relay within half the lease waits for its
// retry instead, and the pooled transport's timeouts bound each send.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { backoffMs } from '../../platform/backoff.ts';
import type { Clock } from '../../platform/clock.ts';
import { ProviderError } from '../channels/messaging/provider.ts';
import { checkAttachment } from '../contacts/attachments.service.ts';
import { type BatchContactInput, registerContacts } from '../contacts/contacts.batch.ts';
import { linkContactsToCase } from '../contacts/contacts.case-links.ts';
import { inTransaction } from '../contacts/contacts.service.ts';
import { listChannels } from '../contacts/reference-lists.service.ts';
import { describeFailure, type MailTransport } from '../outbox/outbox.service.ts';
import type { PartyDetails } from '../parties/parties.schemas.ts';
import { getParties } from '../parties/parties.service.ts';
import { chooseRoute, mailTransportFor, phoneProviders, type Route } from './notifications.channels.ts';
import { letterPdf } from './notifications.letter.ts';
import * as repo from './notifications.repo.ts';
import { loadTemplates, pickTemplate } from './notifications.service.ts';
import { render, renderSubject, valuesFor } from './notifications.templates.ts';

export type NotifyContext = {
  db: Db;
  config: Config;
  clock: Clock;
  /** Overrides the configured relay (tests); null: no e-mail can be sent now. */
  mail?: MailTransport | null;
};

const leaseMs = 5 * 60_000;
/** Messages handed to the senders at once per batch: enough that no SMTP connection waits for work. */
const inFlightPerConnection = 4;
const retryDelayMs = (attempts: number) => backoffMs(attempts, 30_000, 60 * 60_000);

type Message = {
  row: repo.ClaimedNotification;
  party: PartyDetails;
  route: Route;
  subject: string;
  text: string;
  letter?: Buffer;
};
type Failure = {
  row: repo.ClaimedNotification;
  error: string;
  permanent: boolean;
  channel: Route['channel'] | null;
};

/** Thrown while preparing or sending; the reason never holds the message text. */
class NotSent extends Error {
  constructor(
    reason: string,
    readonly permanent: boolean,
  ) {
    super(reason);
  }
}

function describe(err: unknown): { error: string; permanent: boolean } {
  if (err instanceof NotSent) return { error: err.message, permanent: err.permanent };
  if (err instanceof ProviderError) return { error: err.message, permanent: !err.retryable };
  if ((err as { responseCode?: unknown })?.responseCode !== undefined || (err as { code?: unknown })?.code) {
    const f = describeFailure(err);
    return { error: f.reason, permanent: f.permanent };
  }
  return { error: `intern: ${(err as Error)?.name ?? 'Error'}`, permanent: false };
}

/** Sends what is due, one batch. Returns how many were sent, will be retried, and went dead. */
export async function deliverDueNotifications(ctx: NotifyContext, limit = 500) {
  const outcome = { sent: 0, retried: 0, dead: 0 };
  const now = ctx.clock.now();
  const claimed = await repo.claimDue(ctx.db, now, new Date(now.getTime() + leaseMs), limit);
  if (claimed.length === 0) return outcome;

  const partyIds = [...new Set(claimed.map((r) => r.party_id))];
  const [parties, preferences, templates, channels] = await Promise.all([
    getParties(ctx.db, partyIds),
    repo.findPreferences(ctx.db, partyIds),
    loadTemplates(ctx.db),
    listChannels(ctx.db, { active: true }),
  ]);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const active = new Set(channels.map((c) => c.code));
  const providers = phoneProviders(ctx.config);
  const mail = ctx.mail === undefined ? mailTransportFor(ctx.config) : ctx.mail;
  const sender = ctx.config.mail.from.replace(/\s*<[^>]*>\s*$/, '').trim() || 'Uw gemeente';

  const chosen = new Map<string, Route['channel']>();
  const prepare = async (row: repo.ClaimedNotification): Promise<Message> => {
    const party = partyById.get(row.party_id);
    if (!party) throw new NotSent('partij bestaat niet meer', true);
    const route = chooseRoute(party, preferences.get(`${party.id}:${row.message_kind}`), {
      sms: !!providers.sms,
      whatsapp: !!providers.whatsapp,
    });
    if (!route) throw new NotSent('geen e-mailadres, telefoonnummer of postadres', true);
    chosen.set(row.id, route.channel);
    if (!active.has(route.channel)) throw new NotSent(`kanaal ${route.channel} is uitgeschakeld`, false);
    const template = pickTemplate(templates, row.template_code, route.channel, party.language || 'nl');
    if (!template) throw new NotSent(`geen sjabloon ${row.template_code} voor ${route.channel}`, false);
    const values = valuesFor(row.template_code, row.data, party.displayName);
    const text = render(template.body, values);
    if (!text) throw new NotSent('het sjabloon levert een leeg bericht op', false);
    const subject = (renderSubject(template.subject, values) || text.split('\n')[0] || '').slice(0, 300);
    return { row, party, route, subject, text };
  };

  const sendBefore = performance.now() + leaseMs / 2; // wall time: the lease runs in real time
  const send = async (m: Message) => {
    const id = m.row.id;
    if (performance.now() > sendBefore) throw new NotSent('niet binnen de lease verzonden', false);
    if (m.route.channel === 'email') {
      if (!mail) throw new NotSent('geen SMTP-relay ingesteld (LOKET_SMTP_RELAY_URL)', false);
      await mail.send({ to: m.route.address, subject: m.subject, text: m.text });
    } else if (m.route.channel === 'post') {
      m.letter = await letterPdf({
        sender,
        recipient: m.party.displayName,
        address: m.route.lines,
        date: now,
        subject: m.subject,
        text: m.text,
      });
    } else {
      const p = providers[m.route.channel];
      if (!p) throw new NotSent(`${m.route.channel} is niet ingesteld`, false);
      await p.provider.send({
        id,
        channel: m.route.channel,
        from: p.from,
        to: m.route.address,
        text: m.text,
        at: now,
      });
    }
    return m;
  };

  const width = Math.max(16, ctx.config.notify.smtpConnections * inFlightPerConnection);
  const results = await settleEach(claimed, width, (row) => prepare(row).then(send));
  const sent: Message[] = [];
  const failed: Failure[] = [];
  results.forEach((r, i) => {
    const row = claimed[i] as repo.ClaimedNotification;
    if (r.status === 'fulfilled') sent.push(r.value);
    else failed.push({ row, ...describe(r.reason), channel: chosen.get(row.id) ?? null });
  });

  const failures = failed.map((f) => ({
    id: f.row.id,
    dead: f.permanent || f.row.attempts >= ctx.config.notify.maxAttempts,
    retryAt: new Date(now.getTime() + retryDelayMs(f.row.attempts)),
    error: f.error.slice(0, 300),
    channel: f.channel,
  }));
  const sentRows = (ids: (string | null)[]) =>
    sent.map((m, i) => ({
      id: m.row.id,
      channel: m.route.channel,
      address: m.route.address,
      contactId: ids[i] ?? null,
    }));
  try {
    await inTransaction(ctx.db, async (trx) => {
      const contacts = await registerContacts(
        trx,
        sent.map((m) => contactOf(m, now, ctx.config)),
        ctx.clock,
      );
      await repo.markSent(trx, sentRows(contacts.map((c) => c.id)), now);
      // Case messages are few (the fan-out is announcements), so one statement each is fine here.
      await linkContactsToCase(
        trx,
        sent.flatMap((m, i) => {
          const zaak = m.row.data.zaaknummer;
          const contactId = contacts[i]?.id;
          return zaak && contactId ? [{ contactId, caseReference: zaak }] : [];
        }),
        now,
      );
      await repo.markFailed(trx, failures);
    });
  } catch (err) {
    // The messages are out: if their contacts cannot be stored, still mark them sent, so a resident
    // never gets them twice (the timeline then misses them; sent rows without contact_id show it).
    await inTransaction(ctx.db, async (trx) => {
      await repo.markSent(trx, sentRows([]), now);
      await repo.markFailed(trx, failures);
    });
    throw err; // settled all the same; the scheduler reports it
  }
  outcome.sent = sent.length;
  for (const f of failures) {
    if (f.dead) outcome.dead++;
    else outcome.retried++;
  }
  return outcome;
}

/** Like Promise.allSettled over items.map(fn), with at most `width` calls running at once. */
async function settleEach<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>) {
  const results: PromiseSettledResult<R>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

export type DeliveryTotals = { sent: number; retried: number; dead: number };

/**
 * Batch after batch while they come full (a fan-out), as the scheduler runs it, within a share of
 * wall time. One batch first; when it came full, `lanes` loops take batches at once, so that while
 * one lane waits on its claim or its settling transaction the others have mail on the wire. Lanes
 * are workers like any other: SKIP LOCKED gives each its own rows, so nothing goes out twice.
 */
export async function deliverNotifications(
  ctx: NotifyContext,
  options: { lanes?: number; batch?: number; budgetMs?: number } = {},
): Promise<DeliveryTotals> {
  const { lanes = 4, batch = 500, budgetMs = 30_000 } = options;
  const until = performance.now() + budgetMs; // wall time the worker spends, not the domain clock
  const total: DeliveryTotals = { sent: 0, retried: 0, dead: 0 };
  const add = (r: DeliveryTotals) => {
    total.sent += r.sent;
    total.retried += r.retried;
    total.dead += r.dead;
    return r.sent + r.retried + r.dead >= batch;
  };
  let more = add(await deliverDueNotifications(ctx, batch));
  let failure: unknown = null;
  const lane = async () => {
    while (more && performance.now() < until) {
      try {
        if (!add(await deliverDueNotifications(ctx, batch))) more = false;
      } catch (err) {
        more = false; // the other lanes finish their batch; the first error goes to the scheduler
        failure ??= err;
      }
    }
  };
  if (more) await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure;
  return total;
}

/** The message in the party's timeline: an outbound contact on its channel (linked to its case above). */
function contactOf(m: Message, now: Date, config: Config): BatchContactInput {
  return {
    channel: m.route.channel,
    direction: 'out',
    subject: m.subject,
    content: m.text.slice(0, 50_000),
    occurredAt: now,
    teamId: null,
    parties: [{ partyId: m.party.id, role: 'klant', initiator: false, details: {} }],
    attachments: m.letter
      ? [
          checkAttachment(
            { filename: `brief-${m.row.id.slice(0, 8)}.pdf`, contentType: 'application/pdf', data: m.letter },
            Math.max(config.attachmentLimit, m.letter.length),
          ),
        ]
      : [],
  };
}
