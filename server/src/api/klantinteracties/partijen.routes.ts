// /partijen: persons, organisations and contact persons, on the parties module.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { deleteParty, listPartyIds } from '../../modules/parties/parties.listing.ts';
import * as parties from '../../modules/parties/parties.service.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid } from '../../platform/errors.ts';
import { loadBetrokkenen } from './betrokkenen.mapper.ts';
import { toCategorieRelatie } from './categorie-relaties.routes.ts';
import { checkIdentifierCodes, partyKindOf } from './codes.ts';
import { loadDigitaleAdressen } from './digitaleadressen.mapper.ts';
import {
  created,
  expandParam,
  pageOf,
  pageQuery,
  paginated,
  queryBool,
  queryText,
  queryUrl,
  readLogged,
  urls,
  uuidParam,
} from './http.ts';
import { loadKlantcontacten } from './klantcontacten.mapper.ts';
import {
  addressesOf,
  createInputOf,
  loadPartijen,
  type Partij,
  type PartijPatch,
  partijInput,
  partijPatch,
  partyFieldsOf,
} from './partijen.mapper.ts';
import { listCategoryRelations, listRepresentations, setPreferredBankAccount } from './party-links.repo.ts';
import { deleteRoute } from './resource-routes.ts';

const expandable = [
  'betrokkenen',
  'betrokkenen.hadKlantcontact',
  'categorieRelaties',
  'digitaleAdressen',
] as const;
type Expand = Set<(typeof expandable)[number]>;

const listQuery = z.object({
  ...pageQuery,
  expand: expandParam(expandable),
  soortPartij: z.enum(['persoon', 'organisatie', 'contactpersoon']).optional(),
  nummer: queryText,
  indicatieActief: queryBool,
  indicatieGeheimhouding: queryBool,
  partijIdentificator__codeObjecttype: queryText,
  partijIdentificator__codeRegister: queryText,
  partijIdentificator__codeSoortObjectId: z
    .enum(['bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin'])
    .optional(),
  partijIdentificator__objectId: queryText,
  vertegenwoordigdePartij__uuid: z.uuid().optional(),
  vertegenwoordigdePartij__url: queryUrl,
  categorierelatie__categorie__naam: queryText,
  bezoekadresNummeraanduidingId: queryText,
  bezoekadresLand: queryText,
  bezoekadresAdresregel1: queryText,
  bezoekadresAdresregel2: queryText,
  bezoekadresAdresregel3: queryText,
  correspondentieadresNummeraanduidingId: queryText,
  correspondentieadresLand: queryText,
  correspondentieadresAdresregel1: queryText,
  correspondentieadresAdresregel2: queryText,
  correspondentieadresAdresregel3: queryText,
});

/** Partijen with `_expand` filled in as asked. */
async function withExpand(db: Db, u: ReturnType<typeof urls>, list: Partij[], expand: Expand) {
  if (expand.size === 0) return list;
  const ids = list.map((p) => p.uuid);
  const betrokkenen =
    expand.has('betrokkenen') || expand.has('betrokkenen.hadKlantcontact')
      ? await loadBetrokkenen(
          db,
          u,
          list.flatMap((p) => p.betrokkenen.map((b) => b.uuid)),
        )
      : [];
  const klantcontacten = expand.has('betrokkenen.hadKlantcontact')
    ? await loadKlantcontacten(db, u, [...new Set(betrokkenen.map((b) => b.hadKlantcontact.uuid))])
    : [];
  const adressen = expand.has('digitaleAdressen')
    ? await loadDigitaleAdressen(
        db,
        u,
        list.flatMap((p) => p.digitaleAdressen.map((d) => d.uuid)),
      )
    : [];
  const relaties = expand.has('categorieRelaties')
    ? (await listCategoryRelations(db, { partyIds: ids }, { offset: 0, limit: 10_000 })).items
    : [];
  return list.map((p) => ({
    ...p,
    _expand: {
      ...(expand.has('betrokkenen') || expand.has('betrokkenen.hadKlantcontact')
        ? {
            betrokkenen: betrokkenen
              .filter((b) => b.wasPartij?.uuid === p.uuid)
              .map((b) =>
                expand.has('betrokkenen.hadKlantcontact')
                  ? {
                      ...b,
                      _expand: {
                        hadKlantcontact: klantcontacten.find((k) => k.uuid === b.hadKlantcontact.uuid),
                      },
                    }
                  : b,
              ),
          }
        : {}),
      ...(expand.has('digitaleAdressen')
        ? { digitaleAdressen: adressen.filter((d) => d.verstrektDoorPartij?.uuid === p.uuid) }
        : {}),
      ...(expand.has('categorieRelaties')
        ? {
            categorieRelaties: relaties
              .filter((r) => r.partyId === p.uuid)
              .map((r) => toCategorieRelatie(u, r)),
          }
        : {}),
    },
  }));
}

