// Beheer › Berichtsjablonen and › Niet-bezorgde berichten in a real browser: a template edit with an
// unknown placeholder is refused at the field (in Dutch), then saved by keyboard; a dead message is
// listed with its error and sent again. axe on both screens, 200% zoom.
import { randomUUID } from 'node:crypto';
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

const open = async (linkName: string) => {
  await page.goto(`${loket.url}/beheer`);
  await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
  await page.getByRole('link', { name: linkName }).click();
  await page.getByRole('heading', { level: 1, name: linkName }).waitFor();
};

describe('Berichtsjablonen', () => {
  it('refuses an unknown placeholder at the field, then saves the text by keyboard', async () => {
    await open('Berichtsjablonen');
    await page.getByLabel('Bericht', { exact: true }).selectOption({ label: 'Status van een zaak' });
    await page.getByLabel('Kanaal').selectOption({ label: 'Sms' });
    const body = page.getByLabel('Tekst', { exact: true });
    await expect.poll(() => body.inputValue()).toContain('{{zaaknummer}}');
    await expectNoAxeViolations(page, 'berichtsjablonen');
    await expectReflowAt200(page);
    await shot(page, '14-beheer-berichtsjablonen');

    await body.fill('Uw zaak {{zaaknummer}} staat op {{status}}. Uw BSN: {{bsn}}');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page
      .getByText(/Onbekende plaatshouder \{\{bsn\}\}/)
      .first()
      .waitFor();
    expect(await body.getAttribute('aria-describedby')).toContain('template-body-err');
    await expectNoAxeViolations(page, 'berichtsjablonen met fout');

    await body.fill('Uw zaak {{zaaknummer}} staat nu op: {{status}}.');
    await body.focus();
    await tabTo(page, (el) => el.tag === 'button' && el.label === 'Opslaan');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(/Sjabloon ‘Status van een zaak’ voor Sms opgeslagen/)
      .waitFor();
    await page.getByText('Eerdere versies (1)').waitFor();
  });
});

describe('Niet-bezorgde berichten', () => {
  it('lists a dead message with its error, and sends it again', async () => {
    const party = await loket.db
      .selectFrom('parties')
      .select(['id', 'display_name'])
      .where('kind', '=', 'person')
      .orderBy('number')
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await loket.db
      .insertInto('notifications')
      .values({
        id,
        dedupe_key: `e2e:${id}`,
        party_id: party.id,
        message_kind: 'case_status',
        template_code: 'case_status',
        data: JSON.stringify({ zaaknummer: 'ZAAK-1', status: 'Ontvangen' }),
        status: 'dead',
        channel: 'email',
        attempts: 8,
        last_error: '451 Mailbox tijdelijk niet beschikbaar',
        last_attempt_at: new Date(),
      })
      .execute();

    await open('Niet-bezorgde berichten');
    const row = page.locator('tr', { hasText: party.display_name });
    await row.getByText('451 Mailbox tijdelijk niet beschikbaar').waitFor();
    await row.getByText('Status van een zaak').waitFor();
    await expectNoAxeViolations(page, 'niet-bezorgde berichten');
    await expectReflowAt200(page);
    await shot(page, '15-beheer-niet-bezorgde-berichten');

    await row.getByRole('button', { name: `Bericht aan ${party.display_name} opnieuw versturen` }).click();
    await page
      .getByRole('status')
      .getByText(`Het bericht aan ${party.display_name} staat weer in de wachtrij.`)
      .waitFor();
    await expect.poll(() => row.count()).toBe(0);
    // Queued again (the scheduler may already have tried it once: no relay in this test server).
    const after = await loket.db
      .selectFrom('notifications')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('queued');
  });
});
