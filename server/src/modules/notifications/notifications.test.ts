// Notifications end to end: a status change reaches the resident by e-mail through a real SMTP
// conversation, on SMS when they chose it, as a PDF letter without a digital address; once per event;
// retried, then on the dead-letter list, and sent again from there; templates edited by an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { type ReceivedMail, startSmtpReceiver } from '../../test/smtp.ts';
import { createCase } from '../cases/cases.fixtures.ts';
import { fakeProviders } from '../channels/messaging/fake-providers.ts';
import { getAttachment } from '../contacts/attachments.service.ts';
import { getContact } from '../contacts/contacts.service.ts';
import { createParty } from '../parties/parties.service.ts';
import { createTask } from '../tasks/tasks.fixtures.ts';
import { pooledTransport } from './notifications.channels.ts';
import { deliverDueNotifications } from './notifications.delivery.ts';
import { notificationsOfParty, queueNotification } from './notifications.service.ts';
import { refusingRelay } from './notifications.test-relay.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let providers: Awaited<ReturnType<typeof fakeProviders>>;
let relay: Awaited<ReturnType<typeof refusingRelay>>;
let mail: ReturnType<typeof pooledTransport>;
let kcc: Who;
let admin: Who;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  relay = await refusingRelay();
  providers = await fakeProviders('wa-token');
  t = await testApp({
    env: {
      LOKET_WEBHOOK_SECRETS: 'sms-gateway:geheim-voor-de-sms-gateway',
      LOKET_SMS_PROVIDER_URL: providers.smsUrl,
      LOKET_MAIL_FROM: 'Gemeente Voorbeeld <loket@voorbeeld.nl>',
    },
  });
  mail = pooledTransport(smtp.url, t.config.mail.from, 2);
  kcc = await t.login('kcc');
  admin = await t.login('admin');
});
afterAll(async () => {
  mail?.close();
  await t?.close();
  await Promise.all([smtp?.close(), relay?.close(), providers?.close()]);
});

const deliver = (transport = mail) =>
  deliverDueNotifications({ db: t.db, config: t.config, clock: t.clock, mail: transport });

async function person(surname: string, extra: Record<string, unknown> = {}) {
  return (await createParty(t.db, { kind: 'person', givenNames: 'Eva', surname, ...extra })).id;
}

const statusChange = async (partyId: string, status = 'in-behandeling') => {
  const c = await createCase(t, kcc, {
    caseType: 'omgevingsvergunning',
    subject: 'Dakkapel plaatsen',
    parties: [{ partyId }],
  });
  const res = await t.request('POST', `/api/v1/cases/${c.identification}/status`, kcc, {
    status,
    explanation: 'De aanvraag is compleet.',
  });
  expect(res.statusCode).toBe(200);
  return c.identification as string;
};

const timeline = async (partyId: string) =>
  (await t.request('GET', `/api/v1/parties/${partyId}/view?kind=contact`, kcc)).json().timeline.items as {
    id: string;
    channel: string;
    direction: string;
    title: string;
  }[];

