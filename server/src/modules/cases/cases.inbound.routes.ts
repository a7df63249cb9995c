// Webhooks for case status changes: the Notificaties API's callback and a CloudEvents receiver.
// Both need an application token (Authorization: Token …) with contacts:write, as the Notificaties
// API sends it from the abonnement's `auth`.
import type { Actor } from '../../platform/actor.ts';
import { authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { parseInput } from '../contacts/contacts.schemas.ts';
import {
  applyChange,
  changeFromCloudEvent,
  changeFromNotificatie,
  cloudEventBody,
  notificatieBody,
} from './cases.inbound.ts';
import { zgwFor } from './cases.source.ts';

const writer = (actor: Actor | null | undefined): Actor =>
  can(actor, 'contacts:write') ? (actor as Actor) : authorise(actor, 'admin');

export function inboundRoutes(app: App, ctx: AppContext) {
  const tags = ['zaken'];
  const inbound = (actor: Actor) => ({ db: ctx.db, clock: ctx.clock, zgw: zgwFor(ctx.config), actor });

  // Structured mode: the event is the body. Batched mode: a JSON array of events.
  for (const type of ['application/cloudevents+json', 'application/cloudevents-batch+json']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('invalid', 'De body is geen geldige JSON.'), undefined);
      }
    });
  }

  app.post(
    '/notificaties',
    { schema: { tags, summary: 'Notificaties API: callback voor kanaal zaken', body: notificatieBody } },
    async (req) => {
      const actor = writer(req.actor);
      return { outcome: await applyChange(inbound(actor), changeFromNotificatie(req.body)) };
    },
  );

  app.post(
    '/cloudevents',
    { schema: { tags, summary: 'NL GOV CloudEvents (zaakstatus-gewijzigd); idempotent op source + id' } },
    async (req) => {
      const actor = writer(req.actor);
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (type !== 'application/cloudevents+json' && type !== 'application/cloudevents-batch+json')
        throw new AppError(
          'unsupported_media_type',
          'Stuur een CloudEvent als application/cloudevents+json.',
        );
      const events = Array.isArray(req.body) ? req.body : [req.body];
      if (events.length === 0 || events.length > 100) throw invalid('body', 'Stuur 1 tot 100 events.');
      const results = [];
      for (const [i, raw] of events.entries()) {
        const event = parseInput(cloudEventBody, raw);
        try {
          results.push({
            id: event.id,
            outcome: await applyChange(inbound(actor), changeFromCloudEvent(event)),
          });
        } catch (err) {
          if (err instanceof AppError && events.length > 1)
            throw new AppError(err.code, `Event ${i + 1} (${event.id}): ${err.message}`, err.invalidParams);
          throw err;
        }
      }
      return Array.isArray(req.body) ? { results } : { outcome: results[0]?.outcome };
    },
  );
}
