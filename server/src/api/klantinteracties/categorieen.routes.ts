// /categorieen: the categories a partij can be in (e.g. 'ondernemer'), with /categorie-relaties.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { created, pageOf, pageQuery, paginated, type Urls, urls, uuidParam } from './http.ts';
import { type Category, listCategories, removeRow, saveCategory } from './party-links.repo.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const input = z.object({ naam: z.string().trim().min(1).max(80) });

const toCategorie = (u: Urls, c: Category) => ({ uuid: c.id, url: u.url('categorieen', c.id), naam: c.name });

export function categorieenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (id: string) => {
    const [c] = (await listCategories(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!c) throw notFound('Categorie');
    return c;
  };

  app.get('/categorieen', { schema: { querystring: z.object(pageQuery) } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const page = pageOf(req.query);
    const found = await listCategories(ctx.db, {}, page);
    return paginated(
      ctx,
      req,
      page,
      found.count,
      found.items.map((c) => toCategorie(u, c)),
    );
  });

  app.get('/categorieen/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'parties:read');
    return toCategorie(u, await one(req.params.uuid));
  });

  const save = async (c: Category) => {
    try {
      await saveCategory(ctx.db, c);
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw conflict(`Categorie '${c.name}' bestaat al.`, 'naam');
      throw err;
    }
    return toCategorie(u, c);
  };

  app.post('/categorieen', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    return created(reply, await save({ id: randomUUID(), name: req.body.naam }));
  });
  const update = async (id: string, naam: string | undefined) => {
    const current = await one(id);
    return save({ id, name: naam ?? current.name });
  };
  updateRoutes(app, '/categorieen', 'parties:write', { put: input, patch: input.partial() }, (id, body) =>
    update(id, body.naam),
  );
  deleteRoute(app, '/categorieen', 'parties:write', async (id) => {
    await removeRow(ctx.db, 'ki_categories', id, 'Categorie');
  });
}