describe('a case status change', () => {
  it('reaches the resident once by e-mail through SMTP, as one outbound contact about the case', async () => {
    const eva = await person('Jansen', {
      digitalAddresses: [{ kind: 'email', value: 'eva.jansen@example.nl', isPreferred: true }],
    });
    const zaak = await statusChange(eva);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, dead: 0 });
    const mails = smtp.received.filter((m: ReceivedMail) => m.to === 'eva.jansen@example.nl');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Uw zaak ${zaak}: In behandeling`);
    expect(mails[0]?.text).toContain('Beste Eva Jansen,');
    expect(mails[0]?.text).toContain('Toelichting: De aanvraag is compleet.');

    const items = await timeline(eva);
    expect(items).toEqual([expect.objectContaining({ channel: 'email', direction: 'out' })]);
    const contact = await getContact(t.db, items[0]?.id as string);
    expect(contact.subjects).toEqual([expect.objectContaining({ kind: 'case', reference: zaak })]);
    const [row] = await notificationsOfParty(t.db, eva);
    expect(row).toMatchObject({ status: 'sent', channel: 'email', contact_id: contact.id });
  });

  it('goes by SMS through the provider when the resident chose SMS for case messages', async () => {
    const eva = await person('Smit', {
      digitalAddresses: [
        { kind: 'email', value: 'eva.smit@example.nl', isPreferred: true },
        { kind: 'phone', value: '+31612345678', isPreferred: true },
      ],
    });
    await t.db
      .insertInto('party_message_preferences')
      .values({ party_id: eva, message_kind: 'case_status', channel: 'sms' })
      .execute();
    const zaak = await statusChange(eva);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const sms = providers.sms.filter((m) => m.body.to === '+31612345678');
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toMatchObject({ channel: 'sms', from: 'Gemeente' });
    expect(String(sms[0]?.body.text)).toContain(`Uw zaak ${zaak}`);
    expect(smtp.received.filter((m) => m.to === 'eva.smit@example.nl')).toHaveLength(0);
    expect(await timeline(eva)).toEqual([expect.objectContaining({ channel: 'sms', direction: 'out' })]);
  });

  it('becomes a PDF letter to the correspondence address when there is no digital address', async () => {
    const eva = await person('Bos', {
      addresses: [
        { kind: 'visiting', street: 'Dorpsstraat', houseNumber: 1, postcode: '1234 AB', city: 'Ergens' },
        { kind: 'correspondence', street: 'Postbus', houseNumber: 99, postcode: '9999 ZZ', city: 'Elders' },
      ],
    });
    await statusChange(eva);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const [item] = await timeline(eva);
    expect(item).toMatchObject({ channel: 'post', direction: 'out' });
    const contact = await getContact(t.db, item?.id as string);
    expect(contact.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf' })]);
    const pdf = await getAttachment(t.db, contact.attachments[0]?.id as string);
    expect(pdf.data.subarray(0, 5).toString()).toBe('%PDF-');
    const [row] = await notificationsOfParty(t.db, eva);
    expect(row).toMatchObject({ channel: 'post', address: 'Postbus 99, 9999 ZZ  ELDERS' });
  });
});

describe('exactly once', () => {
  it('sends the same event once, however often it is queued', async () => {
    const eva = await person('Visser', {
      digitalAddresses: [{ kind: 'email', value: 'eva.visser@example.nl' }],
    });
    const n = {
      partyId: eva,
      kind: 'announcement' as const,
      templateCode: 'announcement',
      data: { title: 'Wegwerkzaamheden', body: 'De Dorpsstraat is dicht.' },
      dedupeKey: 'announcement:test-1:visser',
    };
    expect(await queueNotification(t.db, n, t.clock.now())).toBe(true);
    expect(await queueNotification(t.db, n, t.clock.now())).toBe(false);
    await deliver();
    await deliver();
    const mails = smtp.received.filter((m) => m.to === 'eva.visser@example.nl');
    expect(mails.map((m) => m.subject)).toEqual(['Wegwerkzaamheden']);
    expect(mails[0]?.text).toContain('De Dorpsstraat is dicht.');
  });

  it('tells the resident once when their callback request is completed', async () => {
    const eva = await person('Mulder', {
      digitalAddresses: [{ kind: 'email', value: 'eva.mulder@example.nl' }],
    });
    const task = await createTask(t, kcc, {
      subject: 'Vraag over afvalpas',
      partyId: eva,
      owner: { kind: 'team', id: 'kcc' },
      callback: { channel: 'phone', address: '06 1234 5678' },
    });
    for (let i = 0; i < 2; i++)
      await t.request('POST', `/api/v1/tasks/${task.id}/complete`, kcc, { result: 'reached_answered' });
    await deliver();
    const mails = smtp.received.filter((m) => m.to === 'eva.mulder@example.nl');
    expect(mails.map((m) => m.subject)).toEqual([`Uw terugbelverzoek ${task.number} is afgehandeld`]);
    expect(mails[0]?.text).toContain('We hebben u gesproken en uw vraag beantwoord.');
  });
});

describe('a relay that refuses', () => {
  it('is retried with back-off, then the message is dead; from the list it is sent again', async () => {
    const eva = await person('de Boer', {
      digitalAddresses: [{ kind: 'email', value: 'eva.deboer@example.nl' }],
    });
    await statusChange(eva);
    const refusing = pooledTransport(relay.url, t.config.mail.from, 1);
    try {
      for (let attempt = 1; attempt < t.config.notify.maxAttempts; attempt++) {
        expect(await deliver(refusing)).toEqual({ sent: 0, retried: 1, dead: 0 });
        expect(await deliver(refusing)).toEqual({ sent: 0, retried: 0, dead: 0 }); // not due yet
        t.clock.advance(2 * 60 * 60_000);
      }
      expect(await deliver(refusing)).toEqual({ sent: 0, retried: 0, dead: 1 });
      t.clock.advance(2 * 60 * 60_000);
      expect(await deliver(refusing)).toEqual({ sent: 0, retried: 0, dead: 0 });
    } finally {
      refusing.close();
    }

    expect((await t.request('GET', '/api/v1/notifications/dead', kcc)).statusCode).toBe(403);
    const dead = (await t.request('GET', '/api/v1/notifications/dead', admin)).json().results;
    const mine = dead.find((d: { partyId: string }) => d.partyId === eva);
    expect(mine).toMatchObject({
      partyName: 'Eva de Boer',
      attempts: 8,
      channel: 'email',
      kind: 'case_status',
    });
    expect(mine.lastError).toContain('451');
    expect(mine.lastError).not.toContain('Dakkapel');

    expect((await t.request('POST', `/api/v1/notifications/${mine.id}/retry`, admin)).json()).toEqual({
      id: mine.id,
      status: 'queued',
    });
    expect((await t.request('POST', `/api/v1/notifications/${mine.id}/retry`, admin)).statusCode).toBe(409);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(smtp.received.filter((m) => m.to === 'eva.deboer@example.nl')).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/notifications/dead', admin)).json().results).not.toContainEqual(
      expect.objectContaining({ id: mine.id }),
    );
  });
});

describe('templates', () => {
  const url = '/api/v1/notification-templates/case_status/email/nl';

  it('lists the Dutch defaults; an edit changes the next message and keeps the old text', async () => {
    const list = (await t.request('GET', '/api/v1/notification-templates', admin)).json().results;
    expect(list).toContainEqual(
      expect.objectContaining({
        code: 'case_status',
        channel: 'post',
        language: 'nl',
        placeholders: expect.arrayContaining(['naam', 'zaaknummer']),
      }),
    );
    const saved = await t.request('PUT', url, admin, {
      subject: 'Nieuws over zaak {{zaaknummer}}',
      body: 'Hallo {{naam}},\n\nUw zaak staat nu op: {{status}}.',
    });
    expect(saved.statusCode).toBe(200);
    const eva = await person('de Groot', {
      digitalAddresses: [{ kind: 'email', value: 'eva.degroot@example.nl' }],
    });
    const zaak = await statusChange(eva);
    await deliver();
    const [m] = smtp.received.filter((r) => r.to === 'eva.degroot@example.nl');
    expect(m?.subject).toBe(`Nieuws over zaak ${zaak}`);
    expect(m?.text.trim()).toBe('Hallo Eva de Groot,\n\nUw zaak staat nu op: In behandeling.');
    const versions = (await t.request('GET', `${url}/versions`, admin)).json().results;
    expect(versions).toHaveLength(1);
    expect(versions[0].body).toContain('Toelichting: {{toelichting}}');
  });

  it('refuses an unknown placeholder or an empty text with a Dutch 400, and non-admins', async () => {
    const unknown = await t.request('PUT', url, admin, { subject: 'Zaak', body: 'Uw BSN is {{bsn}}.' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().invalidParams[0]).toMatchObject({ name: 'body', code: 'placeholder' });
    expect(unknown.json().detail).toContain('Onbekende plaatshouder {{bsn}}');
    const empty = await t.request('PUT', url, admin, { subject: 'Zaak', body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().invalidParams[0].name).toBe('body');
    const channel = await t.request('PUT', '/api/v1/notification-templates/case_status/fax/nl', admin, {
      body: 'x',
    });
    expect(channel.statusCode).toBe(400);
    expect(
      (await t.request('PUT', '/api/v1/notification-templates/onbekend/email/nl', admin, { body: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await t.request('PUT', url, kcc, { body: 'x' })).statusCode).toBe(403);
  });
});
