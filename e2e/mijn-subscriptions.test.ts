// Subscribing and receiving an announcement, end to end: a resident logs in to MijnGemeente (375 px,
// through the development IdP), follows 'Afvalinzameling' with the keyboard only; a communications
// employee (the manager) publishes an announcement to that topic in the werkplek; the scheduler
// delivers it over a real SMTP conversation to a local receiver, once, and the resident sees it in
// the portal under 'Berichten aan mij'. axe 0 violations on every screen.
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParty } from '../server/src/modules/parties/parties.service.ts';
import { startSmtpReceiver } from '../server/src/test/smtp.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, logIn, openBrowserPage, shot } from './support/pages.ts';

const email = 'anemoon.abonnee@example.nl';
const title = 'Tweede Kerstdag geen afvalinzameling';

let loket: Loket;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
type Browser = Awaited<ReturnType<typeof openBrowserPage>>['browser'];
// Two browsers: the resident's and the employee's sessions must not share a cookie jar.
let residentBrowser: Browser;
let employeeBrowser: Browser;
let resident: Page;
let employee: Page;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = (s.address() as net.AddressInfo) ?? { port: 0 };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  loket = await startLoket({
    env: {
      PORT: String(port),
      LOKET_PUBLIC_URL: url,
      LOKET_SMTP_RELAY_URL: smtp.url,
      LOKET_SCHEDULER_INTERVAL_SECONDS: '1',
    },
  });
  await createParty(loket.db, {
    kind: 'person',
    givenNames: 'Anemoon',
    surname: 'Abonnee',
    identifiers: [{ type: 'bsn', value: '999993653' }],
    digitalAddresses: [{ kind: 'email', value: email, isPreferred: true }],
  });
  ({ browser: residentBrowser, page: resident } = await openBrowserPage());
  await resident.setViewportSize({ width: 375, height: 812 });
  ({ browser: employeeBrowser, page: employee } = await openBrowserPage());
});

afterAll(async () => {
  await residentBrowser?.close();
  await employeeBrowser?.close();
  await loket?.stop();
  await smtp?.close();
});

async function noSidewaysScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'geen horizontale scrollbalk op 375 px').toBeLessThanOrEqual(client);
}

describe('subscribing and receiving an announcement', () => {
  it('lets a resident follow a topic with the keyboard only', async () => {
    await resident.goto(`${loket.url}/mijn`);
    await resident.getByRole('link', { name: 'Inloggen met DigiD' }).click();
    await resident.getByLabel('BSN').fill('999993653');
    await resident.getByRole('button', { name: 'Inloggen met BSN' }).click();
    await resident.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();

    await resident.getByRole('link', { name: 'Mijn abonnementen' }).click();
    await resident.getByRole('heading', { level: 1, name: 'Mijn abonnementen' }).waitFor();
    await resident.getByText('U volgt nog geen onderwerpen.').waitFor();
    await expectNoAxeViolations(resident, 'Mijn abonnementen (leeg)');

    // Keyboard only: focus the topic list, pick with the arrow keys, Tab to the button, Enter.
    const topic = resident.getByLabel('Onderwerp', { exact: true });
    await topic.focus();
    for (let i = 0; i < 5 && (await topic.inputValue()) !== 'afvalinzameling'; i++) {
      await resident.keyboard.press('ArrowDown');
    }
    expect(await topic.inputValue()).toBe('afvalinzameling');
    await resident.getByText('Veranderde ophaaldagen').waitFor();
    await resident.keyboard.press('Tab');
    expect(await resident.evaluate(() => document.activeElement?.textContent)).toBe('Abonneren');
    await resident.keyboard.press('Enter');
    await resident.getByText('U volgt nu Afvalinzameling.').waitFor();
    await resident.getByRole('button', { name: /Stoppen met Afvalinzameling/ }).waitFor();

    // Road works need a postcode area: the form says so before anything is sent.
    await topic.selectOption('wegwerkzaamheden');
    await resident.getByLabel('Postcodegebied').fill('12');
    await resident.getByRole('button', { name: 'Abonneren' }).click();
    await resident.getByText('Vul de vier cijfers van een postcode in, bijvoorbeeld 1234.').waitFor();
    await noSidewaysScroll(resident);
    await expectNoAxeViolations(resident, 'Mijn abonnementen');
    await shot(resident, 'mijn-abonnementen');
  });

  it('lets an employee publish an announcement to the topic', async () => {
    await logIn(employee, loket.url, 'manager');
    await employee.getByRole('link', { name: 'Aankondigingen' }).click();
    await employee.getByRole('heading', { level: 1, name: 'Aankondigingen' }).waitFor();
    await employee.getByLabel('Onderwerp', { exact: true }).selectOption('afvalinzameling');
    await employee.getByLabel('Titel', { exact: true }).fill(title);
    await employee
      .getByLabel('Bericht', { exact: true })
      .fill('Op tweede Kerstdag halen wij geen afval op. Zet uw container een dag later buiten.');
    await employee.getByRole('button', { name: 'Versturen' }).click();
    await employee.getByText(/Deze aankondiging gaat naar alle abonnees van ‘Afvalinzameling’/).waitFor();
    await expectNoAxeViolations(employee, 'Aankondigingen (bevestigen)');
    await employee.getByRole('button', { name: 'Ja, versturen' }).click();
    await employee.getByText(/De aankondiging is klaargezet voor \d+ abonnee/).waitFor();
    await employee.getByRole('cell', { name: title }).waitFor();
    await expectNoAxeViolations(employee, 'Aankondigingen');
    await shot(employee, 'aankondigingen');
  });

  it('delivers it to the resident by e-mail once, and shows it in the portal', async () => {
    const mine = () => smtp.received.filter((m) => m.to.includes(email));
    // The scheduler runs every second; wait for the SMTP conversation (not a timing assertion).
    for (let i = 0; i < 120 && mine().length === 0; i++) await new Promise((r) => setTimeout(r, 500));
    expect(mine()).toHaveLength(1);
    expect(`${mine()[0]?.subject} ${mine()[0]?.text}`).toContain(title);

    await resident.goto(`${loket.url}/mijn`);
    const notifications = resident.locator('section', {
      has: resident.getByRole('heading', { name: 'Berichten aan mij' }),
    });
    await notifications.getByText(title).first().waitFor();
    await noSidewaysScroll(resident);
    await expectNoAxeViolations(resident, 'MijnGemeente overzicht met het bericht');
    // Two more scheduler runs later it is still one mail.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(mine()).toHaveLength(1);
  });
});
