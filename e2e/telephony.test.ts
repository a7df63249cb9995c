// Screen pop in a real browser: the employee is signed in, the telephone platform posts signed call
// events to the server, the notice names the caller and opens the customer view; after the call the
// employee adds reason and notes to the contact Loket already logged.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../server/src/modules/channels/telephony/telephony.signature.ts';
import { getContact } from '../server/src/modules/contacts/contacts.service.ts';
import { createParty } from '../server/src/modules/parties/parties.service.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, logIn, openBrowserPage, shot } from './support/pages.ts';

const secret = 'e2e-telefonie-geheim-0123456789';
let loket: Loket;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;
let partyId = '';
let eventNo = 0;

/** The screen pop's live region (other screens have status messages of their own). */
const popStatus = () => page.getByRole('complementary', { name: 'Telefoon' }).getByRole('status');

async function callEvent(event: Record<string, unknown>) {
  const body = JSON.stringify({ id: `e2e-${++eventNo}`, ...event });
  const res = await fetch(`${loket.url}/api/v1/telephony/events`, {
    method: 'POST',
    headers: signedHeaders(secret, body, new Date()),
    body,
  });
  expect(res.status, await res.clone().text()).toBe(202);
}

beforeAll(async () => {
  loket = await startLoket({ env: { LOKET_TELEPHONY_SECRET: secret } });
  // A number no demo resident has (the demo's mobile numbers are generated; this one is a landline).
  const party = await createParty(loket.db, {
    kind: 'person',
    initials: 'J.',
    surnamePrefix: 'de',
    surname: 'Vries',
    digitalAddresses: [{ kind: 'phone', value: '0598 123 987' }],
  });
  partyId = party.id;
  ({ browser, page } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

describe('screen pop', () => {
  it('shows the caller when the employee answers, and opens the customer view', async () => {
    await logIn(page, loket.url, 'kcc');
    await page.waitForLoadState('networkidle'); // the live connection is open
    await callEvent({ type: 'ringing', callId: 'e2e-call-1', from: '+31598123987', to: 'kcc' });
    await callEvent({ type: 'answered', callId: 'e2e-call-1', employee: 'kcc' });

    const notice = popStatus().filter({ hasText: 'Inkomend gesprek' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(
      'Inkomend gesprek: J. de Vries — klantbeeld openen',
    );
    await expectNoAxeViolations(page, 'werkplek met schermpop');
    await shot(page, '30-schermpop');

    await notice.getByRole('link', { name: 'klantbeeld openen' }).click();
    await page.waitForURL(`**/klanten/${partyId}`);
    await page.getByRole('heading', { level: 1, name: /de Vries/ }).waitFor();
  });

  it('asks for reason and notes after the call and saves them on the logged contact', async () => {
    await callEvent({ type: 'ended', callId: 'e2e-call-1', reason: 'completed' });
    const form = page.getByRole('form', { name: 'Reden en notities bij het gesprek met J. de Vries' });
    await form.waitFor();
    await expect(popStatus().textContent()).resolves.toContain('Gesprek met J. de Vries beëindigd');
    await expectNoAxeViolations(page, 'werkplek na gesprek');
    await shot(page, '31-na-gesprek');

    await form.getByLabel('Contactreden').selectOption({ label: 'Overige vraag' });
    await form.getByLabel('Notities').fill('Vraag over de afvalpas; uitgelegd hoe je die aanvraagt.');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await popStatus().getByText('Reden en notities opgeslagen bij het gesprek met J. de Vries.').waitFor();

    // The customer view that is still open shows the logged call in its timeline.
    await page.getByRole('main').getByText('Telefoongesprek (inkomend)').first().waitFor();

    const call = await loket.db
      .selectFrom('telephony_calls')
      .select('contact_id')
      .where('call_id', '=', 'e2e-call-1')
      .executeTakeFirstOrThrow();
    const contact = await getContact(loket.db, call.contact_id as string);
    expect(contact.reason?.code).toBe('overig');
    expect(contact.content).toContain('Vraag over de afvalpas');
    expect(contact.channel).toBe('phone');
    expect(contact.parties.map((p) => p.partyId)).toEqual([partyId]);
  });

  it('tells an unknown number and offers to search for it', async () => {
    await callEvent({ type: 'ringing', callId: 'e2e-call-2', from: '0201234567', to: 'kcc' });
    await callEvent({ type: 'answered', callId: 'e2e-call-2', employee: 'kcc' });
    const notice = popStatus();
    await notice.getByText('onbekend nummer').waitFor();
    await expect(notice.textContent()).resolves.toContain('+31201234567');
    await notice.getByRole('link', { name: 'zoeken op dit nummer' }).waitFor();
    await expectNoAxeViolations(page, 'schermpop onbekend nummer');
  });
});
