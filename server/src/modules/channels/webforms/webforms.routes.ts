// POST /api/v1/forms/submissions: a form engine (Open Formulieren, the website's CMS) hands in a
// submitted form with an API token that may write contacts.
import { authorise } from '../../../platform/actor.ts';
import type { App, AppContext } from '../../../platform/app.ts';
import { formSubmission } from './webforms.schemas.ts';
import { receiveSubmission } from './webforms.service.ts';

export function webformsRoutes(app: App, ctx: AppContext) {
  // Attachments come base64-encoded in the JSON: room for a few at the attachment limit.
  const bodyLimit = ctx.config.bodyLimit + Math.ceil((ctx.config.attachmentLimit * 4) / 3) * 3;
  app.post(
    '/forms/submissions',
    {
      bodyLimit,
      schema: {
        tags: ['kanalen'],
        summary: 'Ingediend e-formulier vastleggen als klantcontact (zelfde referentie: eerste contact, 200)',
        body: formSubmission,
      },
    },
    async (req, reply) => {
      const actor = authorise(req.actor, 'contacts:write');
      const { created, submission } = await receiveSubmission(ctx, req.body, actor);
      return reply.status(created ? 201 : 200).send(submission);
    },
  );
}
