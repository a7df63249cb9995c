// Antwoorden per e-mail: on an inbound mail the employee writes an answer in the contact page; it goes
// through a real SMTP relay (a test smtp-server) with the conversation's reference in the subject, and
// the page shows the delivery status. A relay that refuses for good shows 'Mislukt' with its reason.
// Axe, keyboard, 200% zoom.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRelay } from '../server/src/modules/channels/email/email.fixtures.ts';
import { type ContactDetails, registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, expectReflowAt200, logIn, openBrowserPage, shot } from './support/pages.ts';

let loket: Loket;
let relay: Awaited<ReturnType<typeof testRelay>>;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;
let question: ContactDetails;
let second: ContactDetails;

const inbound = (subject: string, email: string) =>
  registerContact(loket.db, {
    channel: 'email',
    direction: 'in',
    subject,
    content: 'Mijn container is niet geleegd. Wanneer komt de wagen langs?',
    parties: [{ partyId: null, role: 'klant', initiator: true, details: { email, name: 'A. Inwoner' } }],
  });

beforeAll(async () => {
  relay = await testRelay();
  loket = await startLoket({
    env: { LOKET_SMTP_RELAY_URL: relay.url, LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>' },
  });
  question = await inbound('Container niet geleegd', 'inwoner@example.nl');
  second = await inbound('Nog een vraag', 'weg@example.nl');
  ({ browser, page } = await openBrowserPage());
  await logIn(page, loket.url, 'kcc');
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
  await relay?.close();
});

describe('answering an e-mail from the contact page', () => {
  it('sends the answer by mail in the same conversation and shows it was sent', async () => {
    await page.goto(`${loket.url}/contacten/${question.id}`);
    const form = page.getByRole('region', { name: 'Antwoorden per e-mail' });
    await form.getByText('Uw antwoord gaat naar inwoner@example.nl').waitFor();
    await expectNoAxeViolations(page, 'contact met antwoordformulier');

    await form.getByRole('button', { name: 'Antwoord versturen' }).click();
    await form.getByText('Schrijf eerst een antwoord.').waitFor();

    await form.getByLabel('Uw antwoord').fill('De wagen komt morgen langs. Excuses voor het ongemak.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await form.getByText('Uw antwoord staat klaar om te verzenden.').waitFor();
    await form.getByText(/Verzendstatus:\s*Verzonden/).waitFor();
    const [mail] = await relay.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['inwoner@example.nl']);
    expect(mail?.parsed.subject).toMatch(/^Re: Container niet geleegd \[LK-\d+\]$/);
    expect(mail?.parsed.text).toContain('De wagen komt morgen langs.');
    await expectNoAxeViolations(page, 'antwoord verzonden');
    await expectReflowAt200(page);
    await shot(page, '32-antwoord-per-email');

    // The thread now holds the answer; its own page shows its delivery status.
    await form.getByRole('link', { name: 'Bekijk het verstuurde antwoord' }).click();
    await page.getByRole('heading', { level: 1, name: /^Re: Container niet geleegd/ }).waitFor();
    await page.getByText(/Verzendstatus:\s*Verzonden/).waitFor();
  });

  it('shows a permanent refusal by the mail server as failed, with its reason', async () => {
    relay.refuse.push({ code: 550, message: '5.1.1 Deze mailbox bestaat niet' });
    await page.goto(`${loket.url}/contacten/${second.id}`);
    const form = page.getByRole('region', { name: 'Antwoorden per e-mail' });
    await form.getByLabel('Uw antwoord').fill('Wij bellen u hierover.');
    await form.getByRole('button', { name: 'Antwoord versturen' }).click();
    await form.getByText(/Verzendstatus:\s*Mislukt/).waitFor();
    await form.getByText(/5\.1\.1 Deze mailbox bestaat niet/).waitFor();
    await form.getByText(/probeert het niet opnieuw/).waitFor();
    await expectNoAxeViolations(page, 'antwoord mislukt');
  });
});
