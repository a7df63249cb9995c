// MijnGemeente "Mijn voorkeuren" in the browser, keyboard only on a 375 px wide screen: a demo
// resident logs in through the development IdP, adds an e-mail address, reads the code from the mail
// a real SMTP receiver got from Loket's relay, types it, sees the address verified, chooses it for
// case status messages, and after a reload the choice is still there. Axe 0 violations throughout.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver } from '../server/src/test/smtp.ts';
import { tabTo } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, openBrowserPage, shot } from './support/pages.ts';

let loket: Loket;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;
const email = 'proef.voorkeuren@voorbeeld.nl';

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  // The dev IdP's redirect URIs are built from LOKET_PUBLIC_URL, so the port is known up front.
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const port = String((probe.address() as { port: number }).port);
  await new Promise((done) => probe.close(done));
  loket = await startLoket({
    env: {
      PORT: port,
      LOKET_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOKET_SMTP_RELAY_URL: smtp.url,
      LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>',
    },
  });
  ({ browser, page } = await openBrowserPage());
  await page.setViewportSize({ width: 375, height: 812 });
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
  await smtp?.close();
});

/** Nothing wider than the 375 px screen: no sideways scrolling on a phone. */
async function fitsThePhone() {
  const width = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(width[0], 'breedte van de pagina bij 375 px').toBeLessThanOrEqual(width[1] ?? 0);
}

async function codeFromMail(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const mail = smtp.received.find((m) => m.to.includes(email));
    if (mail) {
      expect(mail.subject).toBe('Uw code voor MijnGemeente');
      return /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    }
    await page.waitForTimeout(100); // polling the receiver, not a timing assertion
  }
  throw new Error('geen mail met de code ontvangen');
}

describe('Mijn voorkeuren', () => {
  it('logs a demo resident in through the development IdP', async () => {
    await page.goto(`${loket.url}/mijn`);
    await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
    await page.getByRole('heading', { name: /Ontwikkel-inlogdienst/ }).waitFor();
    await page
      .getByRole('button', { name: /\(BSN \d{9}\)/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();
  });

  it('verifies a new e-mail address with the code from a real mail, keyboard only', async () => {
    await page
      .getByRole('navigation', { name: 'MijnGemeente-menu' })
      .getByRole('link', { name: 'Mijn voorkeuren' })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mijn voorkeuren' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Hoe wilt u berichten ontvangen?' }).waitFor();
    await fitsThePhone();
    await expectNoAxeViolations(page, 'Mijn voorkeuren');
    await shot(page, 'mijn-voorkeuren');

    await tabTo(page, (el) => el.tag === 'input' && el.label === 'E-mailadres' && !el.name);
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    const codeField = page.getByLabel('Code', { exact: true });
    await codeField.waitFor();
    await expect(codeField.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.getByText(`Wij hebben een code van 6 cijfers gestuurd naar ${email}`).waitFor();
    await fitsThePhone();
    await expectNoAxeViolations(page, 'Mijn voorkeuren, code invullen');

    const code = await codeFromMail();
    expect(code).toMatch(/^\d{6}$/);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByText(`Uw e-mailadres ${email} is bevestigd.`).waitFor();
    const card = page.locator('.mijn-card', { hasText: email });
    await card.getByText('geverifieerd').waitFor();
    await fitsThePhone();
    await expectNoAxeViolations(page, 'Mijn voorkeuren, adres bevestigd');
  });

  it('chooses e-mail for case status messages and keeps the choice after a reload', async () => {
    const group = () => page.getByRole('group', { name: 'Nieuwe status van mijn zaak' });
    await group().getByRole('radio', { name: 'E-mail' }).waitFor();
    await expect(group().getByRole('radio', { name: 'E-mail' }).isEnabled()).resolves.toBe(true);
    // Tab reaches the group's checked option; the arrow keys choose within the group.
    await tabTo(page, (el) => el.tag === 'input' && el.name === 'kanaal-case_status');
    await page.keyboard.press('ArrowDown');
    await expect(group().getByRole('radio', { name: 'E-mail' }).isChecked()).resolves.toBe(true);
    await tabTo(page, (el) => el.tag === 'button' && el.label === 'Voorkeuren opslaan');
    await page.keyboard.press('Enter');
    await page.getByText('Uw voorkeuren zijn opgeslagen.').waitFor();
    await expectNoAxeViolations(page, 'Mijn voorkeuren opgeslagen');
    await shot(page, 'mijn-voorkeuren-opgeslagen');

    await page.reload();
    // A whole page load on a busy test machine may take longer than one step's usual 20 s.
    await group().getByRole('radio', { name: 'E-mail' }).waitFor({ timeout: 60_000 });
    await expect(group().getByRole('radio', { name: 'E-mail' }).isChecked()).resolves.toBe(true);
    await expect(group().getByRole('radio', { name: 'Standaard' }).isChecked()).resolves.toBe(false);
    await page.locator('.mijn-card', { hasText: email }).getByText('geverifieerd').waitFor();
    await fitsThePhone();
  });
});
