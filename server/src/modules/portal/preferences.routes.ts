// MijnGemeente preferences under /api/v1/mijn: digital addresses verified by a code, the channel per
// kind of message and the language. Thin: parse, the resident's session, call, answer.
import type { App, AppContext } from '../../platform/app.ts';
import { problem } from '../../platform/http-errors.ts';
import { requireResident } from './portal.session.ts';
import { addressParam, newAddressBody, preferencesBody, verifyBody } from './preferences.schemas.ts';
import { getPreferences, removeAddress, setPreferences, setPreferredAddress } from './preferences.service.ts';
import { requestCode, verifyCode, WrongCode } from './preferences.verification.ts';

const tags = ['mijn'];

export function preferencesRoutes(app: App, ctx: AppContext) {
  app.get('/mijn/preferences', { schema: { tags } }, async (req) =>
    getPreferences(ctx.db, requireResident(ctx, req), ctx.clock.now()),
  );

  app.put('/mijn/preferences', { schema: { tags, body: preferencesBody } }, async (req) =>
    setPreferences(ctx.db, requireResident(ctx, req), req.body, ctx.clock.now()),
  );

  app.post('/mijn/digital-addresses', { schema: { tags, body: newAddressBody } }, async (req, reply) => {
    const started = await requestCode(ctx, requireResident(ctx, req), req.body);
    return reply.status(202).send(started);
  });

  app.post('/mijn/digital-addresses/verify', { schema: { tags, body: verifyBody } }, async (req, reply) => {
    const r = requireResident(ctx, req);
    try {
      return reply.status(201).send(await verifyCode(ctx, r, req.body));
    } catch (err) {
      if (!(err instanceof WrongCode)) throw err;
      const body = {
        ...problem(req, 400, err.code, err.message, err.invalidParams),
        attemptsLeft: err.attemptsLeft,
      };
      return reply.status(400).type('application/problem+json').send(body);
    }
  });

  app.put('/mijn/digital-addresses/:id/preferred', { schema: { tags, params: addressParam } }, async (req) =>
    setPreferredAddress(ctx.db, requireResident(ctx, req), req.params.id, ctx.clock.now()),
  );

  app.delete(
    '/mijn/digital-addresses/:id',
    { schema: { tags, params: addressParam } },
    async (req, reply) => {
      await removeAddress(ctx.db, requireResident(ctx, req), req.params.id, ctx.clock.now());
      return reply.status(204).send();
    },
  );
}
