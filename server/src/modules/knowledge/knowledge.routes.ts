// Knowledge base (kennisbank). Employees read and search; admins edit and import. The public
// endpoints serve published articles without work instructions, for the portal and the chatbot.
import { z } from 'zod';
import { authorise, can, requireActor } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import {
  articleInput,
  articlePatch,
  importBody,
  publicSearchQuery,
  searchQuery,
  suggestionsQuery,
} from './knowledge.schemas.ts';
import * as knowledge from './knowledge.service.ts';

const idParams = z.object({ id: z.string().trim().min(1).max(100) });
const tags = ['kennisbank'];

export function knowledgeRoutes(app: App, ctx: AppContext) {
  app.get('/knowledge', { schema: { tags, querystring: searchQuery } }, async (req) => {
    const actor = requireActor(req.actor);
    return knowledge.searchArticles(ctx.db, req.query, 'internal', { includeDrafts: can(actor, 'admin') });
  });

  app.get('/knowledge/suggestions', { schema: { tags, querystring: suggestionsQuery } }, async (req) => {
    requireActor(req.actor);
    return {
      reason: req.query.reason,
      results: await knowledge.suggestArticles(ctx.db, req.query.reason, req.query.limit),
    };
  });

  app.post('/knowledge/import', { schema: { tags, body: importBody } }, async (req) => {
    const actor = authorise(req.actor, 'admin');
    return knowledge.importArticles(ctx.db, req.body, knowledge.editorOf(actor), ctx.clock.now());
  });

  app.post('/knowledge', { schema: { tags, body: articleInput } }, async (req, reply) => {
    const actor = authorise(req.actor, 'admin');
    const article = await knowledge.createArticle(
      ctx.db,
      req.body,
      knowledge.editorOf(actor),
      ctx.clock.now(),
    );
    return reply.status(201).send(article);
  });

  app.get('/knowledge/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req.actor);
    return knowledge.getArticle(ctx.db, req.params.id, { includeDrafts: can(actor, 'admin') });
  });

  app.patch('/knowledge/:id', { schema: { tags, params: idParams, body: articlePatch } }, async (req) => {
    const actor = authorise(req.actor, 'admin');
    return knowledge.updateArticle(
      ctx.db,
      req.params.id,
      req.body,
      knowledge.editorOf(actor),
      ctx.clock.now(),
    );
  });

  app.get('/knowledge/:id/history', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req.actor);
    if (!can(actor, 'admin')) await knowledge.getArticle(ctx.db, req.params.id); // drafts stay with editors
    return knowledge.articleHistory(ctx.db, req.params.id);
  });

  // Public: no login. Published articles only, and never the work instructions.
  app.get('/public/knowledge', { schema: { tags, querystring: publicSearchQuery } }, async (req) => {
    const found = await knowledge.searchArticles(ctx.db, req.query, 'public');
    return {
      ...found,
      results: found.results.map(({ status: _s, ...hit }) => hit),
    };
  });

  app.get('/public/knowledge/:id', { schema: { tags, params: idParams } }, async (req) =>
    knowledge.getPublishedArticle(ctx.db, req.params.id),
  );
}
