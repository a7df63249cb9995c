// /categorie-relaties: a partij in a category (e.g. 'ondernemer') for a period.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import {
  created,
  fkInputNullable,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  queryUrl,
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import {
  type CategoryRelation,
  listCategoryRelations,
  removeRow,
  saveCategoryRelation,
} from './party-links.repo.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const input = z.object({
  partij: fkInputNullable,
  categorie: fkInputNullable,
  beginDatum: z.iso.date().nullish(),
  eindDatum: z.iso.date().nullish(),
});
const patch = input.partial();
const listQuery = z.object({
  ...pageQuery,
  beginDatum: z.iso.date().optional(),
  eindDatum: z.iso.date().optional(),
  categorie__naam: queryText,
  categorie__uuid: z.uuid().optional(),
  categorie__url: queryUrl,
  partij__nummer: queryText,
  partij__uuid: z.uuid().optional(),
  partij__url: queryUrl,
});

export const toCategorieRelatie = (u: Urls, r: CategoryRelation) => ({
  uuid: r.id,
  url: u.url('categorie-relaties', r.id),
  partij: u.fkOrNull('partijen', r.partyId),
  categorie: r.categoryId ? { ...u.fk('categorieen', r.categoryId), naam: r.categoryName ?? '' } : null,
  beginDatum: r.startDate,
  eindDatum: r.endDate,
});

export function categorieRelatiesRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (id: string) => {
    const [r] = (await listCategoryRelations(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!r) throw notFound('Categorie-relatie');
    return r;
  };

  app.get('/categorie-relaties', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const q = req.query;
    const page = pageOf(q);
    const party = q.partij__uuid ?? q.partij__url;
    const category = q.categorie__uuid ?? q.categorie__url;
    if (q.partij__nummer)
      throw invalid('partij__nummer', 'Filter op partij__uuid; partij__nummer wordt hier niet ondersteund.');
    const found = await listCategoryRelations(
      ctx.db,
      {
        partyIds: party ? [party] : undefined,
        categoryIds: category ? [category] : undefined,
        categoryName: q.categorie__naam,
        startDate: q.beginDatum,
        endDate: q.eindDatum,
      },
      page,
    );
    return paginated(
      ctx,
      req,
      page,
      found.count,
      found.items.map((r) => toCategorieRelatie(u, r)),
    );
  });

  app.get('/categorie-relaties/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'parties:read');
    return toCategorieRelatie(u, await one(req.params.uuid));
  });

  const save = async (id: string, b: z.infer<typeof patch>, current?: CategoryRelation) => {
    const row = {
      id,
      partyId: b.partij !== undefined ? (b.partij?.uuid ?? null) : (current?.partyId ?? null),
      categoryId: b.categorie !== undefined ? (b.categorie?.uuid ?? null) : (current?.categoryId ?? null),
      startDate: b.beginDatum !== undefined ? (b.beginDatum ?? null) : (current?.startDate ?? null),
      endDate: b.eindDatum !== undefined ? (b.eindDatum ?? null) : (current?.endDate ?? null),
    };
    if (row.startDate && row.endDate && row.endDate < row.startDate)
      throw invalid('eindDatum', 'De einddatum ligt voor de begindatum.');
    await saveCategoryRelation(ctx.db, row);
    return toCategorieRelatie(u, await one(id));
  };

  app.post('/categorie-relaties', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    return created(reply, await save(randomUUID(), req.body));
  });
  updateRoutes(app, '/categorie-relaties', 'parties:write', { put: input, patch: patch }, async (id, body) =>
    save(id, body, await one(id)),
  );
  deleteRoute(app, '/categorie-relaties', 'parties:write', async (id) => {
    await removeRow(ctx.db, 'ki_category_relations', id, 'Categorie-relatie');
  });
}