/** Identifiers, addresses and preferences of a PUT or PATCH, after the party's own fields. */
async function applyNested(db: Db, id: string, body: PartijPatch, now: Date) {
  const addresses = addressesOf(body);
  for (const kind of ['visiting', 'correspondence'] as const) {
    const a = addresses[kind];
    if (a === undefined) continue;
    const current = (await parties.getParty(db, id)).addresses.find((x) => x.kind === kind);
    if (a === null) {
      if (current) await parties.removeAddress(db, id, kind, now);
    } else await parties.setAddress(db, id, kind, a, now);
  }
  if (body.partijIdentificatoren) {
    const current = (await parties.getParty(db, id)).identifiers;
    const wanted = body.partijIdentificatoren.map((i) => i.partijIdentificator);
    for (const [n, w] of wanted.entries())
      checkIdentifierCodes(w, `partijIdentificatoren.${n}.partijIdentificator`);
    for (const c of current) {
      if (!wanted.some((w) => w.codeSoortObjectId === c.type && w.objectId === c.value))
        await parties.removeIdentifier(db, id, c.id, now);
    }
    for (const w of wanted) {
      if (!current.some((c) => c.type === w.codeSoortObjectId && c.value === w.objectId))
        await parties.addIdentifier(db, id, { type: w.codeSoortObjectId, value: w.objectId }, now);
    }
  }
  if (body.voorkeursDigitaalAdres !== undefined) {
    const party = await parties.getParty(db, id);
    const target = body.voorkeursDigitaalAdres?.uuid;
    if (target && !party.digitalAddresses.some((d) => d.id === target))
      throw invalid('voorkeursDigitaalAdres', 'Dit digitale adres hoort niet bij deze partij.');
    for (const d of party.digitalAddresses) {
      if (d.isPreferred && d.id !== target)
        await parties.updateDigitalAddress(db, id, d.id, { isPreferred: false }, now);
    }
    if (target) await parties.updateDigitalAddress(db, id, target, { isPreferred: true }, now);
  }
  if (body.voorkeursRekeningnummer !== undefined)
    await setPreferredBankAccount(db, id, body.voorkeursRekeningnummer?.uuid ?? null);
}

