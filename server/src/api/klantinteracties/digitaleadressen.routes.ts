// /digitaleadressen: e-mail addresses, phone numbers and other addresses of a partij.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { findInvolvements } from '../../modules/contacts/contacts.listing.ts';
import {
  findDigitalAddresses,
  listDigitalAddresses,
  listPartyIds,
} from '../../modules/parties/parties.listing.ts';
import * as parties from '../../modules/parties/parties.service.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { loadBetrokkenen } from './betrokkenen.mapper.ts';
import { digitalKindOf, partyKindOf } from './codes.ts';
import {
  type DigitaalAdresInput,
  digitaalAdresInput,
  digitaalAdresPatch,
  loadDigitaleAdressen,
  toDigitaleAdressen,
} from './digitaleadressen.mapper.ts';
import {
  digitalAddressIdsOfInvolvements,
  digitalAddressIdsWhere,
  saveDigitalAddressExtras,
} from './extras.repo.ts';
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
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const expandable = [
  'verstrektDoorBetrokkene',
  'verstrektDoorBetrokkene.hadKlantcontact',
  'verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken',
] as const;
const dateQ = z.iso.date().optional();

const listQuery = z.object({
  ...pageQuery,
  expand: expandParam(expandable),
  adres: queryText,
  adres__icontains: queryText,
  isGeverifieerd: queryBool,
  isStandaardAdres: queryBool,
  omschrijving: queryText,
  referentie: queryText,
  soortDigitaalAdres: z.enum(['email', 'telefoonnummer', 'overig']).optional(),
  verificatieDatum: dateQ,
  verificatieDatum__gt: dateQ,
  verificatieDatum__gte: dateQ,
  verificatieDatum__lt: dateQ,
  verificatieDatum__lte: dateQ,
  verstrektDoorBetrokkene__rol: z.enum(['klant', 'vertegenwoordiger']).optional(),
  verstrektDoorBetrokkene__uuid: z.uuid().optional(),
  verstrektDoorBetrokkene__url: queryUrl,
  verstrektDoorPartij__uuid: z.uuid().optional(),
  verstrektDoorPartij__url: queryUrl,
  verstrektDoorPartij__soortPartij: z.enum(['persoon', 'organisatie', 'contactpersoon']).optional(),
  verstrektDoorPartij__partijIdentificator__codeObjecttype: queryText,
  verstrektDoorPartij__partijIdentificator__codeRegister: queryText,
  verstrektDoorPartij__partijIdentificator__codeSoortObjectId: z
    .enum(['bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin'])
    .optional(),
  verstrektDoorPartij__partijIdentificator__objectId: queryText,
});

async function withExpand(
  db: Db,
  u: ReturnType<typeof urls>,
  list: Awaited<ReturnType<typeof toDigitaleAdressen>>,
  expand: Set<string>,
) {
  if (expand.size === 0) return list;
  const betrokkenen = await loadBetrokkenen(
    db,
    u,
    list.map((d) => d.verstrektDoorBetrokkene?.uuid).filter((x): x is string => !!x),
  );
  const nested =
    expand.has('verstrektDoorBetrokkene.hadKlantcontact') ||
    expand.has('verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken');
  const klantcontacten = nested
    ? await loadKlantcontacten(
        db,
        u,
        betrokkenen.map((b) => b.hadKlantcontact.uuid),
      )
    : [];
  return list.map((d) => {
    const b = betrokkenen.find((x) => x.uuid === d.verstrektDoorBetrokkene?.uuid) ?? null;
    const k = b && nested ? klantcontacten.find((x) => x.uuid === b.hadKlantcontact.uuid) : undefined;
    return {
      ...d,
      _expand: { verstrektDoorBetrokkene: b && k ? { ...b, _expand: { hadKlantcontact: k } } : b },
    };
  });
}

