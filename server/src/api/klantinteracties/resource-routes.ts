// The route wiring every Klantinteracties resource repeats: PUT + PATCH of one resource and its
// DELETE. Each resource keeps its own list, read and create routes (their filters differ).
import type { z } from 'zod';
import { type Actor, authorise, type Permission } from '../../platform/actor.ts';
import type { App } from '../../platform/app.ts';
import { uuidParam } from './http.ts';

/**
 * `PUT <path>/:uuid` with the full body and `PATCH <path>/:uuid` with a partial one; the standard
 * answers both with the updated resource (200), so both go to the same `update`.
 */
export function updateRoutes<P>(
  app: App,
  path: string,
  permission: Permission,
  body: { put: z.ZodType<P>; patch: z.ZodType<P> },
  update: (id: string, body: P, actor: Actor) => Promise<unknown>,
) {
  app.put(`${path}/:uuid`, { schema: { params: uuidParam, body: body.put } }, async (req) =>
    update(req.params.uuid, req.body as P, authorise(req.actor, permission)),
  );
  app.patch(`${path}/:uuid`, { schema: { params: uuidParam, body: body.patch } }, async (req) =>
    update(req.params.uuid, req.body as P, authorise(req.actor, permission)),
  );
}

/** `DELETE <path>/:uuid`: 204 without a body once `remove` is done (it throws 404 itself). */
export function deleteRoute(
  app: App,
  path: string,
  permission: Permission,
  remove: (id: string, actor: Actor) => Promise<unknown>,
) {
  app.delete(`${path}/:uuid`, { schema: { params: uuidParam } }, async (req, reply) => {
    const actor = authorise(req.actor, permission);
    await remove(req.params.uuid, actor);
    return reply.status(204).send();
  });
}
