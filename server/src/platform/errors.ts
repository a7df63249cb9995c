// Domain errors carry a code; one handler (http-errors.ts) turns them into RFC 9457 problem details.
export type InvalidParam = { name: string; code: string; reason: string };

export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'gone'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_gateway';

const statusByCode: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  bad_gateway: 502,
};

export const titleByStatus: Record<number, string> = {
  400: 'Ongeldige invoer',
  401: 'Niet ingelogd',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  409: 'Conflict',
  410: 'Niet meer geldig',
  413: 'Verzoek te groot',
  415: 'Inhoudstype niet ondersteund',
  422: 'Verzoek kan niet worden verwerkt',
  429: 'Te veel verzoeken',
  500: 'Interne fout',
  502: 'Gekoppeld systeem antwoordt niet goed',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly invalidParams: InvalidParam[];

  constructor(code: ErrorCode, message: string, invalidParams: InvalidParam[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
    this.invalidParams = invalidParams;
  }
}

export const invalid = (name: string, reason: string, code = 'invalid'): AppError =>
  new AppError('invalid', reason, [{ name, code, reason }]);

export const notFound = (what: string): AppError => new AppError('not_found', `${what} niet gevonden.`);

export const conflict = (message: string, name?: string): AppError =>
  new AppError('conflict', message, name ? [{ name, code: 'unique', reason: message }] : []);

export const forbidden = (message = 'U heeft geen toegang tot deze gegevens.'): AppError =>
  new AppError('forbidden', message);

export const unprocessable = (name: string, reason: string): AppError =>
  new AppError('unprocessable', reason, [{ name, code: 'invalid', reason }]);
