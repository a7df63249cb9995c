// Beheer over HTTP: employees and roles, teams and members, API tokens. Admin only.
import { z } from 'zod';
import { authorise, roles } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import * as admin from './admin.service.ts';

const idParams = z.object({ id: z.uuid() });
const username = z
  .string()
  .trim()
  .min(2)
  .max(100)
  .regex(/^[a-zA-Z0-9._@-]+$/, 'Gebruik letters, cijfers, punt, koppelteken, @ of liggend streepje.');
const displayName = z.string().trim().min(1).max(200);
const email = z.email().max(254).nullish();
const password = z.string().min(1).max(200); // length rule in the service, with a Dutch message
const roleList = z.array(z.enum(roles)).max(roles.length);
const teamIds = z.array(z.uuid()).max(100);

const newEmployee = z
  .object({
    username,
    displayName,
    email,
    password,
    roles: roleList.default([]),
    teamIds: teamIds.default([]),
  })
  .strict();
const employeePatch = z
  .object({
    displayName: displayName.optional(),
    email,
    roles: roleList.optional(),
    teamIds: teamIds.optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .strict();
const teamCode = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Gebruik kleine letters, cijfers, koppelteken of liggend streepje.');
const newTeam = z.object({ code: teamCode, name: z.string().trim().min(1).max(200) }).strict();
const teamPatch = z.object({ name: z.string().trim().min(1).max(200) }).strict();
const members = z.object({ employeeIds: z.array(z.uuid()).max(1000) }).strict();
const newToken = z
  .object({ name: z.string().trim().min(1).max(100), permissions: z.array(z.string()).max(20).optional() })
  .strict();

export function adminRoutes(app: App, ctx: AppContext) {
  const tags = ['beheer'];

  app.get('/employees', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return { results: await admin.listEmployees(ctx.db) };
  });

  app.post('/employees', { schema: { tags, body: newEmployee } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await admin.createEmployee(ctx.db, req.body));
  });

  app.patch('/employees/:id', { schema: { tags, params: idParams, body: employeePatch } }, async (req) => {
    const actor = authorise(req.actor, 'admin');
    return admin.updateEmployee(ctx.db, req.params.id, req.body, actor.id);
  });

  app.post('/teams', { schema: { tags, body: newTeam } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await admin.createTeam(ctx.db, req.body));
  });

  app.patch('/teams/:id', { schema: { tags, params: idParams, body: teamPatch } }, async (req) => {
    authorise(req.actor, 'admin');
    return admin.renameTeam(ctx.db, req.params.id, req.body.name);
  });

  app.put('/teams/:id/members', { schema: { tags, params: idParams, body: members } }, async (req) => {
    authorise(req.actor, 'admin');
    return admin.setTeamMembers(ctx.db, req.params.id, req.body.employeeIds);
  });

  app.get('/api-tokens', { schema: { tags } }, async (req) => {
    authorise(req.actor, 'admin');
    return admin.listApiTokens(ctx.db);
  });

  app.post('/api-tokens', { schema: { tags, body: newToken } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    return reply.status(201).send(await admin.createApiToken(ctx.db, req.body.name, req.body.permissions));
  });

  app.delete('/api-tokens/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    authorise(req.actor, 'admin');
    await admin.revokeApiToken(ctx.db, req.params.id, ctx.clock.now());
    return reply.status(204).send();
  });
}