export function partijenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);

  app.get('/partijen', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const q = req.query;
    const page = pageOf(q);
    const represented = q.vertegenwoordigdePartij__uuid ?? q.vertegenwoordigdePartij__url;
    let ids: string[] | undefined;
    if (represented) {
      const reps = await listRepresentations(
        ctx.db,
        { represented: [represented] },
        { offset: 0, limit: 10_000 },
      );
      ids = reps.items.map((r) => r.representingPartyId);
    }
    if (q.categorierelatie__categorie__naam) {
      const rel = await listCategoryRelations(
        ctx.db,
        { categoryName: q.categorierelatie__categorie__naam },
        { offset: 0, limit: 10_000 },
      );
      const found = rel.items.map((r) => r.partyId).filter((p): p is string => !!p);
      ids = ids ? ids.filter((i) => found.includes(i)) : found;
    }
    const line = (a?: string, b?: string, c?: string) => a || b || c;
    return readLogged(ctx, req, async (trx, logNow) => {
      const found = await listPartyIds(
        trx,
        {
          ids,
          kind: q.soortPartij ? partyKindOf[q.soortPartij] : undefined,
          number: q.nummer,
          active: q.indicatieActief,
          confidential: q.indicatieGeheimhouding,
          identifier: {
            type: q.partijIdentificator__codeSoortObjectId,
            value: q.partijIdentificator__objectId,
          },
          visitingAddress: {
            bagId: q.bezoekadresNummeraanduidingId,
            country: q.bezoekadresLand,
            line: line(q.bezoekadresAdresregel1, q.bezoekadresAdresregel2, q.bezoekadresAdresregel3),
          },
          correspondenceAddress: {
            bagId: q.correspondentieadresNummeraanduidingId,
            country: q.correspondentieadresLand,
            line: line(
              q.correspondentieadresAdresregel1,
              q.correspondentieadresAdresregel2,
              q.correspondentieadresAdresregel3,
            ),
          },
        },
        page,
      );
      // Codes that do not belong to the asked identifier type cannot match anything.
      const t = q.partijIdentificator__codeSoortObjectId;
      const codesClash =
        t &&
        ((q.partijIdentificator__codeRegister &&
          q.partijIdentificator__codeRegister !== (t === 'bsn' ? 'brp' : 'hr')) ||
          (q.partijIdentificator__codeObjecttype &&
            q.partijIdentificator__codeObjecttype !==
              (t === 'bsn'
                ? 'natuurlijk_persoon'
                : t === 'vestigingsnummer'
                  ? 'vestiging'
                  : 'niet_natuurlijk_persoon')));
      if (!codesClash) logNow(found.items); // known now: logged while the parties load
      const list = codesClash ? [] : await loadPartijen(trx, u, found.items);
      const results = await withExpand(trx, u, list, q.expand);
      return {
        result: paginated(ctx, req, page, codesClash ? 0 : found.count, results),
        partyIds: found.items,
      };
    });
  });

  app.get(
    '/partijen/:uuid',
    { schema: { params: uuidParam, querystring: z.object({ expand: expandParam(expandable) }) } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      return readLogged(ctx, req, async (trx) => {
        const [p] = await loadPartijen(trx, u, [(await parties.getParty(trx, req.params.uuid)).id]);
        const [result] = await withExpand(trx, u, [p as Partij], req.query.expand);
        return { result, partyIds: [req.params.uuid] };
      });
    },
  );

  app.post('/partijen', { schema: { body: partijInput } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    const body = req.body;
    for (const [n, i] of (body.partijIdentificatoren ?? []).entries()) {
      checkIdentifierCodes(i.partijIdentificator, `partijIdentificatoren.${n}.partijIdentificator`);
    }
    const now = ctx.clock.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const party = await parties.createParty(trx, createInputOf(body), now);
      if (!body.indicatieActief) await parties.updateParty(trx, party.id, { active: false }, now);
      if (body.voorkeursRekeningnummer)
        await setPreferredBankAccount(trx, party.id, body.voorkeursRekeningnummer.uuid);
      return (await loadPartijen(trx, u, [party.id]))[0] as Partij;
    });
    return created(reply, result);
  });

  const update =
    (partial: boolean) => async (req: { params: { uuid: string }; body: PartijPatch; actor: unknown }) => {
      authorise(req.actor as never, 'parties:write');
      const now = ctx.clock.now();
      return ctx.db.transaction().execute(async (trx) => {
        const current = await parties.getParty(trx, req.params.uuid);
        if (req.body.soortPartij && partyKindOf[req.body.soortPartij] !== current.kind)
          throw invalid('soortPartij', 'De soort partij kan niet worden gewijzigd.');
        const fields = partyFieldsOf(req.body);
        if (Object.keys(fields).length > 0) await parties.updateParty(trx, current.id, fields, now);
        await applyNested(trx, current.id, req.body, now);
        void partial;
        return (await loadPartijen(trx, u, [current.id]))[0] as Partij;
      });
    };
  app.put('/partijen/:uuid', { schema: { params: uuidParam, body: partijInput } }, update(false));
  app.patch('/partijen/:uuid', { schema: { params: uuidParam, body: partijPatch } }, update(true));

  deleteRoute(app, '/partijen', 'parties:write', async (id) => {
    await ctx.db.transaction().execute((trx) => deleteParty(trx, id));
  });
}
