// The kennisbank in a real browser: Dutch full-text search, an article with its employees-only work
// instructions, the suggestions beside registration, admin editing with history, and import.
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
  await logIn(page, loket.url, 'kcc');
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

async function logOut() {
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
}

describe('kennisbank', () => {
  it('searches in Dutch by keyboard and marks the words that matched', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Kennisbank' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kennisbank' }).waitFor();
    await page.getByRole('heading', { name: 'Alle artikelen' }).waitFor();
    expect(await page.locator('.loket-kb-results > li').count()).toBeGreaterThan(10);
    // A kcc employee does not edit.
    expect(await page.getByRole('link', { name: 'Nieuw artikel' }).count()).toBe(0);

    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, (el) => el.id === 'kb-q');
    await page.keyboard.type('paspoort kwijt');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /gevonden voor ‘paspoort kwijt’/ }).waitFor();
    const first = page.locator('.loket-kb-results > li').first();
    await expect.poll(() => first.locator('a').textContent()).toMatch(/kwijt|gestolen/i);
    expect(await page.locator('.loket-kb-results mark').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'kennisbank zoeken');
    await expectReflowAt200(page);
    await shot(page, '40-kennisbank-zoeken');
  });

  it('opens an article with its public parts and the employees-only work instruction', async () => {
    await page.goto(`${loket.url}/kennisbank?q=${encodeURIComponent('paspoort aanvragen')}`);
    await page
      .getByRole('link', { name: /^Paspoort/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /Paspoort/ }).waitFor();
    for (const h of ['Wat is het', 'Voorwaarden', 'Kosten', 'Aanvragen']) {
      await page.getByRole('heading', { level: 2, name: h }).waitFor();
    }
    const internal = page.locator('.loket-kb-internal');
    await internal.getByRole('heading', { name: /Werkinstructie/ }).waitFor();
    await internal.getByText('Alleen voor medewerkers').waitFor();
    expect(await page.getByRole('link', { name: 'Bewerken' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'kennisbankartikel');
    await expectReflowAt200(page);
    await shot(page, '41-kennisbank-artikel');
  });

  it('suggests articles for the chosen contact reason beside the registration form', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Contact registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contact registreren' }).waitFor();
    const panel = page.getByRole('complementary', { name: 'Uit de kennisbank' });
    await panel.getByText(/Kies een contactreden/).waitFor();
    await page.locator('#contact-reason').focus();
    await page.keyboard.type('paspo');
    await page.keyboard.press('Enter');
    await panel
      .getByRole('link', { name: /Paspoort/ })
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'registreren met kennisbankpaneel');
    await expectReflowAt200(page);
    await shot(page, '42-kennisbank-suggesties');
    await panel
      .getByRole('link', { name: /Paspoort/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /Paspoort/ }).waitFor();
  });

  it('lets an admin edit an article; the history shows both versions', async () => {
    await logOut();
    await logIn(page, loket.url, 'admin');
    await page.goto(`${loket.url}/beheer/kennisbank`);
    await page.getByRole('heading', { level: 1, name: 'Kennisbank bewerken' }).waitFor();
    await expectNoAxeViolations(page, 'beheer kennisbank');
    await page.getByRole('link', { name: /^Bewerken: Grofvuil/ }).click();
    await page.getByRole('heading', { level: 1, name: /bewerken/ }).waitFor();
    await page
      .getByLabel('Samenvatting')
      .fill('Grofvuil laat u gratis ophalen, vier keer per jaar, op afspraak.');
    await page.getByLabel('Trefwoorden').fill('grofvuil, bankstel, matras, ophalen');
    await expectNoAxeViolations(page, 'artikel bewerken');
    await shot(page, '43-kennisbank-bewerken');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: /^Grofvuil/ }).waitFor();
    await page.getByText('Grofvuil laat u gratis ophalen, vier keer per jaar, op afspraak.').waitFor();
    await page.getByRole('link', { name: 'Geschiedenis' }).click();
    await page.getByRole('heading', { level: 1, name: /Geschiedenis van/ }).waitFor();
    await page.getByText('Gewijzigd: samenvatting, trefwoorden').waitFor();
    await page.getByText('huidige versie').waitFor();
    await page.getByRole('button', { name: 'Toon versie 1' }).click();
    await page.locator('#kb-version-1').waitFor();
    await expectNoAxeViolations(page, 'geschiedenis');
    await expectReflowAt200(page);
    await shot(page, '44-kennisbank-geschiedenis');
  });

  it('refuses an invalid import whole, then imports JSON and Markdown', async () => {
    await page.goto(`${loket.url}/kennisbank/importeren`);
    await page.getByRole('heading', { level: 1, name: 'Artikelen importeren' }).waitFor();
    await page.getByLabel('Of plak JSON').fill(JSON.stringify([{ slug: 'Geen Goede Slug', title: '' }]));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page
      .getByRole('alert')
      .getByText(/De import is niet uitgevoerd/)
      .waitFor();
    await expectNoAxeViolations(page, 'import met fouten');

    const json = [
      {
        slug: 'sportsubsidie',
        title: 'Sportsubsidie voor verenigingen',
        summary: 'Verenigingen vragen jaarlijks subsidie aan voor jeugdleden.',
        description: 'Een bijdrage per jeugdlid.',
        workInstructions: 'Doorverbinden met team Sport.',
        keywords: ['sport', 'subsidie'],
        status: 'published',
      },
    ];
    const markdown = [
      '---',
      'title: Speeltuin melden',
      'summary: Kapot speeltoestel? Meld het meteen.',
      'status: published',
      '---',
      '',
      '## Wat is het',
      '',
      'Een melding over een speeltoestel in de openbare ruimte.',
      '',
    ].join('\n');
    await page.getByLabel('Of plak JSON').fill(JSON.stringify(json));
    await page.getByLabel('Bestanden (.json of .md)').setInputFiles({
      name: 'speeltuin-melden.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(markdown),
    });
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByText('Controle geslaagd: er is nog niets opgeslagen.').waitFor();
    await page.getByText('Nieuw: 2', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Importeren' }).click();
    await page.getByText('Import uitgevoerd.').waitFor();
    await expectNoAxeViolations(page, 'import gelukt');
    await shot(page, '45-kennisbank-import');

    await page.goto(`${loket.url}/kennisbank?q=sportsubsidie`);
    await page.getByRole('link', { name: 'Sportsubsidie voor verenigingen' }).waitFor();
  });
});
