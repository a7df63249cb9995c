// POST /api/v1/telephony/events: call events from the telephone platform. No login: the HMAC
// signature over the raw body is the authentication (telephony.signature.ts, README "Telefonie").
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, AppContext } from '../../../platform/app.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { problem } from '../../../platform/http-errors.ts';
import { parseInput } from '../../contacts/contacts.schemas.ts';
import { acceptCallEvent, kickTelephony } from './telephony.inbox.ts';
import { callEvent } from './telephony.schemas.ts';
import { verifySignature } from './telephony.signature.ts';

const tags = ['kanalen'];

export function telephonyRoutes(app: App, ctx: AppContext) {
  // Scoped: only this route takes the body as raw bytes (the signature is over the bytes as sent).
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post(
      '/telephony/events',
      {
        schema: {
          tags,
          summary: 'Gebeurtenis van een telefoongesprek (ondertekend met HMAC-SHA256)',
          description:
            'Headers: X-Loket-Timestamp (Unix-tijd in seconden) en X-Loket-Signature: sha256=<hex> (HMAC-SHA256 van `<timestamp>.<body>`).',
        },
      },
      async (req, reply) => {
        const secret = ctx.config.telephony.secret;
        if (!secret) {
          return reply
            .status(503)
            .type('application/problem+json')
            .send(
              problem(
                req,
                503,
                'not_configured',
                'Telefonie is niet ingesteld (LOKET_TELEPHONY_SECRET ontbreekt).',
              ),
            );
        }
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!verifySignature(req.headers, secret, raw, ctx.clock.now())) {
          throw new AppError(
            'unauthenticated',
            'De handtekening ontbreekt, klopt niet of is verlopen (X-Loket-Signature, X-Loket-Timestamp).',
          );
        }
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw invalid('body', 'De body is geen geldige JSON.');
        }
        const result = await acceptCallEvent(ctx, parseInput(callEvent, body));
        // Processed in the background (screen pop, contact): the platform need not wait for it.
        if (result.status === 'accepted') void kickTelephony(ctx);
        return reply.status(202).send(result);
      },
    );
  });
}
