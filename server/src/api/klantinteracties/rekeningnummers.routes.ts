// /rekeningnummers: a partij's bank accounts (IBAN, BIC), stored by this API beside the party.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { invalid, notFound, unprocessable } from '../../platform/errors.ts';
import {
  created,
  fkInputNullable,
  pageOf,
  pageQuery,
  paginated,
  queryText,
  readLogged,
  type Urls,
  urls,
  uuidParam,
} from './http.ts';
import { type BankAccount, listBankAccounts, removeRow, saveBankAccount } from './party-links.repo.ts';
import { deleteRoute, updateRoutes } from './resource-routes.ts';

const input = z.object({
  partij: fkInputNullable,
  iban: z.string().trim().min(5).max(42),
  bic: z.string().trim().max(11).optional(),
});
const patch = input.partial();
const listQuery = z.object({ ...pageQuery, iban: queryText, bic: queryText });

/** ISO 13616: two letters, two check digits, up to 30 characters, and the mod-97 check. */
export function normaliseIban(s: string): string | null {
  const iban = s.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(iban)) return null;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1 ? iban : null;
}

const toRekeningnummer = (u: Urls, a: BankAccount) => ({
  uuid: a.id,
  url: u.url('rekeningnummers', a.id),
  partij: u.fkOrNull('partijen', a.partyId),
  iban: a.iban,
  ...(a.bic ? { bic: a.bic } : {}),
});

export function rekeningnummersRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  const one = async (id: string) => {
    const [a] = (await listBankAccounts(ctx.db, { ids: [id] }, { offset: 0, limit: 1 })).items;
    if (!a) throw notFound('Rekeningnummer');
    return a;
  };

  app.get('/rekeningnummers', { schema: { querystring: listQuery } }, async (req) => {
    authorise(req.actor, 'parties:read');
    const page = pageOf(req.query);
    return readLogged(ctx, req, async (trx) => {
      const found = await listBankAccounts(trx, { iban: req.query.iban, bic: req.query.bic }, page);
      return {
        result: paginated(
          ctx,
          req,
          page,
          found.count,
          found.items.map((a) => toRekeningnummer(u, a)),
        ),
        partyIds: found.items.map((a) => a.partyId),
      };
    });
  });

  app.get('/rekeningnummers/:uuid', { schema: { params: uuidParam } }, async (req) => {
    authorise(req.actor, 'parties:read');
    return readLogged(ctx, req, async () => {
      const a = await one(req.params.uuid);
      return { result: toRekeningnummer(u, a), partyIds: [a.partyId] };
    });
  });

  const save = async (id: string, b: z.infer<typeof patch>, current?: BankAccount) => {
    const iban = b.iban !== undefined ? normaliseIban(b.iban) : (current?.iban ?? null);
    if (!iban) throw invalid('iban', 'Ongeldig IBAN (controlegetal klopt niet).');
    const bic = b.bic !== undefined ? b.bic.toUpperCase() || null : (current?.bic ?? null);
    if (bic && !/^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(bic))
      throw invalid('bic', 'Een BIC heeft 8 of 11 letters en cijfers.');
    const row: BankAccount = {
      id,
      partyId: b.partij !== undefined ? (b.partij?.uuid ?? null) : (current?.partyId ?? null),
      iban,
      bic,
      isPreferred: current?.isPreferred ?? false,
    };
    try {
      await ctx.db.transaction().execute((trx) => saveBankAccount(trx, row));
    } catch (err) {
      if ((err as { code?: string }).code === '23503')
        throw unprocessable('partij', `Onbekende partij '${row.partyId}'.`);
      throw err;
    }
    return toRekeningnummer(u, row);
  };

  app.post('/rekeningnummers', { schema: { body: input } }, async (req, reply) => {
    authorise(req.actor, 'parties:write');
    return created(reply, await save(randomUUID(), req.body));
  });
  updateRoutes(app, '/rekeningnummers', 'parties:write', { put: input, patch: patch }, async (id, body) =>
    save(id, body, await one(id)),
  );
  deleteRoute(app, '/rekeningnummers', 'parties:write', async (id) => {
    await removeRow(ctx.db, 'ki_bank_accounts', id, 'Rekeningnummer');
  });
}
