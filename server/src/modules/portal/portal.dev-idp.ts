// The development IdP of the embedded default: a real OpenID Connect provider (oidc-provider) inside
// Loket at /dev-idp, standing in for DigiD / eHerkenning through a broker. Its login page lets you pick
// a demo resident (BSN) or business (KvK-nummer). Only when no LOKET_RESIDENT_OIDC_ISSUER is set and
// NODE_ENV is not production (config.ts); oidc-provider is loaded only then.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, AppContext } from '../../platform/app.ts';
import { getParties, listIdentifiers } from '../parties/parties.service.ts';

const prefix = '/dev-idp';

type Provider = {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ uid: string; params: Record<string, unknown> }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: unknown, o?: unknown): Promise<void>;
  Grant: new (o: {
    accountId: string;
    clientId: string;
  }) => {
    addOIDCScope(s: string): void;
    save(): Promise<string>;
  };
};

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Demo people and businesses to pick from: the first few parties with a BSN and with a KvK-nummer. */
async function candidates(ctx: AppContext) {
  const page = { offset: 0, limit: 6 };
  const [bsn, kvk] = await Promise.all([
    listIdentifiers(ctx.db, { type: 'bsn' }, page),
    listIdentifiers(ctx.db, { type: 'kvk_nummer' }, page),
  ]);
  const parties = await getParties(
    ctx.db,
    [...bsn.items, ...kvk.items].map((i) => i.partyId),
  );
  const name = (id: string) => parties.find((p) => p.id === id)?.displayName ?? '';
  return [
    ...bsn.items.map((i) => ({ account: `bsn:${i.value}`, label: `${name(i.partyId)} (BSN ${i.value})` })),
    ...kvk.items.map((i) => ({ account: `kvk:${i.value}`, label: `${name(i.partyId)} (KvK ${i.value})` })),
  ];
}

function page(uid: string, people: { account: string; label: string }[]) {
  const buttons = people
    .map(
      (p) =>
        `<li><button type="submit" name="account" value="${esc(p.account)}">${esc(p.label)}</button></li>`,
    )
    .join('');
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ontwikkel-inlogdienst</title><style>body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem}
button{margin:.25rem 0;padding:.5rem 1rem;font-size:1rem}button:focus{outline:3px solid #000;outline-offset:2px}</style></head>
<body><main><h1>Ontwikkel-inlogdienst (geen echte DigiD)</h1>
<p>Kies een demo-inwoner of -bedrijf, of vul een BSN of KvK-nummer in.</p>
<form method="post" action="${prefix}/interaction/${esc(uid)}"><ul>${buttons}</ul>
<p><label for="bsn">BSN</label> <input id="bsn" name="bsn" inputmode="numeric" autocomplete="off"> <button type="submit">Inloggen met BSN</button></p>
</form>
<form method="post" action="${prefix}/interaction/${esc(uid)}">
<p><label for="kvk">KvK-nummer</label> <input id="kvk" name="kvk" inputmode="numeric" autocomplete="off"> <button type="submit">Inloggen met KvK-nummer</button></p>
</form>
<form method="post" action="${prefix}/interaction/${esc(uid)}"><button type="submit" name="abort" value="1">Annuleren</button></form>
</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function accountFrom(form: URLSearchParams): string | null {
  const picked = form.get('account');
  if (picked && /^(bsn:\d{9}|kvk:\d{8})$/.test(picked)) return picked;
  const bsn = form.get('bsn')?.replace(/\D/g, '');
  if (bsn && /^\d{8,9}$/.test(bsn)) return `bsn:${bsn.padStart(9, '0')}`;
  const kvk = form.get('kvk')?.replace(/\D/g, '');
  if (kvk && /^\d{8}$/.test(kvk)) return `kvk:${kvk}`;
  return null;
}

export async function devIdpRoutes(app: App, ctx: AppContext) {
  const rc = ctx.config.resident;
  if (!rc?.devIdp || ctx.config.env === 'production') return;
  // oidc-provider is a development dependency: without it (npm ci --omit=dev) the dev IdP stays off.
  const loaded = await import('oidc-provider').catch(() => null);
  if (!loaded) {
    app.log.warn('oidc-provider ontbreekt: de ontwikkel-IdP voor MijnGemeente (/dev-idp) staat uit');
    return;
  }
  const OidcProvider = loaded.default;
  const provider = new OidcProvider(rc.issuer, {
    clients: [
      {
        client_id: rc.clientId,
        client_secret: rc.clientSecret,
        redirect_uris: [rc.redirectUrl],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub', rc.bsnClaim, rc.kvkClaim, 'name'] },
    async findAccount(_c, id) {
      const [kind, value] = id.split(':');
      if (!value || (kind !== 'bsn' && kind !== 'kvk')) return undefined;
      const claim = kind === 'bsn' ? rc.bsnClaim : rc.kvkClaim;
      return { accountId: id, claims: async () => ({ sub: id, [claim]: value }) };
    },
    interactions: { url: (_c, interaction) => `${prefix}/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['loket-dev-idp-alleen-voor-ontwikkeling'] },
    ttl: { Session: 15 * 60, Interaction: 15 * 60, Grant: 15 * 60, AccessToken: 5 * 60, IdToken: 5 * 60 },
  }) as unknown as Provider;
  const handle = provider.callback();
  const clientId = rc.clientId;

  async function interaction(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(details.uid, await candidates(ctx)));
      return;
    }
    const form = await readForm(req);
    if (form.get('abort')) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = accountFrom(form);
    if (!accountId) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(details.uid, await candidates(ctx)).replace(
          '<ul>',
          '<p role="alert">Kies een inwoner of vul een geldig nummer in.</p><ul>',
        ),
      );
      return;
    }
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  await app.register(async (scope) => {
    scope.addHook('onRequest', (req, reply, done) => {
      reply.hijack();
      const raw = req.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(prefix.length) || '/';
      if (raw.url.startsWith('/interaction/')) {
        interaction(raw, reply.raw).catch(() => {
          if (!reply.raw.headersSent)
            reply.raw.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
          reply.raw.end('Deze inlogpoging is verlopen. Begin opnieuw.');
        });
      } else handle(raw, reply.raw);
      done();
    });
    const noop = async () => undefined;
    scope.all(prefix, { schema: { hide: true } }, noop);
    scope.all(`${prefix}/*`, { schema: { hide: true } }, noop);
  });
}
