// The preferences API of MijnGemeente: digital addresses verified by a code (e-mail through the mail
// outbox, SMS through a fake gateway speaking Loket's generic JSON), the channel per kind of message
// and the language; bad input, expiry, attempts, the hourly limit and two residents who never reach
// each other's data. Residents' sessions are made with the session plugin itself: the real login
// through the dev IdP is tested in portal.test.ts and e2e/mijn-preferences.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { fakeProviders } from '../channels/messaging/fake-providers.ts';
import { listMails } from '../outbox/outbox.service.ts';
import { createParty, getParty } from '../parties/parties.service.ts';
import { listEntries } from '../processing-log/processing-log.service.ts';

let t: TestApp;
let sms: Awaited<ReturnType<typeof fakeProviders>>;
type Resident = { party: string; kind: 'bsn' | 'kvk'; name: string };
const who = {} as Record<'anne' | 'bram' | 'bakker' | 'stranger', Resident>;

/** A resident's session cookie as the login makes it, seen just now (the test clock jumps hours). */
function residentCookie(r: Resident): Who {
  const partyId = r.party || null;
  const session = t.app.createSecureSession({
    resident: {
      partyId,
      partyIds: partyId ? [partyId] : [],
      kind: r.kind,
      name: r.name,
      lastSeenAt: t.clock.now().getTime(),
    },
  });
  return { cookie: `loket_sessie=${encodeURIComponent(t.app.encodeSecureSession(session))}` };
}

beforeAll(async () => {
  sms = await fakeProviders('unused');
  t = await testApp({
    env: { LOKET_WEBHOOK_SECRETS: 'sms-gateway:geheim', LOKET_SMS_PROVIDER_URL: sms.smsUrl },
  });
  const person = async (surname: string, bsn: string) => {
    const p = await createParty(t.db, {
      kind: 'person',
      givenNames: 'Proef',
      surname,
      identifiers: [{ type: 'bsn', value: bsn }],
    });
    return { party: p.id, kind: 'bsn' as const, name: p.displayName };
  };
  who.anne = await person('Appel', '999993653');
  who.bram = await person('Boom', '111222333');
  const org = await createParty(t.db, {
    kind: 'organisation',
    organisationName: 'Bakkerij De Korst',
    identifiers: [{ type: 'kvk_nummer', value: '12345678' }],
  });
  who.bakker = { party: org.id, kind: 'kvk', name: org.displayName };
  who.stranger = { party: '', kind: 'bsn', name: 'Inwoner' };
});

afterAll(async () => {
  await t?.close();
  await sms?.close();
});

const api = (method: string, path: string, w: Who | Resident, body?: unknown) =>
  t.request(method, `/api/v1/mijn${path}`, 'party' in w ? residentCookie(w) : w, body);

/** The code in the last mail to `to` (the outbox keeps what goes to the relay). */
async function mailedCode(to: string) {
  const mails = await listMails(t.db, { recipient: to });
  const last = mails.at(-1);
  expect(last?.subject).toBe('Uw code voor MijnGemeente');
  return /\b(\d{6})\b/.exec(last?.body ?? '')?.[1] ?? '';
}

