// /betrokkenen: a partij's involvement in a klantcontact (the contacts module's contact_parties).
import { z } from 'zod';
import {
  addInvolvement,
  findInvolvements,
  listInvolvements,
  removeInvolvement,
  updateInvolvement,
} from '../../modules/contacts/contacts.listing.ts';
import { listPartyIds } from '../../modules/parties/parties.listing.ts';
import { authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { notFound } from '../../platform/errors.ts';
import {
  type BetrokkeneInput,
  betrokkeneInput,
  betrokkenePatch,
  detailsOf,
  loadBetrokkenen,
  mapBetrokkenen,
} from './betrokkenen.mapper.ts';
import { partyKindOf } from './codes.ts';
import { loadDigitaleAdressen } from './digitaleadressen.mapper.ts';
import { digitalAddressIdsWhere } from './extras.repo.ts';
import {
  created,
  expandParam,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  queryUrl,
  readLogged,
  urls,
  uuidParam,
} from './http.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const expandable = ['digitaleAdressen'] as const;

const listQuery = z.object({
  ...pageQuery,
  expand: expandParam(expandable),
  contactnaamAchternaam: queryText,
  contactnaamVoorletters: queryText,
  contactnaamVoornaam: queryText,
  contactnaamVoorvoegselAchternaam: queryText,
  organisatienaam: queryText,
  hadKlantcontact__nummer: queryText,
  hadKlantcontact__referentienummer: queryText,
  hadKlantcontact__uuid: z.uuid().optional(),
  hadKlantcontact__url: queryUrl,
  verstrektedigitaalAdres__adres: queryText,
  verstrektedigitaalAdres__uuid: z.uuid().optional(),
  verstrektedigitaalAdres__url: queryUrl,
  wasPartij__nummer: queryText,
  wasPartij__uuid: z.uuid().optional(),
  wasPartij__url: queryUrl,
  wasPartij__partijIdentificator__codeObjecttype: queryText,
  wasPartij__partijIdentificator__codeRegister: queryText,
  wasPartij__partijIdentificator__codeSoortObjectId: z
    .enum(['bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin'])
    .optional(),
  wasPartij__partijIdentificator__objectId: queryText,
});

const nameFilters = [
  ['contactnaamAchternaam', 'surname'],
  ['contactnaamVoorletters', 'initials'],
  ['contactnaamVoornaam', 'givenNames'],
  ['contactnaamVoorvoegselAchternaam', 'surnamePrefix'],
] as const;

export function betrokkenenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const withExpand = async (
    trx: Parameters<typeof loadDigitaleAdressen>[0],
    list: Awaited<ReturnType<typeof mapBetrokkenen>>,
    expand: Set<string>,
  ) => {
    if (!expand.has('digitaleAdressen')) return list;
    const adressen = await loadDigitaleAdressen(
      trx,
      u,
      list.flatMap((b) => b.digitaleAdressen.map((d) => d.uuid)),
    );
    return list.map((b) => ({
      ...b,
      _expand: { digitaleAdressen: adressen.filter((d) => d.verstrektDoorBetrokkene?.uuid === b.uuid) },
    }));
  };

  app.get('/betrokkenen', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const q = req.query;
    const page = pageOf(q);
    return readLogged(ctx, req, async (trx) => {
      let partyIds: string[] | undefined;
      const party = q.wasPartij__uuid ?? q.wasPartij__url;
      if (party) partyIds = [party];
      if (
        q.wasPartij__nummer ||
        q.wasPartij__partijIdentificator__objectId ||
        q.wasPartij__partijIdentificator__codeSoortObjectId
      ) {
        partyIds = (
          await listPartyIds(
            trx,
            {
              ids: partyIds,
              number: q.wasPartij__nummer,
              identifier: {
                type: q.wasPartij__partijIdentificator__codeSoortObjectId,
                value: q.wasPartij__partijIdentificator__objectId,
              },
            },
            { offset: 0, limit: 1000 },
          )
        ).items;
      }
      let ids: string[] | undefined;
      const address = q.verstrektedigitaalAdres__uuid ?? q.verstrektedigitaalAdres__url;
      if (address || q.verstrektedigitaalAdres__adres) {
        const adressen = address ? await loadDigitaleAdressen(trx, u, [address]) : [];
        ids = adressen.map((a) => a.verstrektDoorBetrokkene?.uuid).filter((x): x is string => !!x);
        void digitalAddressIdsWhere;
      }
      const contact = q.hadKlantcontact__uuid ?? q.hadKlantcontact__url;
      // Name filters work on what was told during the contact: filtered after the page is read.
      const named = nameFilters.some(([k]) => q[k]) || !!q.organisatienaam;
      const all = await listInvolvements(
        trx,
        {
          ids,
          partyIds,
          contactIds: contact ? [contact] : undefined,
          contactNumber: q.hadKlantcontact__nummer,
          includeConfidential: can(req.actor, 'contacts:confidential'),
        },
        named ? { offset: 0, limit: 10_000 } : page,
      );
      let items = all.items;
      if (named) {
        items = items.filter((i) => {
          const n = (i.details.name ?? {}) as Record<string, unknown>;
          return (
            nameFilters.every(([k, en]) => !q[k] || n[en] === q[k]) &&
            (!q.organisatienaam || i.details.organisationName === q.organisatienaam)
          );
        });
      }
      const count = named ? items.length : all.count;
      if (named) items = items.slice(page.offset, page.offset + page.limit);
      const results = await withExpand(trx, await mapBetrokkenen(trx, u, items), q.expand);
      void partyKindOf;
      return { result: paginated(ctx, req, page, count, results), partyIds: items.map((i) => i.partyId) };
    });
  });

  app.get(
    '/betrokkenen/:uuid',
    { schema: { params: uuidParam, querystring: z.object({ expand: expandParam(expandable) }) } },
    async (req) => {
      authorise(req.actor, 'contacts:read');
      return readLogged(ctx, req, async (trx) => {
        const [b] = await loadBetrokkenen(trx, u, [req.params.uuid]);
        if (!b) throw notFound('Betrokkene');
        const [result] = await withExpand(trx, [b], req.query.expand);
        return { result, partyIds: [b.wasPartij?.uuid] };
      });
    },
  );

  app.post('/betrokkenen', { schema: { body: betrokkeneInput } }, async (req, reply) => {
    authorise(req.actor, 'contacts:write');
    const b = req.body;
    const result = await ctx.db.transaction().execute(async (trx) => {
      const i = await addInvolvement(
        trx,
        {
          contactId: b.hadKlantcontact.uuid,
          partyId: b.wasPartij?.uuid ?? null,
          role: b.rol,
          initiator: b.initiator,
          details: detailsOf(b),
        },
        ctx.clock.now(),
      );
      return (await loadBetrokkenen(trx, u, [i.id]))[0];
    });
    return created(reply, result as NonNullable<typeof result>);
  });

  const update = (uuid: string, b: BetrokkeneInput) =>
    ctx.db.transaction().execute(async (trx) => {
      const [current] = await findInvolvements(trx, [uuid]);
      if (!current) throw notFound('Betrokkene');
      await updateInvolvement(trx, uuid, {
        ...(b.hadKlantcontact ? { contactId: b.hadKlantcontact.uuid } : {}),
        ...(b.wasPartij !== undefined ? { partyId: b.wasPartij?.uuid ?? null } : {}),
        ...(b.rol ? { role: b.rol } : {}),
        ...(b.initiator !== undefined ? { initiator: b.initiator } : {}),
        details: detailsOf(b, current.details),
      });
      return (await loadBetrokkenen(trx, u, [uuid]))[0];
    });
  updateRoutes(
    app,
    '/betrokkenen',
    'contacts:write',
    { put: betrokkeneInput, patch: betrokkenePatch },
    update,
  );
  deleteRoute(app, '/betrokkenen', 'contacts:write', async (id) => {
    await removeInvolvement(ctx.db, id);
  });
}
