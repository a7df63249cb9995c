// Maps every error to RFC 9457 problem details with a Dutch message. A client can never cause a 500:
// validation, parse, size and database-constraint errors all become 4xx here.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type InvalidParam, titleByStatus } from './errors.ts';

export type Problem = {
  type: string;
  code: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  invalidParams?: InvalidParam[];
};

export function problem(
  req: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  invalidParams?: InvalidParam[],
): Problem {
  return {
    type: `https://loket.dev/problemen/${code}`,
    code,
    title: titleByStatus[status] ?? 'Fout',
    status,
    detail,
    // The path only: a query string may hold a BSN or a name, and problem bodies end up in clients' logs.
    instance: req.url.split('?')[0] ?? req.url,
    ...(invalidParams && invalidParams.length > 0 ? { invalidParams } : {}),
  };
}

function send(reply: FastifyReply, body: Problem) {
  return reply.status(body.status).type('application/problem+json').send(body);
}

const zodMessageNl = (message: string, code: string): string => {
  if (code === 'invalid_type' && /received undefined/.test(message)) return 'Dit veld is verplicht.';
  if (code === 'invalid_type') return 'Ongeldig type.';
  if (code === 'too_big') return 'Waarde is te lang of te groot.';
  if (code === 'too_small') return 'Waarde is te kort of te klein.';
  if (code === 'invalid_format') return 'Ongeldig formaat.';
  if (code === 'invalid_value') return 'Ongeldige waarde.';
  if (code === 'unrecognized_keys') return 'Onbekend veld.';
  return message;
};

type PgError = { code?: string; constraint?: string; detail?: string };

function fromDatabase(err: PgError): AppError | null {
  switch (err.code) {
    case '23505':
      return new AppError('conflict', 'Dit gegeven bestaat al.', [
        { name: err.constraint ?? 'unique', code: 'unique', reason: 'Dit gegeven bestaat al.' },
      ]);
    case '23503':
      return new AppError('unprocessable', 'Een verwijzing in het verzoek bestaat niet.', [
        { name: err.constraint ?? 'reference', code: 'does_not_exist', reason: 'Verwijzing bestaat niet.' },
      ]);
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22P05': // a NUL character in text or JSON
    case '22021': // a character the database encoding cannot hold
      return new AppError('invalid', 'Een waarde in het verzoek heeft een ongeldig formaat.');
    case '23514':
      return new AppError('invalid', 'Een waarde in het verzoek is niet toegestaan.');
    default:
      return null;
  }
}

export function installErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) =>
    send(reply, problem(req, 404, 'not_found', `Geen resource op ${req.method} ${req.url.split('?')[0]}.`)),
  );

  app.setErrorHandler((err: FastifyError & PgError, req, reply) => {
    if (err instanceof AppError) {
      return send(reply, problem(req, err.status, err.code, err.message, err.invalidParams));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const invalidParams = err.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const reason = zodMessageNl(v.message ?? '', v.keyword);
        // An unknown field is named by its own key, so the client sees which one to drop.
        const keys = (v.params as { keys?: unknown }).keys;
        if (v.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
          return keys.map((k) => ({
            name: path ? `${path}.${String(k)}` : String(k),
            code: v.keyword,
            reason,
          }));
        }
        return [{ name: path || where, code: v.keyword, reason }];
      });
      const fields = invalidParams.map((i) => i.name).join(', ');
      return send(reply, problem(req, 400, 'invalid', `Ongeldige invoer in: ${fields}.`, invalidParams));
    }
    const dbError = fromDatabase(err);
    if (dbError)
      return send(reply, problem(req, dbError.status, dbError.code, dbError.message, dbError.invalidParams));

    const status = err.statusCode ?? 500;
    if (status === 413)
      return send(reply, problem(req, 413, 'payload_too_large', 'Het verzoek is te groot.'));
    if (status === 415)
      return send(
        reply,
        problem(req, 415, 'unsupported_media_type', 'Dit inhoudstype wordt niet ondersteund.'),
      );
    if (status >= 400 && status < 500) {
      const detail =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.name === 'SyntaxError'
          ? 'De body is geen geldige JSON.'
          : (titleByStatus[status] ?? 'Ongeldig verzoek.');
      return send(reply, problem(req, status, 'invalid', detail));
    }
    // Log the error class and code only: messages may quote personal data from a query.
    req.log.error({ err: { type: err.name, code: err.code, stack: err.stack } }, 'onverwachte fout');
    return send(reply, problem(req, 500, 'server_error', 'Er ging iets mis. Probeer het later opnieuw.'));
  });
}
