// The VNG Klantinteracties API (0.9.0), served natively on Loket's own data under
// /klantinteracties/api/v1. The one place with the standard's Dutch field names.
import type { FastifyError } from 'fastify';
import type { App, AppContext } from '../../platform/app.ts';
import { AppError } from '../../platform/errors.ts';
import { actorenRoutes } from './actoren.routes.ts';
import { actorklantcontactenRoutes } from './actorklantcontacten.routes.ts';
import { betrokkenenRoutes } from './betrokkenen.routes.ts';
import { bijlagenRoutes } from './bijlagen.routes.ts';
import { categorieRelatiesRoutes } from './categorie-relaties.routes.ts';
import { categorieenRoutes } from './categorieen.routes.ts';
import { digitaleadressenRoutes } from './digitaleadressen.routes.ts';
import { apiVersion, kiPrefix } from './http.ts';
import { internetakenRoutes } from './internetaken.routes.ts';
import { klantcontactenRoutes } from './klantcontacten.routes.ts';
import { maakKlantcontactRoutes } from './maak-klantcontact.routes.ts';
import { onderwerpobjectenRoutes } from './onderwerpobjecten.routes.ts';
import { partijIdentificatorenRoutes } from './partij-identificatoren.routes.ts';
import { partijenRoutes } from './partijen.routes.ts';
import { rekeningnummersRoutes } from './rekeningnummers.routes.ts';
import { vertegenwoordigingenRoutes } from './vertegenwoordigingen.routes.ts';

/** Names the core's services use in invalidParams, as this API calls them. */
const fieldNames: Record<string, string> = {
  partyId: 'wasPartij',
  channel: 'kanaal',
  subject: 'onderwerp',
  content: 'inhoud',
  result: 'reactie',
  language: 'taal',
  occurredAt: 'plaatsgevondenOp',
  value: 'adres',
  bsn: 'partijIdentificator.objectId',
  identifier: 'partijIdentificator.objectId',
  surname: 'partijIdentificatie.contactnaam.achternaam',
  organisationName: 'partijIdentificatie.naam',
  postcode: 'postcode',
};

export async function klantinteractiesApi(app: App, ctx: AppContext) {
  await app.register(
    async (ki) => {
      // The standard authenticates with `Authorization: Token <token>`: the app's API tokens.
      // The platform already resolved (or refused) the token; here a request without one stops.
      ki.addHook('preHandler', async (req) => {
        if (req.actor?.kind !== 'application') {
          throw new AppError(
            'unauthenticated',
            "Authenticatie vereist: stuur 'Authorization: Token <token>'.",
          );
        }
      });
      ki.addHook('onSend', async (_req, reply, payload) => {
        reply.header('API-version', apiVersion);
        return payload;
      });
      ki.setErrorHandler((err: FastifyError, _req, _reply) => {
        if (err instanceof AppError) {
          for (const p of err.invalidParams) p.name = fieldNames[p.name] ?? p.name;
        }
        throw err; // rendered as problem details by the platform's handler
      });

      partijenRoutes(ki, ctx);
      partijIdentificatorenRoutes(ki, ctx);
      digitaleadressenRoutes(ki, ctx);
      klantcontactenRoutes(ki, ctx);
      betrokkenenRoutes(ki, ctx);
      onderwerpobjectenRoutes(ki, ctx);
      maakKlantcontactRoutes(ki, ctx);
      categorieRelatiesRoutes(ki, ctx);
      internetakenRoutes(ki, ctx);
      actorenRoutes(ki, ctx);
      actorklantcontactenRoutes(ki, ctx);
      bijlagenRoutes(ki, ctx);
      rekeningnummersRoutes(ki, ctx);
      vertegenwoordigingenRoutes(ki, ctx);
      categorieenRoutes(ki, ctx);
    },
    { prefix: kiPrefix },
  );
}
