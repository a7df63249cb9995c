// /maak-klantcontact: klantcontact, betrokkene and onderwerpobject in one call and one transaction.
import { z } from 'zod';
import { addInvolvement, addSubject } from '../../modules/contacts/contacts.listing.ts';
import { authorise } from '../../platform/actor.ts';
import type { App, AppContext } from '../../platform/app.ts';
import { betrokkeneFields, detailsOf, loadBetrokkenen } from './betrokkenen.mapper.ts';
import { saveSubjectExtras } from './extras.repo.ts';
import { kiPrefix, urls } from './http.ts';
import { klantcontactInput, loadKlantcontacten } from './klantcontacten.mapper.ts';
import { createKlantcontact } from './klantcontacten.routes.ts';
import { loadOnderwerpobjecten, onderwerpobjectFields, subjectOf } from './onderwerpobjecten.mapper.ts';

const body = z.object({
  klantcontact: klantcontactInput,
  betrokkene: z.object(betrokkeneFields).nullish(),
  onderwerpobject: z.object(onderwerpobjectFields).nullish(),
});

export function maakKlantcontactRoutes(app: App, ctx: AppContext) {
  const u = urls(ctx);
  app.post('/maak-klantcontact', { schema: { body } }, async (req, reply) => {
    const actor = authorise(req.actor, 'contacts:write');
    const b = req.body;
    const now = ctx.clock.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const c = await createKlantcontact(trx, ctx, b.klantcontact, actor);
      const betrokkene = b.betrokkene
        ? await addInvolvement(
            trx,
            {
              contactId: c.id,
              partyId: b.betrokkene.wasPartij?.uuid ?? null,
              role: b.betrokkene.rol,
              initiator: b.betrokkene.initiator,
              details: detailsOf(b.betrokkene),
            },
            now,
          )
        : null;
      let subjectId: string | null = null;
      if (b.onderwerpobject) {
        const { subject, extras } = subjectOf(b.onderwerpobject);
        const s = await addSubject(trx, { contactId: c.id, ...subject }, now);
        await saveSubjectExtras(trx, s.id, extras);
        subjectId = s.id;
      }
      const [klantcontact] = await loadKlantcontacten(trx, u, [c.id]);
      return {
        klantcontact,
        ...(betrokkene ? { betrokkene: (await loadBetrokkenen(trx, u, [betrokkene.id]))[0] } : {}),
        ...(subjectId ? { onderwerpobject: (await loadOnderwerpobjecten(trx, u, [subjectId]))[0] } : {}),
      };
    });
    reply.header(
      'location',
      `${ctx.config.publicUrl}${kiPrefix}/klantcontacten/${result.klantcontact?.uuid}`,
    );
    return reply.status(201).send(result);
  });
}
