// Stuurinformatie in a real browser: the manager's dashboard on the demo municipality, table views,
// filters, drill-down, a new contact appearing live, bad input, and the repeat text in the customer
// view; axe on every screen, 200% zoom.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import { createParty } from '../server/src/modules/parties/parties.service.ts';
import { launchBrowser } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, expectReflowAt200, logIn, shot } from './support/pages.ts';

let loket: Loket;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  loket = await startLoket();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await logIn(page, loket.url, 'manager');
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

const kpi = (name: string) => page.locator('.loket-kpi', { has: page.getByText(name, { exact: true }) });

describe('Stuurinformatie', () => {
  it('shows the figures of the last 30 days with a table view for every chart', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Stuurinformatie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stuurinformatie' }).waitFor();
    await kpi('Contacten').locator('.loket-kpi__value').waitFor();
    expect(
      Number((await kpi('Contacten').locator('.loket-kpi__value').innerText()).replace(/\D/g, '')),
    ).toBeGreaterThan(0);
    for (const name of [
      'Kanaalmix',
      'Top contactredenen',
      'Herhaalcontacten per contactreden',
      'Terugbelverzoeken per team',
    ]) {
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    await page.getByRole('heading', { level: 2, name: 'Klanttevredenheid (KTO)' }).waitFor();
    // Handling times only where a duration is recorded; a channel without one says why.
    await page.getByRole('heading', { level: 2, name: 'Afhandeltijden' }).waitFor();
    await page.getByText(/Niet gemeten: het moment waarop een medewerker de chat aanneemt/).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await expectNoAxeViolations(page, 'stuurinformatie');
    await shot(page, '20-stuurinformatie');

    const summaries = page.locator('summary', { hasText: 'Toon als tabel' });
    const n = await summaries.count();
    expect(n).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < n; i++) await summaries.nth(i).click();
    await page
      .getByRole('table', { name: 'Kanaalmix' })
      .getByRole('columnheader', { name: 'Aandeel' })
      .waitFor();
    await expectNoAxeViolations(page, 'stuurinformatie met tabellen');
    await expectReflowAt200(page);
  });

  it('filters by channel and opens the contacts behind a figure', async () => {
    await page.getByLabel('Kanaal', { exact: true }).selectOption('phone');
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await page.waitForURL(/channel=phone/);
    await page.getByRole('list', { name: 'Kanaalmix' }).getByRole('link', { name: 'Telefoon' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Kanaalmix"] a').length === 1);

    await kpi('Herhaalcontacten').getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Contacten achter het cijfer' }).waitFor();
    await page.waitForURL(/repeat=true/);
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    await expect(
      rows
        .first()
        .getByText(/e contact$/)
        .count(),
    ).resolves.toBe(1);
    await expectNoAxeViolations(page, 'contacten achter het cijfer');
    await shot(page, '21-stuurinformatie-drilldown');
    await page.getByRole('link', { name: 'Terug naar de stuurinformatie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stuurinformatie' }).waitFor();
  });

  it('shows a new contact without reloading', async () => {
    await page.goto(`${loket.url}/stuurinformatie`);
    const value = kpi('Contacten').locator('.loket-kpi__value');
    await value.waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const before = Number((await value.innerText()).replace(/\D/g, ''));
    await registerContact(loket.db, {
      channel: 'webchat',
      direction: 'in',
      reasonCode: 'afval',
      subject: 'Container niet geleegd',
    });
    await page.waitForFunction(
      (n) => Number(document.querySelector('.loket-kpi__value')?.textContent?.replace(/\D/g, '')) === n,
      before + 1,
    );
    await page.getByRole('status').filter({ hasText: 'Bijgewerkt om' }).waitFor();
  });

  it('says in Dutch what is wrong with a reversed period', async () => {
    await page.goto(`${loket.url}/stuurinformatie?from=2026-12-01&to=2026-11-01`);
    await page
      .getByRole('alert')
      .filter({ hasText: /begint na het einde|Ongeldige/ })
      .waitFor();
    await expectNoAxeViolations(page, 'stuurinformatie met fout');
  });

  it('shows the repeat text on the customer view timeline', async () => {
    const party = await createParty(loket.db, { kind: 'person', surname: 'Herhaling' });
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    for (const daysAgo of [4, 2, 0]) {
      await registerContact(loket.db, {
        channel: daysAgo === 2 ? 'email' : 'phone',
        direction: 'in',
        reasonCode: 'kwijtschelding',
        subject: `Vraag over kwijtschelding (${daysAgo})`,
        occurredAt: at(daysAgo),
        parties: [{ partyId: party.id }],
      });
    }
    await page.goto(`${loket.url}/klanten/${party.id}`);
    await page.getByText('3e contact over dit onderwerp in 4 dagen').waitFor();
    await page.getByText('2e contact over dit onderwerp in 2 dagen').waitFor();
    await expectNoAxeViolations(page, 'klantbeeld met herhaalcontact');
    await shot(page, '22-klantbeeld-herhaalcontact');
  });
});
