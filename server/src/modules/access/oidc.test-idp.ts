// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 for tests: the server's
// OIDC tests and the browser test that clicks "Inloggen met uw organisatieaccount". Any password is
// accepted for the accounts given; the claims are what the IdP releases for them.
import http from 'node:http';
import type net from 'node:net';
import Provider from 'oidc-provider';

export type TestIdp = { issuer: string; close: () => Promise<void> };

export async function startTestIdp(opts: {
  accounts: Record<string, Record<string, unknown>>;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      roles: ['roles', 'groups'],
    },
    async findAccount(_ctx, id) {
      const claims = opts.accounts[id];
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
    cookies: { keys: ['sleutel-voor-de-test-idp-cookies'] },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
