// /klantcontacten: every contact on every channel, the same records the app shows.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import {
  deleteContact,
  listContactPage,
  updateContactFields,
} from '../../modules/contacts/contacts.listing.ts';
import { type ContactDetails, registerContact } from '../../modules/contacts/contacts.service.ts';
import { listPartyIds } from '../../modules/parties/parties.listing.ts';
import { contactIdsWithTasks } from '../../modules/tasks/tasks.listing.ts';
import { authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { notFound } from '../../platform/errors.ts';
import { loadBetrokkenen } from './betrokkenen.mapper.ts';
import { loadBijlagen } from './bijlagen.routes.ts';
import { channelOf, subjectKindOf } from './codes.ts';
import { loadDigitaleAdressen } from './digitaleadressen.mapper.ts';
import { contactIdsByReferenceNumber, saveContactExtras } from './extras.repo.ts';
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
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import { loadInterneTaken } from './internetaken.mapper.ts';
import {
  contactFieldsOf,
  extrasOf,
  type Klantcontact,
  type KlantcontactInput,
  klantcontactInput,
  klantcontactPatch,
  loadContactDetails,
  loadKlantcontactenWithDetails,
  mapKlantcontacten,
} from './klantcontacten.mapper.ts';
import { loadOnderwerpobjecten } from './onderwerpobjecten.mapper.ts';
import { loadPartijen } from './partijen.mapper.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const expandable = [
  'gingOverOnderwerpobjecten',
  'hadBetrokkenen',
  'hadBetrokkenen.digitaleAdressen',
  'hadBetrokkenen.wasPartij',
  'leiddeTotInterneTaken',
  'omvatteBijlagen',
] as const;

const listQuery = z.object({
  ...pageQuery,
  expand: expandParam(expandable),
  hadBetrokkene__uuid: z.uuid().optional(),
  hadBetrokkene__url: queryUrl,
  hadBetrokkene__wasPartij: queryBool,
  hadBetrokkene__wasPartij__uuid: z.uuid().optional(),
  hadBetrokkene__wasPartij__url: queryUrl,
  hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype: queryText,
  hadBetrokkene__wasPartij__partijIdentificator__codeRegister: queryText,
  hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId: z
    .enum(['bsn', 'kvk_nummer', 'vestigingsnummer', 'rsin'])
    .optional(),
  hadBetrokkene__wasPartij__partijIdentificator__objectId: queryText,
  hadBetrokkene__digitaaladres__adres__icontains: queryText,
  indicatieContactGelukt: queryBool,
  inhoud: queryText,
  kanaal: queryText,
  leiddeTotInterneTaken: queryBool,
  nummer: queryText,
  onderwerp: queryText,
  reactie: queryText,
  referentienummer: queryText,
  vertrouwelijk: queryBool,
  plaatsgevondenOp: z.iso.datetime({ offset: true }).optional(),
  onderwerpobject__uuid: z.uuid().optional(),
  onderwerpobject__url: queryUrl,
  onderwerpobject__onderwerpobjectidentificatorObjectId: queryText,
  onderwerpobject__onderwerpobjectidentificatorCodeObjecttype: queryText,
  onderwerpobject__onderwerpobjectidentificatorCodeRegister: queryText,
  onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId: queryText,
  wasOnderwerpobject__uuid: z.uuid().optional(),
  wasOnderwerpobject__url: queryUrl,
  wasOnderwerpobject__onderwerpobjectidentificatorObjectId: queryText,
  wasOnderwerpobject__onderwerpobjectidentificatorCodeObjecttype: queryText,
  wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister: queryText,
  wasOnderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId: queryText,
});

