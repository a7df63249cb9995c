// Web chat end to end in a real browser: a resident logged in to MijnGemeente opens the widget on the
// demo website of Gemeente Voorbeeld, gets a bot answer with its source and a greeting by name, is
// handed over to an employee who sees their customer view beside the chat and replies from the
// console; the resident's satisfaction score, and the conversation as one contact. Axe on both sides.
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerContact } from '../server/src/modules/contacts/contacts.service.ts';
import { createParty } from '../server/src/modules/parties/parties.service.ts';
import { createClock } from '../server/src/platform/clock.ts';
import { launchBrowser } from './support/browser.ts';
import { type Loket, startLoket } from './support/loket.ts';
import { expectNoAxeViolations, logIn, shot } from './support/pages.ts';

let loket: Loket;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let resident: Page;
let employee: Page;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  // A Monday morning in Amsterdam, so the chat is staffed whatever time CI runs. A fixed port and
  // public URL, because the development IdP (MijnGemeente's login) redirects back to it.
  const port = await freePort();
  loket = await startLoket({
    now: new Date('2026-11-23T09:30:00Z'),
    env: { PORT: String(port), LOKET_PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  const party = await createParty(loket.db, {
    kind: 'person',
    givenNames: 'Anemoon',
    surname: 'Verbeek',
    identifiers: [{ type: 'bsn', value: '999993653' }],
  });
  await registerContact(
    loket.db,
    {
      channel: 'phone',
      direction: 'in',
      subject: 'Vraag over de afvalpas',
      result: 'Nieuwe afvalpas wordt opgestuurd',
      parties: [{ partyId: party.id, role: 'klant', initiator: true }],
    },
    undefined,
    createClock(new Date('2026-11-12T14:05:00Z')),
  );
  browser = await launchBrowser();
  resident = await browser.context.newPage();
  employee = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await loket?.stop();
});

const widget = () => resident.locator('loket-chat');

describe('web chat from the municipal website to the werkplek', () => {
  it('serves the embeddable widget as one script of at most 30 kB gzipped', async () => {
    const response = await fetch(`${loket.url}/widget/loket-chat.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const script = Buffer.from(await response.arrayBuffer());
    expect(script.length).toBeGreaterThan(1000);
    expect(gzipSync(script).length).toBeLessThanOrEqual(30 * 1024);
  });

  it('answers from the knowledge base, hands over, and the employee replies in the same dialogue', async () => {
    // Logged in to MijnGemeente (the development IdP stands in for DigiD): the chat knows who it is.
    await resident.goto(`${loket.url}/mijn`);
    await resident.getByRole('link', { name: 'Inloggen met DigiD' }).click();
    await resident.getByLabel('BSN').fill('999993653');
    await resident.getByRole('button', { name: 'Inloggen met BSN' }).click();
    await resident.getByRole('heading', { level: 1, name: /Welkom/ }).waitFor();

    // Proactive: a second search without clicking a result brings an offer of help.
    await resident.goto(`${loket.url}/demo/gemeente-voorbeeld.html?q=paspoort`);
    await widget().getByRole('button', { name: 'Chat met de gemeente' }).waitFor();
    await resident.goto(`${loket.url}/demo/gemeente-voorbeeld.html?q=paspoort+afspraak`);
    await widget().getByText('Niet gevonden wat u zoekt? Vraag het in de chat.').waitFor();
    await expectNoAxeViolations(resident, 'aanbod om te chatten');
    await widget().getByRole('button', { name: 'Chat starten' }).click();
    const dialog = widget().getByRole('dialog', { name: 'Chat met Gemeente Voorbeeld' });
    await dialog.getByText(/Welkom bij Gemeente Voorbeeld, Anemoon/).waitFor();
    await expectNoAxeViolations(resident, 'demowebsite met chat');

    // Keyboard only: the message box has focus when the panel opens.
    await resident.keyboard.type('Hoe vraag ik een paspoort aan?');
    await resident.keyboard.press('Enter');
    await dialog.getByText('Bron: Paspoort aanvragen').waitFor();
    await shot(resident, '70-chat-website-bot');

    await resident.keyboard.type('Ik wil graag een medewerker');
    await resident.keyboard.press('Enter');
    await dialog.getByText(/doorverbonden met een medewerker/).waitFor();

    await logIn(employee, loket.url, 'kcc');
    await employee.getByRole('link', { name: 'Chats' }).click();
    await employee.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
    await employee.getByRole('button', { name: 'Aannemen' }).first().click();
    const log = employee.getByRole('log').first();
    await log.getByText('Hoe vraag ik een paspoort aan?').waitFor();
    await log.getByText(/Bron: Paspoort aanvragen/).waitFor();
    // Beside the chat: who it is and their earlier contacts.
    const customer = employee.getByRole('complementary', { name: 'Klantbeeld' });
    await customer.getByText('Anemoon Verbeek').waitFor();
    await customer.getByText('Vraag over de afvalpas').waitFor();
    await employee
      .getByLabel('Uw bericht aan de inwoner')
      .fill('Goedemorgen, u kunt een afspraak maken via de website.');
    await employee.getByRole('button', { name: 'Versturen' }).click();
    await dialog.getByText('Goedemorgen, u kunt een afspraak maken via de website.').waitFor();

    await resident.keyboard.type('<b>Dank u</b> wel!');
    await resident.keyboard.press('Enter');
    await log.getByText('<b>Dank u</b> wel!').waitFor(); // shown as text, never as markup
    await expectNoAxeViolations(employee, 'chatconsole');
    await shot(employee, '71-chatconsole');

    await employee.getByRole('button', { name: 'Gesprek afsluiten' }).click();
    await employee.getByLabel('Uitkomst').fill('Afspraak maken uitgelegd');
    await employee.getByRole('button', { name: 'Afsluiten en vastleggen' }).click();
    await employee.getByText('Het gesprek is afgesloten en vastgelegd als contact.').waitFor();

    await dialog.getByText(/Hoe tevreden bent u/).waitFor();
    await dialog.getByLabel('4', { exact: true }).check();
    await dialog.getByLabel('Toelichting (niet verplicht)').fill('Vriendelijk geholpen');
    await dialog.getByRole('button', { name: 'Beoordeling versturen' }).click();
    await dialog.getByText('Dank u wel voor uw beoordeling.').waitFor();
    await expectNoAxeViolations(resident, 'chat na beoordeling');

    const recorded = await loket.db
      .selectFrom('contacts')
      .select(['id', 'channel', 'result', 'content'])
      .where('channel', '=', 'webchat')
      .where('result', '=', 'Afspraak maken uitgelegd')
      .execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.content).toContain(
      'Medewerker: Goedemorgen, u kunt een afspraak maken via de website.',
    );
    const score = await loket.db
      .selectFrom('satisfaction_scores')
      .select(['score', 'comment'])
      .where('contact_id', '=', recorded[0]?.id ?? '')
      .executeTakeFirst();
    expect(score).toEqual({ score: 4, comment: 'Vriendelijk geholpen' });
  });
});
