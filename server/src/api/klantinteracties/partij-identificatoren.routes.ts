// /partij-identificatoren: BSN, KvK-nummer, vestigingsnummer and RSIN of a partij.
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import {
  findIdentifier,
  type IdentifierRow,
  listIdentifiers,
} from '../../modules/parties/parties.listing.ts';
import * as parties from '../../modules/parties/parties.service.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { notFound } from '../../platform/errors.ts';
import { checkIdentifierCodes, identifierCodes } from './codes.ts';
import {
  created,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  readLogged,
  required,
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import { partijIdentificatorInput, toPartijIdentificator } from './partij-identificatoren.mapper.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const listQuery = z.object({
  ...pageQuery,
  anderePartijIdentificator: queryText,
  partijIdentificatorCodeObjecttype: z
    .enum(['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging'])
    .optional(),
  partijIdentificatorCodeRegister: z.enum(['brp', 'hr']).optional(),
  partijIdentificatorCodeSoortObjectId: z.enum(['bsn', 'kvk_nummer', 'rsin', 'vestigingsnummer']).optional(),
  partijIdentificatorObjectId: queryText,
});
const patch = partijIdentificatorInput.partial();
type Input = z.infer<typeof patch>;

async function mapAll(db: Db, u: Urls, rows: IdentifierRow[]) {
  const owners = await parties.getParties(db, [...new Set(rows.map((r) => r.partyId))]);
  return rows.map((r) =>
    toPartijIdentificator(u, r, owners.find((p) => p.id === r.partyId)?.identifiers ?? []),
  );
}

export function partijIdentificatorenRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (db: Db, id: string) => {
    const row = await findIdentifier(db, id);
    if (!row) throw notFound('Partij-identificator');
    return (await mapAll(db, u, [row]))[0] as ReturnType<typeof toPartijIdentificator>;
  };

  app.get('/partij-identificatoren', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const q = req.query;
    const page = pageOf(q);
    const types = (Object.keys(identifierCodes) as (keyof typeof identifierCodes)[]).filter(
      (t) =>
        (!q.partijIdentificatorCodeSoortObjectId || q.partijIdentificatorCodeSoortObjectId === t) &&
        (!q.partijIdentificatorCodeObjecttype ||
          identifierCodes[t].codeObjecttype === q.partijIdentificatorCodeObjecttype) &&
        (!q.partijIdentificatorCodeRegister ||
          identifierCodes[t].codeRegister === q.partijIdentificatorCodeRegister),
    );
    return readLogged(ctx, req, async (trx) => {
      const none = types.length === 0 || !!q.anderePartijIdentificator;
      const found = none
        ? { count: 0, items: [] }
        : await listIdentifiers(
            trx,
            { type: types.length === 1 ? types[0] : undefined, value: q.partijIdentificatorObjectId },
            page,
          );
      const items = found.items.filter((i) => types.includes(i.type));
      return {
        result: paginated(ctx, req, page, found.count, await mapAll(trx, u, items)),
        partyIds: items.map((i) => i.partyId),
      };
    });
  });

  app.get('/partij-identificatoren/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'parties:read');
    return readLogged(ctx, req, async (trx) => {
      const result = await one(trx, req.params.uuid);
      return { result, partyIds: [result.identificeerdePartij.uuid] };
    });
  });

  app.post('/partij-identificatoren', { schema: { body: partijIdentificatorInput } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    const b = req.body;
    if (!b.identificeerdePartij) throw required('identificeerdePartij');
    checkIdentifierCodes(b.partijIdentificator);
    const partyId = b.identificeerdePartij.uuid;
    const result = await ctx.db.transaction().execute(async (trx) => {
      const i = await parties.addIdentifier(
        trx,
        partyId,
        { type: b.partijIdentificator.codeSoortObjectId, value: b.partijIdentificator.objectId },
        ctx.clock.now(),
      );
      return one(trx, i.id);
    });
    return created(reply, result);
  });

  // An identifier's value is its identity: a change is a remove and an add, under the same uuid's party.
  const update = (uuid: string, b: Input) =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await findIdentifier(trx, uuid);
      if (!current) throw notFound('Partij-identificator');
      const g = {
        ...(await one(trx, uuid)).partijIdentificator,
        ...(b.partijIdentificator ?? {}),
      } as Parameters<typeof checkIdentifierCodes>[0] & { objectId: string };
      checkIdentifierCodes(g);
      const partyId = b.identificeerdePartij?.uuid ?? current.partyId;
      if (g.codeSoortObjectId === current.type && g.objectId === current.value && partyId === current.partyId)
        return one(trx, uuid);
      await parties.removeIdentifier(trx, current.partyId, uuid, ctx.clock.now());
      const added = await parties.addIdentifier(
        trx,
        partyId,
        { type: g.codeSoortObjectId, value: g.objectId },
        ctx.clock.now(),
      );
      return one(trx, added.id);
    });
  updateRoutes(
    app,
    '/partij-identificatoren',
    'parties:write',
    { put: partijIdentificatorInput, patch: patch },
    update,
  );
  deleteRoute(app, '/partij-identificatoren', 'parties:write', async (id) => {
    const current = await findIdentifier(ctx.db, id);
    if (!current) throw notFound('Partij-identificator');
    await parties.removeIdentifier(ctx.db, current.partyId, current.id, ctx.clock.now());
  });
}
