// A contact in full and the conversation it belongs to: content, result, parties, subjects, employee
// and team, and the thread's other messages across channels in order; confidential ones only for
// those allowed. Axe, keyboard, 200% zoom.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTeam, getEmployeeDirectory } from '../server/src/modules/access/access.service.ts';
import { type ContactDetails, registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import { threadOfContact } from '../server/src/modules/contacts/threads.service.ts';
import { uuidFrom } from '../server/src/modules/demo/random.ts';
import type { PartyDetails } from '../server/src/modules/parties/parties.schemas.ts';
import { getParty } from '../server/src/modules/parties/parties.service.ts';
import { tabTo } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, expectReflowAt200, logIn, openBrowserPage, shot } from './support/pages.ts';

let loket: Loket;
let browser: Awaited<ReturnType<typeof openBrowserPage>>['browser'];
let page: Page;
let person: PartyDetails;
let first: ContactDetails;
let reply: ContactDetails;
let call: ContactDetails;
let secret: ContactDetails;
let reference = '';

beforeAll(async () => {
  loket = await startLoket();
  for (let i = 0; i < 200 && !person; i++) {
    const p = await getParty(loket.db, uuidFrom(`party:${i}`)).catch(() => null);
    if (p?.kind === 'person' && !p.mergedInto) person = p;
  }
  const team = await findTeam(loket.db, 'kcc');
  const kcc = (await getEmployeeDirectory(loket.db)).find((e) => e.username === 'kcc');
  const base = {
    parties: [{ partyId: person.id, role: 'klant' as const, initiator: true }],
    teamId: team?.id,
    employeeId: kcc?.id,
  };
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  first = await registerContact(loket.db, {
    ...base,
    channel: 'email',
    direction: 'in',
    subject: 'Vraag over de afvalpas',
    content: 'Mijn afvalpas werkt niet meer bij de container in de Kerkstraat.',
    occurredAt: at(90),
  });
  const thread = await threadOfContact(loket.db, first.id, new Date());
  reference = thread.reference;
  reply = await registerContact(loket.db, {
    ...base,
    parties: [{ partyId: person.id, role: 'klant' as const, initiator: false }],
    channel: 'email',
    direction: 'out',
    subject: `Re: Vraag over de afvalpas [${reference}]`,
    content: 'Wij sturen u een nieuwe afvalpas toe.',
    result: 'Nieuwe pas aangevraagd',
    subjects: [{ kind: 'case', reference: 'Z-2026-000777', register: 'zaaksysteem' }],
    threadId: thread.id,
    occurredAt: at(60),
  });
  secret = await registerContact(loket.db, {
    ...base,
    channel: 'phone',
    direction: 'in',
    subject: 'Vertrouwelijk: schuldsituatie besproken',
    confidential: true,
    threadId: thread.id,
    occurredAt: at(45),
  });
  call = await registerContact(loket.db, {
    ...base,
    channel: 'phone',
    direction: 'in',
    subject: 'Afvalpas nog niet ontvangen',
    threadId: thread.id,
    occurredAt: at(30),
    durationSeconds: 240,
  });
  ({ browser, page } = await openBrowserPage());
  await logIn(page, loket.url, 'kcc');
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

const threadItems = () =>
  page.locator('.loket-thread__item').evaluateAll((els) => els.map((e) => e.textContent ?? ''));

describe('contact detail with its thread', () => {
  it('shows the contact in full with parties, case, employee and team', async () => {
    await page.goto(`${loket.url}/contacten/${reply.id}`);
    await page.getByRole('heading', { level: 1, name: reply.subject }).waitFor();
    await page.getByText('Wij sturen u een nieuwe afvalpas toe.').waitFor();
    await page.getByText('Nieuwe pas aangevraagd').waitFor();
    await page.getByText('Zaak: Z-2026-000777').waitFor();
    const parties = page.getByRole('region', { name: 'Betrokkenen' });
    await parties.getByRole('link', { name: person.displayName }).waitFor();
    const facts = page.locator('.loket-facts');
    await facts.getByText('KCC', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'contact met gesprek');
    await expectReflowAt200(page);
    await shot(page, '06-contact-gesprek');
  });

  it('lists the thread in order, marks this contact and leaves the confidential one out for kcc', async () => {
    const thread = page.getByRole('region', { name: `Gesprek ${reference}` });
    await thread.locator('.loket-thread__item').nth(2).waitFor();
    const items = await threadItems();
    expect(items).toHaveLength(3);
    expect(items[0]).toContain(first.subject);
    expect(items[1]).toContain(reply.subject);
    expect(items[1]).toContain('dit contact');
    expect(items[2]).toContain(call.subject);
    expect(items.join(' ')).not.toContain(secret.subject);
    expect(await thread.locator('[aria-current="page"]').textContent()).toContain(reply.subject);
  });

  it('opens another message of the thread by keyboard', async () => {
    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, (el) => el.tag === 'a' && el.label === call.subject);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: call.subject }).waitFor();
    await page.getByText('4 minuten').waitFor();
    await expect.poll(threadItems).toHaveLength(3);
  });

  it('shows the confidential message to backoffice', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await logIn(page, loket.url, 'backoffice');
    await page.goto(`${loket.url}/contacten/${first.id}`);
    await page.getByRole('heading', { level: 1, name: first.subject }).waitFor();
    await expect.poll(threadItems).toHaveLength(4);
    expect((await threadItems())[2]).toContain(secret.subject);
    await expectNoAxeViolations(page, 'gesprek met vertrouwelijk bericht');
  });
});
