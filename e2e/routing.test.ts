// Wachtrij and the Beheer screens for routing and opening hours, in a real browser with axe.
// Messages arrive as a channel adapter delivers them: route, register, enqueue, announce.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import {
  announceQueued,
  enqueueContact,
  routeInbound,
} from '../server/src/modules/routing/routing.service.ts';
import { launchBrowser } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, expectReflowAt200, logIn, shot } from './support/pages.ts';

let loket: Loket;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let minutesAgo = 90;

async function inbound(channel: string, subject: string, extra: { reasonCode?: string } = {}) {
  const decision = await routeInbound(loket.db, { channel, subject, body: subject, ...extra });
  const at = new Date(Date.now() - minutesAgo-- * 60_000);
  const contact = await loket.db.transaction().execute(async (trx) => {
    const c = await registerContact(trx, {
      channel,
      direction: 'in',
      subject,
      content: subject,
      teamId: decision.teamId,
      occurredAt: at,
      ...(extra.reasonCode ? { reasonCode: extra.reasonCode } : {}),
    });
    await enqueueContact(trx, c.id, decision, at);
    return c;
  });
  announceQueued(loket.realtime, decision, contact.id);
  return contact;
}

const textbox = (name: string) => page.getByRole('textbox', { name, exact: true });

beforeAll(async () => {
  loket = await startLoket();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

describe('Wachtrij', () => {
  it('shows my team’s messages oldest first with a count in the navigation; claim opens the contact', async () => {
    // The demo has three messages waiting for the KCC already; these two are older than two of them.
    await inbound('email', 'Vraag over de markt op zaterdag');
    await inbound('whatsapp', 'Compliment voor de baliemedewerker');
    await inbound('email', 'Paspoort kwijt', { reasonCode: 'paspoort' }); // demo rule → Burgerzaken
    await logIn(page, loket.url, 'kcc');
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await nav.getByRole('link', { name: /Wachtrij.*5 open berichten in de wachtrij/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Wachtrij' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    const subjects = await rows.allInnerTexts();
    // Oldest first: the demo's 150-minute-old complaint, then these two (90 and 89 minutes), then newer.
    expect(subjects[0]).toContain('Klacht over de wachttijd');
    expect(subjects[1]).toContain('Vraag over de markt op zaterdag');
    expect(subjects[2]).toContain('Compliment voor de baliemedewerker');
    expect(await page.getByText('Paspoort kwijt').count()).toBe(0); // another team's queue
    expect(await page.getByText('Bezwaar WOZ-waarde 2026').count()).toBe(0);
    await expectNoAxeViolations(page, 'wachtrij');
    await expectReflowAt200(page);
    await shot(page, '60-wachtrij');

    // A message arriving while the screen is open appears without reloading.
    await inbound('webform', 'Aanvraag gehandicaptenparkeerkaart');
    await page.getByText('Aanvraag gehandicaptenparkeerkaart').waitFor();

    await page.getByRole('button', { name: 'Oppakken en openen: Vraag over de markt op zaterdag' }).click();
    await page.getByRole('heading', { level: 1, name: /Vraag over de markt op zaterdag/ }).waitFor();
    await nav.getByRole('link', { name: /Wachtrij/ }).click();
    const mine = page.locator('tr', { hasText: 'Vraag over de markt op zaterdag' });
    await mine.getByText(/Opgepakt door/).waitFor();
    expect(await rows.last().innerText()).toContain('Vraag over de markt op zaterdag'); // claimed after open
    await mine.getByRole('button', { name: 'Afgehandeld' }).click();
    await page.getByText('"Vraag over de markt op zaterdag" is afgehandeld.').waitFor();
    await expect.poll(() => mine.count()).toBe(0);
    await expectNoAxeViolations(page, 'wachtrij na afhandelen');
  });

  it('lets a back-office employee see only their own team', async () => {
    const ctx = await browser.context.browser()?.newContext();
    if (!ctx) throw new Error('no browser context');
    const other = await ctx.newPage();
    await logIn(other, loket.url, 'backoffice');
    await other
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: /Wachtrij/ })
      .click();
    await other.getByRole('heading', { level: 2, name: 'Burgerzaken' }).waitFor();
    await other.getByText('Paspoort kwijt').waitFor();
    expect(await other.getByText('Compliment voor de baliemedewerker').count()).toBe(0);
    await ctx.close();
  });
});

describe('Beheer: routering en openingstijden', () => {
  it('adds a rule, refuses one without conditions, tests where a message goes, and reorders', async () => {
    const ctx = await browser.context.browser()?.newContext();
    if (!ctx) throw new Error('no browser context');
    page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, loket.url, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Beheer' }).click();
    await page.getByRole('link', { name: /Routering/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Routering' }).waitFor();
    await page
      .locator('tr', { hasText: 'Mailbox Belastingen' })
      .getByText(/adres belastingen@gemeente-voorbeeld.nl/)
      .waitFor();
    const rows = page.locator('tbody tr');
    const before = await rows.count();

    await textbox('Naam').fill('Evenementen');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Vergunningen' });
    await page.getByLabel('Trefwoorden in onderwerp of bericht').fill('braderie, kermis*');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByText('Regel "Evenementen" is opgeslagen.').waitFor();
    await page.locator('tr', { hasText: 'Evenementen' }).getByText('trefwoord braderie of kermis*').waitFor();
    expect(await rows.count()).toBe(before + 1);

    // Bad input: no condition at all.
    await textbox('Naam').fill('Leeg');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'KCC' });
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page
      .getByText(/Geef minstens één voorwaarde/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'routering met fout');

    await textbox('Onderwerp').fill('Vergunning voor de kermisattractie');
    await page.getByRole('button', { name: 'Bekijk waar het heen gaat' }).click();
    await page.getByText('Uitkomst: Vergunningen').waitFor();
    await page.getByText(`Regel ${before + 1} "Evenementen" past`).waitFor();
    await textbox('Onderwerp').fill('Vraag over de markt');
    await page.getByRole('button', { name: 'Bekijk waar het heen gaat' }).click();
    await page.getByText('Uitkomst: KCC').waitFor();

    await page.getByRole('button', { name: 'Regel "Evenementen" omhoog' }).click();
    await page.getByText('De volgorde is opgeslagen.').waitFor();
    await expect
      .poll(async () => (await rows.nth(before - 1).innerText()).includes('Evenementen'))
      .toBe(true);
    await expectNoAxeViolations(page, 'routering');
    await expectReflowAt200(page);
    await shot(page, '61-beheer-routering');
  });

  it('shows the opening hours, changes a day and adds Christmas Eve as an exception', async () => {
    await page.getByRole('link', { name: 'Terug naar Beheer' }).click();
    await page.getByRole('link', { name: /Openingstijden/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Openingstijden' }).waitFor();
    const counter = page.locator('tr', { hasText: 'Balie' });
    await counter.getByText('donderdag 09:00-20:00').waitFor();
    await counter.getByRole('button', { name: 'Openingstijden van Balie wijzigen' }).click();
    await textbox('zaterdag').fill('10:00-12:00');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Openingstijden van Balie zijn opgeslagen.').waitFor();
    await counter.getByText('zaterdag 10:00-12:00').waitFor();

    await counter.getByRole('button', { name: 'Openingstijden van Balie wijzigen' }).click();
    await textbox('maandag').fill('17:00-09:00');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('De eindtijd moet na de begintijd liggen.').first().waitFor();
    await expectNoAxeViolations(page, 'openingstijden met fout');
    await page.getByRole('button', { name: 'Annuleren' }).click();

    await textbox('Datum').fill('2026-12-24');
    await textbox('Tijden').fill('08:30-15:00');
    await textbox('Reden').fill('Kerstavond');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByText(/Uitzondering voor .* is toegevoegd/).waitFor();
    await page.locator('tr', { hasText: 'Kerstavond' }).getByText('08:30-15:00').waitFor();
    await expectNoAxeViolations(page, 'openingstijden');
    await expectReflowAt200(page);
    await shot(page, '62-beheer-openingstijden');

    const res = await fetch(`${loket.url}/api/v1/public/opening-hours?channel=counter`);
    expect(res.status).toBe(200);
    expect((await res.json()).week[5]).toEqual({
      weekday: 'zaterdag',
      periods: [{ opens: '10:00', closes: '12:00' }],
    });
  });
});
