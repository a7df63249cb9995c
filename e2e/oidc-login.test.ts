// Logging in through the municipality's identity provider, for real: a local OpenID Connect provider
// (oidc-provider) and Loket on 127.0.0.1; the employee clicks "Inloggen met uw organisatieaccount",
// signs in and consents at the IdP, and is back in the werkplek with the roles and team from the claims.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config.ts';
import { startTestIdp, type TestIdp } from '../server/src/modules/access/oidc.test-idp.ts';
import { startServer } from '../server/src/server.ts';
import { launchBrowser } from './support/browser.ts';
import { expectNoAxeViolations, expectReflowAt200, shot } from './support/pages.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const secret = 'loket-e2e-geheim-van-minstens-32-tekens';
let idp: TestIdp;
let server: Awaited<ReturnType<typeof startServer>>;
let url: string;
let dataDir: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  // The redirect URI is registered at the IdP before Loket starts, so Loket's port is chosen first.
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({
    clientId: 'loket',
    clientSecret: secret,
    redirectUri: `${url}/api/v1/auth/oidc/callback`,
    accounts: {
      'a.bakker': {
        preferred_username: 'a.bakker',
        name: 'Anouk Bakker',
        email: 'a.bakker@voorbeeld.nl',
        roles: ['kcc-medewerker'],
        groups: ['/burgerzaken'],
      },
    },
  });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loket-e2e-oidc-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOKET_PUBLIC_URL: url,
    LOKET_DATA_DIR: dataDir,
    LOKET_SEED: 'demo',
    LOKET_LOG_LEVEL: 'silent',
    LOKET_SMTP_PORT: '0',
    LOKET_OIDC_ISSUER: idp.issuer,
    LOKET_OIDC_CLIENT_ID: 'loket',
    LOKET_OIDC_CLIENT_SECRET: secret,
    LOKET_OIDC_SCOPES: 'openid profile email roles',
    LOKET_OIDC_ROLE_MAP: 'kcc-medewerker=kcc',
    LOKET_OIDC_TEAMS_CLAIM: 'groups',
  });
  server = await startServer(config);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('login with the organisation account (OpenID Connect)', () => {
  it('shows the IdP button above the local login, without violations', async () => {
    await page.goto(`${url}/taken`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByRole('link', { name: 'Inloggen met uw organisatieaccount' }).waitFor();
    await page.getByLabel('Gebruikersnaam').waitFor();
    await expectNoAxeViolations(page, 'inloggen met organisatieaccount');
    await expectReflowAt200(page);
    await shot(page, '50-inloggen-organisatieaccount');
  });

  it('logs in at the IdP by clicking the button and returns to the page asked for', async () => {
    await page.getByRole('link', { name: 'Inloggen met uw organisatieaccount' }).click();
    // oidc-provider's own sign-in page, then its consent page.
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('a.bakker');
    await page.locator('input[name="password"]').fill('wat-dan-ook');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: /continue/i }).click();
    await page.waitForURL((u) => u.origin === url && u.pathname === '/taken');
    await page.getByRole('heading', { level: 1, name: 'Taken' }).waitFor();
    await page.getByText('Anouk Bakker').waitFor();
    const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()));
    expect(me).toMatchObject({ username: 'a.bakker', roles: ['kcc'], teams: [{ code: 'burgerzaken' }] });
  });
});