/** Klantcontacten with `_expand` as asked. */
export async function expandKlantcontacten(db: Db, u: Urls, list: Klantcontact[], expand: Set<string>) {
  if (expand.size === 0) return list;
  const wantBetrokkenen = [...expand].some((e) => e.startsWith('hadBetrokkenen'));
  const betrokkenen = wantBetrokkenen
    ? await loadBetrokkenen(
        db,
        u,
        list.flatMap((k) => k.hadBetrokkenen.map((b) => b.uuid)),
      )
    : [];
  const partijen = expand.has('hadBetrokkenen.wasPartij')
    ? await loadPartijen(db, u, [
        ...new Set(betrokkenen.map((b) => b.wasPartij?.uuid).filter((x): x is string => !!x)),
      ])
    : [];
  const adressen = expand.has('hadBetrokkenen.digitaleAdressen')
    ? await loadDigitaleAdressen(
        db,
        u,
        betrokkenen.flatMap((b) => b.digitaleAdressen.map((d) => d.uuid)),
      )
    : [];
  const onderwerpen = expand.has('gingOverOnderwerpobjecten')
    ? await loadOnderwerpobjecten(
        db,
        u,
        list.flatMap((k) => k.gingOverOnderwerpobjecten.map((o) => o.uuid)),
      )
    : [];
  const taken = expand.has('leiddeTotInterneTaken')
    ? await loadInterneTaken(
        db,
        u,
        list.flatMap((k) => k.leiddeTotInterneTaken.map((t) => t.uuid)),
      )
    : [];
  const bijlagen = expand.has('omvatteBijlagen')
    ? await loadBijlagen(
        db,
        u,
        list.flatMap((k) => k.omvatteBijlagen.map((b) => b.uuid)),
      )
    : [];
  return list.map((k) => ({
    ...k,
    _expand: {
      ...(wantBetrokkenen
        ? {
            hadBetrokkenen: betrokkenen
              .filter((b) => b.hadKlantcontact.uuid === k.uuid)
              .map((b) => {
                const nested = {
                  ...(expand.has('hadBetrokkenen.wasPartij')
                    ? { wasPartij: partijen.find((p) => p.uuid === b.wasPartij?.uuid) ?? null }
                    : {}),
                  ...(expand.has('hadBetrokkenen.digitaleAdressen')
                    ? {
                        digitaleAdressen: adressen.filter((d) =>
                          b.digitaleAdressen.some((x) => x.uuid === d.uuid),
                        ),
                      }
                    : {}),
                };
                return Object.keys(nested).length ? { ...b, _expand: nested } : b;
              }),
          }
        : {}),
      ...(expand.has('gingOverOnderwerpobjecten')
        ? { gingOverOnderwerpobjecten: onderwerpen.filter((o) => o.klantcontact.uuid === k.uuid) }
        : {}),
      ...(expand.has('leiddeTotInterneTaken')
        ? { leiddeTotInterneTaken: taken.filter((t) => t.aanleidinggevendKlantcontact.uuid === k.uuid) }
        : {}),
      ...(expand.has('omvatteBijlagen')
        ? { omvatteBijlagen: bijlagen.filter((b) => b.wasBijlageVanKlantcontact?.uuid === k.uuid) }
        : {}),
    },
  }));
}

export const partyIdsOf = (contacts: ContactDetails[]) =>
  contacts.flatMap((c) => c.parties.map((p) => p.partyId));

