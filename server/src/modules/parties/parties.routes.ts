// App API for parties. Thin: schema, authorise, call the service. Every response that shows a
// party's data writes the processing log in the same transaction as the read.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import { withTransaction } from './parties.repo.ts';
import {
  addressInput,
  addressKinds,
  createPartyInput,
  digitalAddress,
  digitalAddressInput,
  digitalAddressPatch,
  identifierInput,
  mergeInput,
  partyAddress,
  partyDetails,
  partyIdentifier,
  updatePartyInput,
} from './parties.schemas.ts';
import * as parties from './parties.service.ts';

const tags = ['partijen'];
// Not z.uuid(): a malformed id is an unknown party (404), not bad input.
const id = z.string().min(1).max(100);
const partyParams = z.object({ id });
const identifierParams = z.object({ id, identifierId: id });
const addressParams = z.object({ id, kind: z.enum(addressKinds) });
const digitalAddressParams = z.object({ id, addressId: id });

export function partiesRoutes(app: App, ctx: AppContext) {
  /** Run a use case that returns party data and log the read in the same transaction. */
  const showing = (
    req: FastifyRequest,
    fn: (trx: Db) => Promise<parties.PartyDetails>,
    extraIds: string[] = [],
  ) =>
    withTransaction(ctx.db, async (trx) => {
      const party = await fn(trx);
      await logRead(trx, [party.id, ...extraIds], readContext(req));
      return party;
    });

  app.post(
    '/parties',
    { schema: { tags, body: createPartyInput, response: { 201: partyDetails } } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      const party = await showing(req, (trx) => parties.createParty(trx, req.body, ctx.clock.now()));
      return reply.status(201).send(party);
    },
  );

  app.get(
    '/parties/:id',
    { schema: { tags, params: partyParams, response: { 200: partyDetails } } },
    async (req) => {
      authorise(req.actor, 'parties:read');
      return showing(req, (trx) => parties.getParty(trx, req.params.id));
    },
  );

  app.patch(
    '/parties/:id',
    { schema: { tags, params: partyParams, body: updatePartyInput, response: { 200: partyDetails } } },
    async (req) => {
      authorise(req.actor, 'parties:write');
      return showing(req, (trx) => parties.updateParty(trx, req.params.id, req.body, ctx.clock.now()));
    },
  );

  app.post(
    '/parties/:id/merge',
    { schema: { tags, params: partyParams, body: mergeInput, response: { 200: partyDetails } } },
    async (req) => {
      authorise(req.actor, 'parties:write');
      const { duplicateId } = req.body;
      return showing(req, (trx) => parties.mergeParties(trx, req.params.id, duplicateId, ctx.clock.now()), [
        duplicateId,
      ]);
    },
  );

  app.post(
    '/parties/:id/identifiers',
    { schema: { tags, params: partyParams, body: identifierInput, response: { 201: partyIdentifier } } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      const created = await parties.addIdentifier(ctx.db, req.params.id, req.body, ctx.clock.now());
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/parties/:id/identifiers/:identifierId',
    { schema: { tags, params: identifierParams } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      await parties.removeIdentifier(ctx.db, req.params.id, req.params.identifierId, ctx.clock.now());
      return reply.status(204).send();
    },
  );

  app.put(
    '/parties/:id/addresses/:kind',
    { schema: { tags, params: addressParams, body: addressInput, response: { 200: partyAddress } } },
    async (req) => {
      authorise(req.actor, 'parties:write');
      return parties.setAddress(ctx.db, req.params.id, req.params.kind, req.body, ctx.clock.now());
    },
  );

  app.delete(
    '/parties/:id/addresses/:kind',
    { schema: { tags, params: addressParams } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      await parties.removeAddress(ctx.db, req.params.id, req.params.kind, ctx.clock.now());
      return reply.status(204).send();
    },
  );

  app.post(
    '/parties/:id/digital-addresses',
    { schema: { tags, params: partyParams, body: digitalAddressInput, response: { 201: digitalAddress } } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      const created = await parties.addDigitalAddress(ctx.db, req.params.id, req.body, ctx.clock.now());
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/parties/:id/digital-addresses/:addressId',
    {
      schema: {
        tags,
        params: digitalAddressParams,
        body: digitalAddressPatch,
        response: { 200: digitalAddress },
      },
    },
    async (req) => {
      authorise(req.actor, 'parties:write');
      return parties.updateDigitalAddress(
        ctx.db,
        req.params.id,
        req.params.addressId,
        req.body,
        ctx.clock.now(),
      );
    },
  );

  app.delete(
    '/parties/:id/digital-addresses/:addressId',
    { schema: { tags, params: digitalAddressParams } },
    async (req, reply) => {
      authorise(req.actor, 'parties:write');
      await parties.removeDigitalAddress(ctx.db, req.params.id, req.params.addressId, ctx.clock.now());
      return reply.status(204).send();
    },
  );
}