async function addVerifiedEmail(w: Resident, email: string) {
  const started = await api('POST', '/digital-addresses', w, { kind: 'email', value: email });
  expect(started.statusCode).toBe(202);
  const { verificationId } = started.json();
  const res = await api('POST', '/digital-addresses/verify', w, {
    verificationId,
    code: await mailedCode(email.toLowerCase()),
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('preferences of a resident', () => {
  it('needs a resident login', async () => {
    expect((await api('GET', '/preferences', {})).statusCode).toBe(401);
    const kcc = await t.login('kcc');
    expect((await api('GET', '/preferences', kcc)).statusCode).toBe(401);
    expect((await api('PUT', '/preferences', kcc, { language: 'en' })).statusCode).toBe(401);
  });

  it('starts with no choices, and verifies a new e-mail address by a mailed code', async () => {
    const start = await api('GET', '/preferences', who.anne);

    expect(start.statusCode, start.body).toBe(200);
    expect(start.json()).toEqual({
      digitalAddresses: [],
      messagePreferences: { case_status: null, callback: null, document: null, announcement: null },
      language: 'nl',
    });
    const res = await api('POST', '/digital-addresses', who.anne, {
      kind: 'email',
      value: ' Anne@Voorbeeld.NL ',
    });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.verificationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(body.expiresAt).getTime() - t.clock.now().getTime()).toBeGreaterThan(14 * 60_000);
    const mails = await listMails(t.db, { recipient: 'anne@voorbeeld.nl' });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body).toContain('15 minuten geldig');
    // Not an address of the party until the code comes back.
    expect((await api('GET', '/preferences', who.anne)).json().digitalAddresses).toEqual([]);
    const stored = await t.db.selectFrom('address_verifications').selectAll().execute();
    const code = await mailedCode('anne@voorbeeld.nl');
    expect(JSON.stringify(stored)).not.toContain(code);

    const ok = await api('POST', '/digital-addresses/verify', who.anne, {
      verificationId: body.verificationId,
      code,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      kind: 'email',
      value: 'anne@voorbeeld.nl',
      isPreferred: true,
      verifiedAt: expect.any(String),
    });
    const again = await api('POST', '/digital-addresses/verify', who.anne, {
      verificationId: body.verificationId,
      code,
    });
    expect(again.statusCode).toBe(410);
    expect((await getParty(t.db, who.anne.party)).digitalAddresses).toMatchObject([
      { kind: 'email', value: 'anne@voorbeeld.nl', isPreferred: true },
    ]);
    const dup = await api('POST', '/digital-addresses', who.anne, {
      kind: 'email',
      value: 'anne@voorbeeld.nl',
    });
    expect(dup.statusCode).toBe(409);
  });

  it('sends a code by SMS to a phone number in E.164 and verifies it', async () => {
    const res = await api('POST', '/digital-addresses', who.bram, { kind: 'phone', value: '06-12 34 56 78' });
    expect(res.statusCode).toBe(202);
    const sent = sms.sms.at(-1)?.body ?? {};
    expect(sent).toMatchObject({ channel: 'sms', to: '+31612345678' });
    expect(String(sent.text)).toMatch(/^Uw code voor MijnGemeente is \d{6}\./);
    const code = /\d{6}/.exec(String(sent.text))?.[0];
    const ok = await api('POST', '/digital-addresses/verify', who.bram, {
      verificationId: res.json().verificationId,
      code,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'phone', value: '+31612345678', isPreferred: true });
  });

  it('answers bad input with 400 and a Dutch reason naming the field, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'email', value: 'geen-adres' }, 'value'],
      [{ kind: 'phone', value: '12' }, 'value'],
      [{ kind: 'fax', value: '0201234567' }, 'kind'],
      [{ kind: 'email' }, 'value'],
      [{ kind: 'email', value: 'a@b.nl', extra: 1 }, 'extra'],
    ];
    const before = await t.db.selectFrom('address_verifications').select('id').execute();
    for (const [body, field] of cases) {
      const res = await api('POST', '/digital-addresses', who.bakker, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toContain(field);
    }
    const bad = await api('POST', '/digital-addresses', who.bakker, { kind: 'email', value: 'geen-adres' });
    expect(bad.json().invalidParams[0].reason).toMatch(/geldig e-mailadres/);
    expect(await t.db.selectFrom('address_verifications').select('id').execute()).toHaveLength(before.length);
    for (const body of [
      { language: 'de' },
      { messagePreferences: { case_status: 'duif' } },
      { messagePreferences: { other: 'post' } },
    ])
      expect((await api('PUT', '/preferences', who.bakker, body)).statusCode).toBe(400);
    const notUuid = await api('POST', '/digital-addresses/verify', who.bakker, {
      verificationId: 'x',
      code: '123456',
    });
    expect(notUuid.statusCode).toBe(404);
  });

  it('counts wrong codes: 400 with the attempts left, dead after 5', async () => {
    const res = await api('POST', '/digital-addresses', who.bakker, {
      kind: 'email',
      value: 'info@dekorst.nl',
    });
    const { verificationId } = res.json();
    const code = await mailedCode('info@dekorst.nl');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      const r = await api('POST', '/digital-addresses/verify', who.bakker, { verificationId, code: wrong });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ attemptsLeft: left, invalidParams: [{ name: 'code' }] });
      expect(r.json().detail).toBe(`De code klopt niet. U kunt het nog ${left} keer proberen.`);
    }
    const fifth = await api('POST', '/digital-addresses/verify', who.bakker, { verificationId, code: 'abc' });
    expect(fifth.statusCode).toBe(410);
    const right = await api('POST', '/digital-addresses/verify', who.bakker, { verificationId, code });
    expect(right.statusCode).toBe(410);
    expect(right.json().detail).toMatch(/te vaak een verkeerde code/);
    expect((await api('GET', '/preferences', who.bakker)).json().digitalAddresses).toEqual([]);
  });

  it('lets a code die after 15 minutes', async () => {
    const res = await api('POST', '/digital-addresses', who.bakker, {
      kind: 'email',
      value: 'post@dekorst.nl',
    });
    const code = await mailedCode('post@dekorst.nl');
    t.clock.advance(15 * 60_000 + 1000);
    const late = await api('POST', '/digital-addresses/verify', who.bakker, {
      verificationId: res.json().verificationId,
      code,
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().detail).toBe('Deze code is verlopen. Vraag een nieuwe code aan.');
  });

  it('allows at most 5 codes per party per hour (429), and again an hour later', async () => {
    t.clock.advance(61 * 60_000);
    for (let i = 0; i < 5; i++)
      expect(
        (await api('POST', '/digital-addresses', who.bakker, { kind: 'email', value: `x${i}@dekorst.nl` }))
          .statusCode,
      ).toBe(202);
    const sixth = await api('POST', '/digital-addresses', who.bakker, {
      kind: 'email',
      value: 'x5@dekorst.nl',
    });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().detail).toMatch(/al 5 codes aangevraagd/);
    // Another party is not held up by it.
    expect(
      (await api('POST', '/digital-addresses', who.bram, { kind: 'email', value: 'bram@voorbeeld.nl' }))
        .statusCode,
    ).toBe(202);
    t.clock.advance(61 * 60_000);
    expect(
      (await api('POST', '/digital-addresses', who.bakker, { kind: 'email', value: 'x5@dekorst.nl' }))
        .statusCode,
    ).toBe(202);
  });

  it('keeps a channel per kind of message and the language, refusing a channel without a verified address', async () => {
    const refused = await api('PUT', '/preferences', who.anne, {
      messagePreferences: { case_status: 'sms', callback: 'whatsapp' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().invalidParams).toEqual([
      expect.objectContaining({
        name: 'messagePreferences.case_status',
        reason: expect.stringMatching(/bevestigd mobiel nummer/),
      }),
      expect.objectContaining({ name: 'messagePreferences.callback' }),
    ]);
    const ok = await api('PUT', '/preferences', who.anne, {
      messagePreferences: { case_status: 'email', document: 'post' },
      language: 'en',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      messagePreferences: { case_status: 'email', callback: null, document: 'post', announcement: null },
      language: 'en',
    });
    // Only what is sent changes; null goes back to the default.
    const next = await api('PUT', '/preferences', who.anne, { messagePreferences: { document: null } });
    expect(next.json().messagePreferences).toEqual({
      case_status: 'email',
      callback: null,
      document: null,
      announcement: null,
    });
    const rows = await t.db
      .selectFrom('party_message_preferences')
      .selectAll()
      .where('party_id', '=', who.anne.party)
      .execute();
    expect(rows.map((r) => [r.message_kind, r.channel])).toEqual([['case_status', 'email']]);
    expect((await getParty(t.db, who.anne.party)).language).toBe('en');
    const sms = await api('PUT', '/preferences', who.bram, {
      messagePreferences: { case_status: 'sms', callback: 'whatsapp' },
    });
    expect(sms.statusCode).toBe(200);
  });

  it('sets the preferred address and removes one, dropping choices that no longer have an address', async () => {
    const second = await addVerifiedEmail(who.anne, 'anne.werk@voorbeeld.nl');
    expect(second.isPreferred).toBe(false);
    const pref = await api('PUT', `/digital-addresses/${second.id}/preferred`, who.anne);
    expect(pref.statusCode).toBe(200);
    let list = (await api('GET', '/preferences', who.anne)).json().digitalAddresses;
    expect(
      list.filter((a: { isPreferred: boolean }) => a.isPreferred).map((a: { value: string }) => a.value),
    ).toEqual(['anne.werk@voorbeeld.nl']);
    expect((await api('DELETE', `/digital-addresses/${second.id}`, who.anne)).statusCode).toBe(204);
    list = (await api('GET', '/preferences', who.anne)).json().digitalAddresses;
    expect(list).toMatchObject([{ value: 'anne@voorbeeld.nl', isPreferred: true }]);
    expect((await api('GET', '/preferences', who.anne)).json().messagePreferences.case_status).toBe('email');
    expect((await api('DELETE', `/digital-addresses/${list[0].id}`, who.anne)).statusCode).toBe(204);
    expect((await api('GET', '/preferences', who.anne)).json().messagePreferences.case_status).toBe(null);
    expect((await api('DELETE', `/digital-addresses/${list[0].id}`, who.anne)).statusCode).toBe(404);
    expect((await api('PUT', '/digital-addresses/niet-een-id/preferred', who.anne)).statusCode).toBe(404);
  });

  it('never reaches another party: addresses, codes and choices stay with their own resident', async () => {
    const bram = (await api('GET', '/preferences', who.bram)).json();
    const phone = bram.digitalAddresses.find((a: { kind: string }) => a.kind === 'phone');
    expect(phone).toBeDefined();
    expect((await api('PUT', `/digital-addresses/${phone.id}/preferred`, who.anne)).statusCode).toBe(404);
    expect((await api('DELETE', `/digital-addresses/${phone.id}`, who.anne)).statusCode).toBe(404);
    const started = await api('POST', '/digital-addresses', who.bram, {
      kind: 'email',
      value: 'bram2@voorbeeld.nl',
    });
    const code = await mailedCode('bram2@voorbeeld.nl');
    const stolen = await api('POST', '/digital-addresses/verify', who.anne, {
      verificationId: started.json().verificationId,
      code,
    });
    expect(stolen.statusCode).toBe(404);
    const anne = (await api('GET', '/preferences', who.anne)).json();
    expect(JSON.stringify(anne)).not.toContain('bram');
    expect((await api('GET', '/preferences', who.bram)).json().digitalAddresses).toHaveLength(1);
    expect((await getParty(t.db, who.bram.party)).digitalAddresses.map((d) => d.value)).toEqual([
      '+31612345678',
    ]);
  });

  it('tells a resident Loket does not know yet that nothing can be kept', async () => {
    expect((await api('GET', '/preferences', who.stranger)).json().digitalAddresses).toEqual([]);
    const res = await api('POST', '/digital-addresses', who.stranger, {
      kind: 'email',
      value: 'iemand@voorbeeld.nl',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/Wij kennen u nog niet/);
  });

  it('records each change in the processing log without the address', async () => {
    const entries = await listEntries(t.db, { partyId: who.anne.party, limit: 100 });
    const changes = entries.filter((e) => e.action === 'change');
    expect(changes.map((e) => e.endpoint)).toEqual(
      expect.arrayContaining([
        'POST /mijn/digital-addresses',
        'POST /mijn/digital-addresses/verify',
        'PUT /mijn/preferences',
        'PUT /mijn/digital-addresses/:id/preferred',
        'DELETE /mijn/digital-addresses/:id',
      ]),
    );
    expect(changes.every((e) => e.actor_kind === 'resident' && e.actor_id === who.anne.party)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('voorbeeld.nl');
  });
});
