import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Actor, authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { contactsAboutCase, partyIdsOf } from '../contacts/contacts.service.ts';
import { partyIdsForTimeline } from '../parties/parties.service.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import type { CaseDetails, CaseSummary } from './case-source.ts';
import { inboundRoutes } from './cases.inbound.routes.ts';
import { notifyResidentsOfStatusChanges } from './cases.notify.ts';
import {
  caseRefParams,
  caseTypeBody,
  createCaseBody,
  documentBody,
  listCasesQuery,
  setStatusBody,
} from './cases.schemas.ts';
import * as cases from './cases.service.ts';
import { caseSourceFor, partyRefOf } from './cases.source.ts';

/** Writes need contacts:write or admin. */
function authoriseWrite(actor: Actor | null | undefined): Actor {
  if (can(actor, 'contacts:write')) return actor as Actor;
  return authorise(actor, 'admin');
}

export function casesRoutes(app: App, ctx: AppContext) {
  caseSourceFor(ctx.config); // the customer-view timeline uses the configured source too
  inboundRoutes(app, ctx);
  notifyResidentsOfStatusChanges();
  const tags = ['zaken'];

  /** With a ZGW case system configured, cases are kept there, not in Loket's register. */
  const requireBuiltIn = () => {
    if (ctx.config.zakenApi)
      throw conflict('Zaken worden bijgehouden in het zaaksysteem; wijzig ze daar.', 'zaaksysteem');
  };

  /** Reads and logs in one transaction: every party the answer shows. */
  const read = <T>(
    req: FastifyRequest,
    load: (db: typeof ctx.db) => Promise<{ value: T; partyIds: string[] }>,
  ) =>
    ctx.db.transaction().execute(async (trx) => {
      const { value, partyIds } = await load(trx);
      await logRead(trx, partyIds, { ...readContext(req), at: ctx.clock.now() });
      return value;
    });

  // ── case types ───────────────────────────────────────────────────────────
  app.get(
    '/case-types',
    { schema: { tags, summary: 'Zaaktypen met hun statussen en doorlooptijd' } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      return { results: await cases.listCaseTypes(ctx.db) };
    },
  );

  app.get(
    '/case-types/:code',
    { schema: { tags, params: z.object({ code: z.string().min(1).max(100) }) } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      return cases.getCaseType(ctx.db, req.params.code);
    },
  );

  app.put(
    '/case-types',
    { schema: { tags, summary: 'Zaaktype aanmaken of vervangen (op code)', body: caseTypeBody } },
    async (req) => {
      authorise(req.actor, 'admin');
      return cases.saveCaseType(ctx.db, req.body, ctx.clock.now());
    },
  );

  // ── cases ────────────────────────────────────────────────────────────────
  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'Zaken zoeken: op partij, status, team, zaaktype of tekst',
        querystring: listCasesQuery,
      },
    },
    async (req) => {
      authorise(req.actor, 'parties:read');
      const q = req.query;
      const source = caseSourceFor(ctx.config);
      if (q.party && source.kind !== 'loket') {
        // A remote read: no database transaction held open while the case system answers.
        const ref = await partyRefOf(ctx.db, await partyIdsForTimeline(ctx.db, q.party));
        const found = await source.casesOfParty(ctx.db, ref);
        await logRead(ctx.db, q.party, { ...readContext(req), at: ctx.clock.now() });
        return { results: found, limit: q.limit, offset: q.offset };
      }
      const results = await read<CaseSummary[]>(req, async (db) => {
        if (!q.party && !q.team && !q.status && !q.caseType && !q.q)
          throw invalid('party', 'Zoek zaken op partij, status, team, zaaktype of tekst (q).');
        const partyIds = q.party ? await partyIdsForTimeline(db, q.party) : undefined;
        const found = await cases.listCases(db, {
          partyIds,
          status: q.status,
          team: q.team,
          caseType: q.caseType,
          text: q.q,
          limit: q.limit,
          offset: q.offset,
        });
        return { value: found, partyIds: cases.partyIdsOfCases(found) };
      });
      return { results, limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    '/cases',
    { schema: { tags, summary: 'Zaak aanmaken', body: createCaseBody } },
    async (req, reply) => {
      const actor = authoriseWrite(req.actor);
      requireBuiltIn();
      return reply.status(201).send(await cases.createCase(ctx.db, req.body, actor, ctx.clock));
    },
  );

  app.get(
    '/cases/:ref',
    { schema: { tags, summary: 'Zaak met statushistorie, documenten en contacten', params: caseRefParams } },
    async (req) => {
      const actor = authorise(req.actor, 'parties:read');
      const source = caseSourceFor(ctx.config);
      // A remote case is fetched before the transaction, so none is held open while the case system answers.
      const remote = source.kind === 'loket' ? null : await source.getCase(ctx.db, req.params.ref);
      if (source.kind !== 'loket' && !remote) throw notFound('Zaak');
      return read<CaseDetails & { contacts: unknown[] }>(req, async (db) => {
        const found = remote ?? (await source.getCase(db, req.params.ref));
        if (!found) throw notFound('Zaak');
        const contacts = await contactsAboutCase(db, found.identification, actor);
        return {
          value: {
            ...found,
            contacts: contacts.map((c) => ({
              id: c.id,
              number: c.number,
              channel: c.channel,
              direction: c.direction,
              subject: c.subject,
              occurredAt: c.occurredAt,
            })),
          },
          partyIds: [...cases.partyIdsOfCases([found]), ...partyIdsOf(contacts)],
        };
      });
    },
  );

  app.post(
    '/cases/:ref/status',
    {
      schema: {
        tags,
        summary: 'Status van een zaak zetten, met toelichting',
        params: caseRefParams,
        body: setStatusBody,
      },
    },
    async (req) => {
      const actor = authoriseWrite(req.actor);
      requireBuiltIn();
      const result = await cases.setCaseStatus(ctx.db, req.params.ref, req.body, actor, ctx.clock);
      return result.case;
    },
  );

  app.post(
    '/cases/:ref/documents',
    {
      schema: {
        tags,
        summary: 'Document (metadata) toevoegen aan een zaak',
        params: caseRefParams,
        body: documentBody,
      },
    },
    async (req, reply) => {
      const actor = authoriseWrite(req.actor);
      requireBuiltIn();
      return reply
        .status(201)
        .send(await cases.addCaseDocument(ctx.db, req.params.ref, req.body, actor, ctx.clock));
    },
  );
}
