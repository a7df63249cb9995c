// Beheer in a real browser: the index, contact reasons (by keyboard), teams and members, employees
// and roles, API tokens (shown once, revoked), closing days; axe on every screen, 200% zoom.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabTo } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, expectReflowAt200, logIn, openBrowserPage, shot } from './support/pages.ts';

let loket: Loket;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;

beforeAll(async () => {
  loket = await startLoket();
  ({ browser, page } = await openBrowserPage());
  await logIn(page, loket.url, 'admin');
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

const open = async (linkName: string, heading: string | RegExp) => {
  await page.goto(`${loket.url}/beheer`);
  await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
  await page.getByRole('link', { name: linkName }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};

describe('Beheer', () => {
  it('is in the navigation for admins only, and its index links to every screen', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Beheer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
    for (const name of [
      /Contactredenen en servicenormen/,
      /Teams en vervangers/,
      /Medewerkers en rollen/,
      /API-tokens/,
      /Openingsdagen en sluitingsdagen/,
    ]) {
      await page.getByRole('link', { name }).waitFor();
    }
    await expectNoAxeViolations(page, 'beheer');
    await expectReflowAt200(page);
    await shot(page, '10-beheer');

    const kcc = await browser.context.browser()?.newContext();
    if (kcc) {
      const other = await kcc.newPage();
      await logIn(other, loket.url, 'kcc');
      expect(await other.getByRole('navigation').getByRole('link', { name: 'Beheer' }).count()).toBe(0);
      await other.goto(`${loket.url}/beheer/medewerkers`);
      await other.getByText('Alleen beheerders kunnen deze pagina gebruiken.').waitFor();
      await kcc.close();
    }
  });

  it('adds a contact reason with its service norm by keyboard alone, then changes it', async () => {
    await open('Contactredenen en servicenormen', 'Contactredenen en servicenormen');
    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, (el) => el.id === 'reason-label');
    await page.keyboard.type('Subsidie sportvereniging');
    await page.keyboard.press('Tab');
    await page.keyboard.type('subsidie-sport');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await tabTo(page, (el) => el.tag === 'button' && el.label === 'Toevoegen');
    await page.keyboard.press('Enter');
    await page.getByText('Contactreden ‘Subsidie sportvereniging’ toegevoegd.').waitFor();
    const row = page.locator('tr', { hasText: 'Subsidie sportvereniging' });
    await row.getByText('7 werkdagen').waitFor();
    await expectNoAxeViolations(page, 'contactredenen');
    await shot(page, '11-beheer-contactredenen');

    await row.getByRole('button', { name: /Wijzigen/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reason-form-title');
    await page.getByLabel('Servicenorm (werkdagen)').fill('3');
    await page.getByLabel('Team').selectOption({ label: 'Werk en Inkomen' });
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Contactreden ‘Subsidie sportvereniging’ opgeslagen.').waitFor();
    await row.getByText('3 werkdagen').waitFor();
    await row.getByText('Werk en Inkomen').waitFor();
    await expectReflowAt200(page);
  });

  it('shows the server’s reason when a code is taken', async () => {
    await page.getByLabel('Omschrijving').fill('Nog een paspoort');
    await page.getByLabel('Code', { exact: true }).fill('paspoort');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByRole('alert').first().waitFor();
    await expectNoAxeViolations(page, 'contactredenen met fout');
  });

  it('creates a team, sets its members and a backup owner', async () => {
    await open('Teams en vervangers', 'Teams en vervangers');
    await page.getByLabel('Naam', { exact: true }).fill('Sport en Cultuur');
    await page.getByLabel('Code').fill('sport');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByText('Team ‘Sport en Cultuur’ aangemaakt.').waitFor();
    const row = page.locator('tr', { hasText: 'Sport en Cultuur' });
    await row.getByRole('button', { name: /Wijzigen/ }).click();
    const edit = page.locator('section', {
      has: page.getByRole('heading', { name: 'Team ‘Sport en Cultuur’' }),
    });
    await edit.getByLabel('Naam').fill('Sport, Cultuur en Recreatie');
    await edit.getByRole('checkbox').first().check();
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Leden van ‘Sport, Cultuur en Recreatie’ opgeslagen.').waitFor();
    const renamed = page.locator('tr', { hasText: 'Sport, Cultuur en Recreatie' });
    await expect.poll(() => renamed.locator('td').nth(2).textContent()).not.toBe('Nog geen leden');

    await page.getByLabel('Taken van').selectOption({ label: 'Sport, Cultuur en Recreatie' });
    await page.getByLabel('Vervanger', { exact: true }).selectOption({ label: 'KCC' });
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Vervanger opgeslagen.').waitFor();
    await page.locator('tr', { hasText: 'Team Sport, Cultuur en Recreatie' }).getByText('Team KCC').waitFor();
    await expectNoAxeViolations(page, 'teams');
    await expectReflowAt200(page);
    await shot(page, '12-beheer-teams');
  });

  it('creates an employee who can log in, then deactivates them', async () => {
    await open('Medewerkers en rollen', 'Medewerkers en rollen');
    await page.getByLabel('Naam', { exact: true }).fill('Sanne de Boer');
    await page.getByLabel('Gebruikersnaam').fill('sdeboer');
    await page.getByLabel('E-mailadres').fill('s.deboer@voorbeeld.nl');
    await page.getByLabel('Wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByText('Een wachtwoord heeft minstens 10 tekens.').first().waitFor();
    await expectNoAxeViolations(page, 'medewerker met fout');
    await page.getByLabel('Wachtwoord').fill('sanne-wachtwoord');
    await page.getByRole('group', { name: 'Rollen' }).getByLabel('Backoffice').check();
    await page.getByRole('group', { name: 'Teams' }).getByLabel('Burgerzaken').check();
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByText('Account voor Sanne de Boer aangemaakt.').waitFor();
    const row = page.locator('tr', { hasText: 'Sanne de Boer' });
    await row.getByText('KCC-medewerker, Backoffice').waitFor();
    await row.getByText('Burgerzaken').waitFor();
    await expectNoAxeViolations(page, 'medewerkers');
    await expectReflowAt200(page);
    await shot(page, '13-beheer-medewerkers');

    // Outside the browser, so the admin's session cookie stays as it is.
    const loginAsSanne = () =>
      fetch(`${loket.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sdeboer', password: 'sanne-wachtwoord' }),
      });
    expect((await loginAsSanne()).status).toBe(200);
    await row.getByRole('button', { name: 'Deactiveren: Sanne de Boer' }).click();
    await page.getByText('Sanne de Boer is gedeactiveerd en kan niet meer inloggen.').waitFor();
    expect((await loginAsSanne()).status).toBe(401);
  });

  it('creates an API token that is shown once and works, then revokes it', async () => {
    await open('API-tokens', 'API-tokens');
    await page.getByLabel('Naam van de koppeling').fill('e-formulieren');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^lkt_/);
    await expectNoAxeViolations(page, 'api-tokens');
    await shot(page, '14-beheer-api-tokens');
    const withToken = () =>
      fetch(`${loket.url}/api/v1/contact-reasons`, { headers: { authorization: `Token ${token}` } });
    expect((await withToken()).status).toBe(200);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API-tokens' }).waitFor();
    expect(await page.content()).not.toContain(token);
    await page.getByRole('button', { name: 'Token e-formulieren intrekken' }).click();
    await page.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText('Token ‘e-formulieren’ is ingetrokken.').waitFor();
    expect((await withToken()).status).toBe(401);
    await expectReflowAt200(page);
  });

  it('adds and removes a closing day; shows the public holidays', async () => {
    await open('Openingsdagen en sluitingsdagen', 'Openingsdagen en sluitingsdagen');
    const year = new Date().getFullYear();
    await page.getByRole('cell', { name: 'Koningsdag' }).waitFor();
    await page.getByLabel('Jaar').selectOption(String(year + 1));
    await page.getByRole('heading', { name: `Feestdagen ${year + 1}` }).waitFor();
    const friday = new Date(Date.UTC(year + 1, 5, 1));
    while (friday.getUTCDay() !== 5) friday.setUTCDate(friday.getUTCDate() + 1);
    await page.getByLabel('Datum').fill(friday.toISOString().slice(0, 10));
    await page.getByLabel('Reden').fill('Dag na Hemelvaart');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    const row = page.locator('tr', { hasText: 'Dag na Hemelvaart' });
    await row.waitFor();
    await expectNoAxeViolations(page, 'kalender');
    await expectReflowAt200(page);
    await shot(page, '15-beheer-kalender');
    await row.getByRole('button', { name: /verwijderen/i }).click();
    await row.waitFor({ state: 'detached' });
  });
});