/** Owner party of a new or changed address: the given partij, else the betrokkene's partij. */
async function ownerOf(
  db: Db,
  body: DigitaalAdresInput,
): Promise<{ partyId: string; involvementId: string | null | undefined }> {
  const involvementId =
    body.verstrektDoorBetrokkene === undefined ? undefined : (body.verstrektDoorBetrokkene?.uuid ?? null);
  let partyId = body.verstrektDoorPartij?.uuid;
  if (involvementId) {
    const [inv] = await findInvolvements(db, [involvementId]);
    if (!inv) throw invalid('verstrektDoorBetrokkene', 'Deze betrokkene bestaat niet.', 'does_not_exist');
    partyId ??= inv.partyId ?? undefined;
  }
  if (!partyId)
    throw invalid(
      'verstrektDoorPartij',
      'Geef de partij (of een betrokkene met partij) bij wie dit adres hoort.',
      'required',
    );
  return { partyId, involvementId };
}

const verifiedAt = (d: string | null | undefined) =>
  d === undefined ? undefined : d === null ? null : `${d}T12:00:00Z`;

export function digitaleadressenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);

  app.get('/digitaleadressen', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const q = req.query;
    const page = pageOf(q);
    return readLogged(ctx, req, async (trx) => {
      let partyIds: string[] | undefined;
      const party = q.verstrektDoorPartij__uuid ?? q.verstrektDoorPartij__url;
      if (party) partyIds = [party];
      if (
        q.verstrektDoorPartij__soortPartij ||
        q.verstrektDoorPartij__partijIdentificator__objectId ||
        q.verstrektDoorPartij__partijIdentificator__codeSoortObjectId
      ) {
        const found = await listPartyIds(
          trx,
          {
            ids: partyIds,
            kind: q.verstrektDoorPartij__soortPartij
              ? partyKindOf[q.verstrektDoorPartij__soortPartij]
              : undefined,
            identifier: {
              type: q.verstrektDoorPartij__partijIdentificator__codeSoortObjectId,
              value: q.verstrektDoorPartij__partijIdentificator__objectId,
            },
          },
          { offset: 0, limit: 10_000 },
        );
        partyIds = found.items;
      }
      let ids: string[] | undefined;
      const involvement = q.verstrektDoorBetrokkene__uuid ?? q.verstrektDoorBetrokkene__url;
      if (involvement || q.referentie) {
        ids = await digitalAddressIdsWhere(trx, {
          reference: q.referentie,
          involvementIds: involvement ? [involvement] : undefined,
        });
      }
      if (q.verstrektDoorBetrokkene__rol) {
        const given = await digitalAddressIdsOfInvolvements(trx, undefined);
        const invs = await findInvolvements(
          trx,
          given.map((g) => g.involvement_id as string),
        );
        const withRole = given
          .filter((g) =>
            invs.some((i) => i.id === g.involvement_id && i.role === q.verstrektDoorBetrokkene__rol),
          )
          .map((g) => g.digital_address_id);
        ids = ids ? ids.filter((i) => withRole.includes(i)) : withRole;
      }
      const verifiedOn = (
        [
          ['=', q.verificatieDatum],
          ['>', q.verificatieDatum__gt],
          ['>=', q.verificatieDatum__gte],
          ['<', q.verificatieDatum__lt],
          ['<=', q.verificatieDatum__lte],
        ] as const
      )
        .filter(([, d]) => !!d)
        .map(([op, date]) => ({ op, date: date as string }));
      const found = await listDigitalAddresses(
        trx,
        {
          ids,
          partyIds,
          kind: q.soortDigitaalAdres ? digitalKindOf[q.soortDigitaalAdres] : undefined,
          value: q.adres,
          valueContains: q.adres__icontains,
          label: q.omschrijving,
          isPreferred: q.isStandaardAdres,
          verified: q.isGeverifieerd,
          verifiedOn,
        },
        page,
      );
      const results = await withExpand(trx, u, await toDigitaleAdressen(trx, u, found.items), q.expand);
      return {
        result: paginated(ctx, req, page, found.count, results),
        partyIds: found.items.map((d) => d.partyId),
      };
    });
  });

  app.get(
    '/digitaleadressen/:uuid',
    { schema: { params: uuidParam, querystring: z.object({ expand: expandParam(expandable) }) } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      return readLogged(ctx, req, async (trx) => {
        const [d] = await loadDigitaleAdressen(trx, u, [req.params.uuid]);
        if (!d) throw notFound('Digitaal adres');
        const [result] = await withExpand(trx, u, [d], req.query.expand);
        return { result, partyIds: [d.verstrektDoorPartij?.uuid] };
      });
    },
  );

  app.post('/digitaleadressen', { schema: { body: digitaalAdresInput } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    const body = req.body;
    const now = ctx.clock.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const { partyId, involvementId } = await ownerOf(trx, body);
      const d = await parties.addDigitalAddress(
        trx,
        partyId,
        {
          kind: digitalKindOf[body.soortDigitaalAdres],
          value: body.adres,
          label: body.omschrijving || null,
          isPreferred: body.isStandaardAdres ?? false,
          verifiedAt: verifiedAt(body.verificatieDatum),
        },
        now,
      );
      await saveDigitalAddressExtras(trx, d.id, {
        reference: body.referentie || null,
        involvementId: involvementId ?? null,
      });
      return (await loadDigitaleAdressen(trx, u, [d.id]))[0];
    });
    return created(reply, result as NonNullable<typeof result>);
  });

  const update = async (uuid: string, body: DigitaalAdresInput) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const [current] = await findDigitalAddresses(trx, [uuid]);
      if (!current?.partyId) throw notFound('Digitaal adres');
      if (body.verstrektDoorPartij && body.verstrektDoorPartij.uuid !== current.partyId)
        throw invalid(
          'verstrektDoorPartij',
          'Een digitaal adres kan niet naar een andere partij worden verplaatst.',
        );
      if (body.soortDigitaalAdres && digitalKindOf[body.soortDigitaalAdres] !== current.kind)
        throw invalid(
          'soortDigitaalAdres',
          'De soort van een digitaal adres kan niet worden gewijzigd; maak een nieuw adres.',
        );
      await parties.updateDigitalAddress(
        trx,
        current.partyId,
        uuid,
        {
          ...(body.adres !== undefined ? { value: body.adres } : {}),
          ...(body.omschrijving !== undefined ? { label: body.omschrijving || null } : {}),
          ...(body.isStandaardAdres !== undefined ? { isPreferred: body.isStandaardAdres } : {}),
          ...(body.verificatieDatum !== undefined ? { verifiedAt: verifiedAt(body.verificatieDatum) } : {}),
        },
        now,
      );
      const involvementId =
        body.verstrektDoorBetrokkene === undefined
          ? undefined
          : (await ownerOf(trx, { ...body, verstrektDoorPartij: { uuid: current.partyId } })).involvementId;
      await saveDigitalAddressExtras(trx, uuid, {
        ...(body.referentie !== undefined ? { reference: body.referentie || null } : {}),
        ...(involvementId !== undefined ? { involvementId } : {}),
      });
      return (await loadDigitaleAdressen(trx, u, [uuid]))[0];
    });
  };
  updateRoutes(
    app,
    '/digitaleadressen',
    'parties:write',
    { put: digitaalAdresInput, patch: digitaalAdresPatch },
    update,
  );

  deleteRoute(app, '/digitaleadressen', 'parties:write', (id) =>
    ctx.db.transaction().execute(async (trx) => {
      const [current] = await findDigitalAddresses(trx, [id]);
      if (!current?.partyId) throw notFound('Digitaal adres');
      await parties.removeDigitalAddress(trx, current.partyId, current.id, ctx.clock.now());
    }),
  );
}