export function klantcontactenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);

  app.get('/klantcontacten', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'contacts:read');
    const q = req.query;
    const page = pageOf(q);
    return readLogged(ctx, req, async (trx) => {
      let partyIds: string[] | undefined;
      const party = q.hadBetrokkene__wasPartij__uuid ?? q.hadBetrokkene__wasPartij__url;
      if (party) partyIds = [party];
      if (
        q.hadBetrokkene__wasPartij__partijIdentificator__objectId ||
        q.hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId
      ) {
        partyIds = (
          await listPartyIds(
            trx,
            {
              ids: partyIds,
              identifier: {
                type: q.hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId,
                value: q.hadBetrokkene__wasPartij__partijIdentificator__objectId,
              },
            },
            { offset: 0, limit: 1000 },
          )
        ).items;
      }
      const involvement = q.hadBetrokkene__uuid ?? q.hadBetrokkene__url;
      const subject =
        q.onderwerpobject__uuid ??
        q.onderwerpobject__url ??
        q.wasOnderwerpobject__uuid ??
        q.wasOnderwerpobject__url;
      let ids = q.referentienummer ? await contactIdsByReferenceNumber(trx, q.referentienummer) : undefined;
      const withTasks = q.leiddeTotInterneTaken !== undefined ? await contactIdsWithTasks(trx) : undefined;
      if (withTasks && q.leiddeTotInterneTaken)
        ids = ids ? ids.filter((i) => withTasks.includes(i)) : withTasks;
      const s = {
        objectId:
          q.onderwerpobject__onderwerpobjectidentificatorObjectId ??
          q.wasOnderwerpobject__onderwerpobjectidentificatorObjectId,
        type:
          q.onderwerpobject__onderwerpobjectidentificatorCodeObjecttype ??
          q.wasOnderwerpobject__onderwerpobjectidentificatorCodeObjecttype,
        register:
          q.onderwerpobject__onderwerpobjectidentificatorCodeRegister ??
          q.wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister,
      };
      const found = await listContactPage(
        trx,
        {
          ids,
          excludeIds: q.leiddeTotInterneTaken === false ? withTasks : undefined,
          number: q.nummer,
          channel: q.kanaal ? channelOf(q.kanaal) : undefined,
          subject: q.onderwerp,
          content: q.inhoud,
          result: q.reactie,
          succeeded: q.indicatieContactGelukt,
          confidential: q.vertrouwelijk,
          occurredAt: q.plaatsgevondenOp ? new Date(q.plaatsgevondenOp) : undefined,
          includeConfidential: can(req.actor, 'contacts:confidential'),
          hasParty: q.hadBetrokkene__wasPartij,
          partyIds,
          involvementIds: involvement ? [involvement] : undefined,
          subjectIds: subject ? [subject] : undefined,
          subject_: {
            kind: s.type ? subjectKindOf(s.type) : undefined,
            reference: s.objectId,
            register: s.register,
          },
        },
        page,
      );
      const { contacts, list } = await loadKlantcontactenWithDetails(trx, u, found.items);
      const results = await expandKlantcontacten(trx, u, list, q.expand);
      return {
        result: paginated(ctx, req, page, found.count, results),
        partyIds: partyIdsOf(contacts),
      };
    });
  });

  app.get(
    '/klantcontacten/:uuid',
    { schema: { params: uuidParam, querystring: z.object({ expand: expandParam(expandable) }) } },
    async (req) => {
      authorise(req.actor, 'contacts:read');
      return readLogged(ctx, req, async (trx) => {
        const [c] = await loadContactDetails(trx, [req.params.uuid]);
        if (!c || (c.confidential && !can(req.actor, 'contacts:confidential')))
          throw notFound('Klantcontact');
        const [result] = await expandKlantcontacten(
          trx,
          u,
          await mapKlantcontacten(trx, u, [c]),
          req.query.expand,
        );
        return { result, partyIds: partyIdsOf([c]) };
      });
    },
  );

  app.post('/klantcontacten', { schema: { body: klantcontactInput } }, async (req, reply) => {
    const actor = authorise(req.actor, 'contacts:write');
    const result = await ctx.db.transaction().execute(async (trx) => {
      const c = await createKlantcontact(trx, ctx, req.body, actor);
      return (await mapKlantcontacten(trx, u, [c]))[0];
    });
    return created(reply, result as NonNullable<typeof result>);
  });

  const update = (uuid: string, body: KlantcontactInput) =>
    ctx.db.transaction().execute(async (trx) => {
      const [c] = await loadContactDetails(trx, [uuid]);
      if (!c) throw notFound('Klantcontact');
      await updateContactFields(trx, uuid, contactFieldsOf(body));
      await saveContactExtras(trx, uuid, extrasOf(body));
      return (await mapKlantcontacten(trx, u, await loadContactDetails(trx, [uuid])))[0];
    });
  updateRoutes(
    app,
    '/klantcontacten',
    'contacts:write',
    { put: klantcontactInput, patch: klantcontactPatch },
    update,
  );
  deleteRoute(app, '/klantcontacten', 'contacts:write', async (id) => {
    await ctx.db.transaction().execute((trx) => deleteContact(trx, id));
  });
}

/** Registers the contact through the contacts module, with the standard's extra fields beside it. */
export async function createKlantcontact(
  db: Db,
  ctx: AppContext,
  k: z.infer<typeof klantcontactInput>,
  actor: Parameters<typeof registerContact>[2],
) {
  const f = contactFieldsOf(k);
  const c = await registerContact(
    db,
    {
      channel: f.channel as string,
      direction: 'in',
      subject: k.onderwerp,
      content: k.inhoud ?? '',
      result: k.reactie || null,
      succeeded: k.indicatieContactGelukt ?? null,
      confidential: k.vertrouwelijk,
      language: f.language,
      occurredAt: k.plaatsgevondenOp,
    },
    actor,
    ctx.clock,
  );
  await saveContactExtras(db, c.id, extrasOf(k));
  return c;
}
