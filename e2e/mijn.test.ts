// MijnGemeente in the browser: a resident logs in through the development IdP (oidc-provider at
// /dev-idp, standing in for DigiD), sees their own cases, callback requests, contacts and notifications
// and nothing of another resident, asks a question and sees it at once; 375 px wide, axe 0 violations.
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config.ts';
import type { Db } from '../server/src/db/connect.ts';
import { createCase } from '../server/src/modules/cases/cases.service.ts';
import { registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import { createParty } from '../server/src/modules/parties/parties.service.ts';
import { createTask } from '../server/src/modules/tasks/tasks.service.ts';
import { createClock } from '../server/src/platform/clock.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, openBrowserPage, shot } from './support/pages.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let loket: Loket;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;
const scripts: string[] = [];

async function resident(db: Db, surname: string, bsn: string, key: string) {
  const party = await createParty(db, {
    kind: 'person',
    givenNames: 'Proef',
    surname,
    identifiers: [{ type: 'bsn', value: bsn }],
  });
  const who = { parties: [{ partyId: party.id, role: 'klant' as const, initiator: true }] };
  await registerContact(db, {
    channel: 'phone',
    direction: 'in',
    subject: `Vraag over de afvalpas (${key})`,
    content: `Interne notitie over ${key}`,
    result: `Nieuwe afvalpas wordt opgestuurd (${key})`,
    ...who,
  });
  await registerContact(db, {
    channel: 'email',
    direction: 'out',
    subject: `Uw afvalpas is verstuurd (${key})`,
    content: 'Uw nieuwe afvalpas is vandaag verstuurd.',
    ...who,
  });
  const settings = loadConfig({ NODE_ENV: 'test' }).tasks;
  await createTask(
    db,
    {
      kind: 'callback',
      subject: `Terugbellen over kwijtschelding (${key})`,
      partyId: party.id,
      callback: { channel: 'phone', address: '0612345678' },
      owner: { kind: 'team', id: 'kcc' },
    },
    undefined,
    createClock(),
    settings,
  );
  await createCase(
    db,
    {
      caseType: 'parkeervergunning',
      subject: `Parkeervergunning ${key}`,
      parties: [{ partyId: party.id }],
    },
    undefined,
    createClock(),
  );
}

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  loket = await startLoket({ env: { PORT: String(port), LOKET_PUBLIC_URL: url } });
  await resident(loket.db, 'Anemoon', '999993653', 'Anemoon');
  await resident(loket.db, 'Berk', '111222333', 'Berk');
  ({ browser, page } = await openBrowserPage());
  await page.setViewportSize({ width: 375, height: 812 });
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

async function logInAs(bsn: string) {
  await page.goto(`${loket.url}/mijn`);
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await page.getByRole('heading', { name: /Ontwikkel-inlogdienst/ }).waitFor();
  await page.getByLabel('BSN').fill(bsn);
  await page.getByRole('button', { name: 'Inloggen met BSN' }).click();
  await page.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();
}

async function noSidewaysScroll() {
  const { scroll, client, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
  expect(wide, 'elementen breder dan 375 px').toEqual([]);
  expect(scroll).toBeLessThanOrEqual(client);
}

describe('MijnGemeente', () => {
  it('shows the login page with the DigiD button, without loading the werkplek', async () => {
    await page.goto(`${loket.url}/mijn`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen bij MijnGemeente' }).waitFor();
    await expect(page.getByRole('link', { name: 'Inloggen met DigiD' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Inloggen met eHerkenning' }).isVisible()).resolves.toBe(
      true,
    );
    await noSidewaysScroll();
    await expectNoAxeViolations(page, 'MijnGemeente inloggen');
    await shot(page, 'mijn-inloggen');
    expect(scripts.some((s) => s.includes('/mijn-app-'))).toBe(true);
    expect(scripts.filter((s) => /\/assets\/(app|layout|login-page|start-page)-/.test(s))).toEqual([]);
  });

  it('logs a resident in through the development IdP and shows only their own data', async () => {
    await logInAs('999993653');
    const main = page.locator('main');
    await main.getByText('Parkeervergunning Anemoon').waitFor();
    const text = await main.innerText();
    expect(text).toContain('Nieuwe afvalpas wordt opgestuurd (Anemoon)');
    expect(text).toContain('Uw afvalpas is verstuurd (Anemoon)');
    expect(text).toContain('Terugbellen over kwijtschelding (Anemoon)');
    expect(text).not.toContain('Interne notitie');
    expect(text).not.toContain('Berk');
    await noSidewaysScroll();
    await expectNoAxeViolations(page, 'MijnGemeente overzicht');
    await shot(page, 'mijn-overzicht');

    await page.getByRole('link', { name: 'Parkeervergunning Anemoon' }).click();
    await page.getByRole('heading', { level: 2, name: 'Statusgeschiedenis' }).waitFor();
    await noSidewaysScroll();
    await expectNoAxeViolations(page, 'MijnGemeente zaak');
    await shot(page, 'mijn-zaak');
    await page.getByRole('link', { name: 'Terug naar het overzicht' }).click();
  });

  it('asks a question with a callback request and sees it at once', async () => {
    await page.getByRole('link', { name: 'Stel een vraag' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stel een vraag' }).waitFor();
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.getByText('Vul dit veld in.').first().waitFor();
    await page.getByLabel('Onderwerp van uw vraag').fill('Wanneer komt de grofvuilwagen?');
    await page.getByLabel('Uw vraag', { exact: true }).fill('Ik wil een oude bank laten ophalen.');
    await page.getByLabel('Ik wil teruggebeld worden').check();
    await page.getByLabel('Telefoonnummer').fill('0612345678');
    await noSidewaysScroll();
    await expectNoAxeViolations(page, 'MijnGemeente vraag');
    await shot(page, 'mijn-vraag');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.getByText('Uw vraag is verstuurd.').waitFor();
    const main = page.locator('main');
    // In the contacts and in the callback requests.
    await main.getByText('Wanneer komt de grofvuilwagen?').nth(1).waitFor();
    await expect(main.getByText('Wanneer komt de grofvuilwagen?').count()).resolves.toBe(2);
  });

  it('logs out, and the other resident sees none of it', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByText('U bent uitgelogd.').waitFor();
    await logInAs('111222333');
    await page.locator('main').getByText('Parkeervergunning Berk').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Anemoon');
    expect(text).not.toContain('grofvuilwagen');
    await expectNoAxeViolations(page, 'MijnGemeente overzicht Berk');
  });
});
