// App API for contacts and their attachments. Every response that shows a party's data writes the
// processing log in the same transaction as the read.
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { authorise, can } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { partyIdsForTimeline } from '../parties/parties.service.ts';
import { readContext } from '../processing-log/processing-log.routes.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import { addAttachment, getAttachment, tooLarge } from './attachments.service.ts';
import { idParam, listContactsQuery, registerContactInput, updateContactInput } from './contacts.schemas.ts';
import {
  getContact,
  getContacts,
  getReason,
  inTransaction,
  listChannels,
  listContacts,
  partyIdsOf,
  registerContact,
  requireVisibleContact,
  updateContact,
} from './contacts.service.ts';
import { contentDisposition } from './file-types.ts';
import { linkParty } from './link-party.ts';
import { referenceListRoutes } from './reference-lists.routes.ts';
import { getThread } from './threads.service.ts';

const tags = ['contacten'];

export async function contactsRoutes(app: App, ctx: AppContext) {
  const limit = ctx.config.attachmentLimit;
  // Scoped to this plugin: only the attachment upload accepts multipart bodies.
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 10, parts: 11 } });
  referenceListRoutes(app, ctx);

  app.post('/contacts', { schema: { tags, body: registerContactInput } }, async (req, reply) => {
    const actor = authorise(req.actor, 'contacts:write');
    const contact = await registerContact(ctx.db, req.body, actor, ctx.clock);
    return reply.status(201).send(contact);
  });

  app.get('/contacts/:id', { schema: { tags, params: idParam } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:read');
    return inTransaction(ctx.db, async (trx) => {
      await requireVisibleContact(trx, req.params.id, actor);
      const contact = await getContact(trx, req.params.id);
      await logRead(trx, partyIdsOf([contact]), readContext(req));
      return contact;
    });
  });

  // A conversation across channels: its contacts in the order they happened, in full.
  app.get('/threads/:id', { schema: { tags, params: idParam } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:read');
    return inTransaction(ctx.db, async (trx) => {
      const { contactIds, ...thread } = await getThread(
        trx,
        req.params.id,
        can(actor, 'contacts:confidential'),
      );
      const contacts = await getContacts(trx, contactIds);
      await logRead(trx, partyIdsOf(contacts), readContext(req));
      return { ...thread, contacts };
    });
  });

  app.get('/contacts', { schema: { tags, querystring: listContactsQuery } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:read');
    const q = req.query;
    if (q.channel && !(await listChannels(ctx.db)).some((c) => c.code === q.channel)) {
      throw invalid('channel', `Onbekend kanaal '${q.channel}'.`);
    }
    const reason = q.reason
      ? await getReason(ctx.db, q.reason).catch(() => {
          throw invalid('reason', `Onbekende contactreden '${q.reason}'.`);
        })
      : null;
    // A party's contacts include those of the duplicates merged into it.
    const partyIds = q.party
      ? await partyIdsForTimeline(ctx.db, q.party).catch(() => {
          throw invalid('party', 'Deze partij bestaat niet.');
        })
      : undefined;
    return inTransaction(ctx.db, async (trx) => {
      const page = await listContacts(trx, {
        partyIds,
        channel: q.channel,
        reasonId: reason?.id,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        cursor: q.cursor,
        limit: q.limit,
        includeConfidential: can(actor, 'contacts:confidential'),
      });
      await logRead(trx, partyIdsOf(page.items), readContext(req));
      return page;
    });
  });

  app.patch('/contacts/:id', { schema: { tags, params: idParam, body: updateContactInput } }, async (req) => {
    const actor = authorise(req.actor, 'contacts:write');
    return inTransaction(ctx.db, async (trx) => {
      await requireVisibleContact(trx, req.params.id, actor);
      const contact = await updateContact(trx, req.params.id, req.body);
      await logRead(trx, partyIdsOf([contact]), readContext(req));
      return contact;
    });
  });

  // An anonymous contact (mail from an unknown address) filed under the party the employee recognised.
  app.post(
    '/contacts/:id/parties',
    { schema: { tags, params: idParam, body: z.strictObject({ partyId: z.uuid() }) } },
    async (req) => {
      const actor = authorise(req.actor, 'contacts:write');
      return inTransaction(ctx.db, async (trx) => {
        await requireVisibleContact(trx, req.params.id, actor);
        const contact = await linkParty(trx, req.params.id, req.body.partyId, ctx.clock.now());
        await logRead(trx, partyIdsOf([contact]), readContext(req));
        return contact;
      });
    },
  );

  app.post(
    '/contacts/:id/attachments',
    { schema: { tags, params: idParam, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = authorise(req.actor, 'contacts:write');
      await requireVisibleContact(ctx.db, req.params.id, actor);
      if (!req.isMultipart()) {
        throw new AppError(
          'unsupported_media_type',
          'Stuur de bijlage als multipart/form-data in het veld file.',
        );
      }
      const part = await req.file();
      if (!part) throw invalid('file', 'Stuur een bestand in het veld file.');
      const data = await part.toBuffer().catch((err: { code?: string }) => {
        throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(limit) : err;
      });
      const attachment = await addAttachment(
        ctx.db,
        req.params.id,
        { filename: part.filename, contentType: part.mimetype, data },
        { limit, now: ctx.clock.now() },
      );
      return reply.status(201).send(attachment);
    },
  );

  app.get('/attachments/:id', { schema: { tags, params: idParam } }, async (req, reply) => {
    const actor = authorise(req.actor, 'contacts:read');
    const file = await inTransaction(ctx.db, async (trx) => {
      const attachment = await getAttachment(trx, req.params.id);
      await requireVisibleContact(trx, attachment.contactId, actor).catch(() => {
        throw notFound('Bijlage');
      });
      const contact = await getContact(trx, attachment.contactId);
      await logRead(trx, partyIdsOf([contact]), readContext(req));
      return attachment;
    });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(file.data);
  });
}
