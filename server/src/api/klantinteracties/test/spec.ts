// The Klantinteracties spec as test oracle: every response a KI test produces is validated against
// the spec's response schema by openapi-enforcer (an OpenAPI 3 validator that understands the
// spec's discriminated oneOf for partijen and actoren, which plain JSON-schema validators reject).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Enforcer from 'openapi-enforcer';
import { parse } from 'yaml';

export const specFile = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../spec/klantinteracties-openapi.yaml',
);

type Operation = Record<string, unknown> & { responses: Record<string, unknown> };
export type Spec = { paths: Record<string, Record<string, Operation>> };

export const loadSpec = (): Spec => parse(readFileSync(specFile, 'utf8')) as Spec;

export const httpMethods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every path + method of the spec, e.g. ['GET', '/partijen/{uuid}']. */
export function specOperations(spec: Spec = loadSpec()): [string, string][] {
  const out: [string, string][] = [];
  for (const [p, ops] of Object.entries(spec.paths)) {
    for (const m of httpMethods) if (ops[m]) out.push([m.toUpperCase(), p]);
  }
  return out;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const passThrough = ({ value }: { value: unknown }) => value;

function defineFormat(format: string, check: (v: string) => boolean, what: string) {
  // biome-ignore lint/suspicious/noExplicitAny: openapi-enforcer ships no useful types
  (Enforcer as any).v3_0.Schema.defineDataTypeFormat('string', format, {
    constructors: [String],
    deserialize: passThrough,
    serialize: passThrough,
    validate: ({ exception, value }: { exception: { message: (m: string) => void }; value: unknown }) => {
      if (typeof value !== 'string' || !check(value))
        exception.message(`Expected ${what}. Received: ${String(value)}`);
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: openapi-enforcer ships no useful types
let enforcer: Promise<any> | undefined;
function openapi() {
  if (!enforcer) {
    defineFormat('uuid', (v) => uuidPattern.test(v), 'a uuid');
    defineFormat('uri', (v) => URL.canParse(v), 'an absolute uri');
    defineFormat('email', (v) => /^[^\s@]+@[^\s@]+$/.test(v), 'an e-mail address');
    enforcer = Enforcer(loadSpec(), { fullResult: true }).then(([api, err]: [unknown, unknown]) => {
      if (err) throw new Error(String(err));
      return api;
    });
  }
  return enforcer;
}

const templates = Object.keys(loadSpec().paths).map((p) => ({
  template: p,
  re: new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The spec path a concrete path (without prefix and query) belongs to. */
export const templateOf = (p: string): string | undefined => templates.find((t) => t.re.test(p))?.template;

/**
 * Validate one response against the spec. Returns null when valid, else a readable message.
 * Statuses the spec does not document (errors) are not part of it and pass here.
 */
export async function validateResponse(
  method: string,
  pathname: string,
  status: number,
  body: unknown,
): Promise<string | null> {
  const template = templateOf(pathname);
  if (!template) return `${method} ${pathname}: not a path of the spec`;
  const api = await openapi();
  const op = api.paths[template]?.[method.toLowerCase()];
  if (!op) return `${method} ${template}: not an operation of the spec`;
  const response = op.responses[String(status)];
  if (!response) return null;
  const schema = response.content?.['application/json']?.schema;
  if (!schema)
    return body === undefined || body === '' ? null : `${method} ${template} ${status}: expected no body`;
  const [value, deserializeError] = schema.deserialize(body);
  if (deserializeError) return `${method} ${template} ${status}:\n${deserializeError}`;
  const error = schema.validate(value);
  return error ? `${method} ${template} ${status}:\n${error}` : null;
}
