// The KCC flow through the Klantinteracties API; every response is checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
beforeAll(async () => {
  t = (await kiTestApp()) as KiTestApp;
});
afterAll(() => t.close());

const bsn = '111222333';
const persoon = {
  soortPartij: 'persoon',
  indicatieActief: true,
  voorkeurstaal: 'nld',
  partijIdentificatie: {
    contactnaam: { voorletters: 'J.', voornaam: 'Jan', voorvoegselAchternaam: 'de', achternaam: 'Vries' },
  },
  partijIdentificatoren: [
    {
      partijIdentificator: {
        codeObjecttype: 'natuurlijk_persoon',
        codeSoortObjectId: 'bsn',
        objectId: bsn,
        codeRegister: 'brp',
      },
    },
  ],
  bezoekadres: {
    straatnaam: 'Dorpsstraat',
    huisnummer: 5,
    postcode: '1234 AB',
    stad: 'Ons Dorp',
    land: 'NL',
  },
};

describe('partijen', () => {
  let partijUuid = '';

  it('creates a persoon with a BSN and finds it by BSN', async () => {
    const res = await t.ki('POST', '/partijen', persoon);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    partijUuid = res.body.uuid;
    expect(res.body.url).toBe(`${t.config.publicUrl}/klantinteracties/api/v1/partijen/${partijUuid}`);
    expect(res.body.partijIdentificatie.volledigeNaam).toContain('Vries');
    const found = await t.ki(
      'GET',
      `/partijen?partijIdentificator__objectId=${bsn}&partijIdentificator__codeSoortObjectId=bsn`,
    );
    expect(found.status).toBe(200);
    expect(found.body.count).toBe(1);
    expect(found.body.results[0].uuid).toBe(partijUuid);
    // The same party in the app API.
    const app = await t.request('GET', `/api/v1/parties/${partijUuid}`, t.client);
    expect(app.json().identifiers[0]).toMatchObject({ type: 'bsn', value: bsn });
  });

  it('refuses a BSN that fails the 11-proof, and codes that do not belong to it, storing nothing', async () => {
    const bad = structuredClone(persoon);
    (bad.partijIdentificatoren[0] as (typeof persoon.partijIdentificatoren)[0]).partijIdentificator.objectId =
      '123456789';
    const res = await t.ki('POST', '/partijen', bad);
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.length).toBeGreaterThan(0);
    const wrongCodes = structuredClone(persoon);
    (
      wrongCodes.partijIdentificatoren[0] as (typeof persoon.partijIdentificatoren)[0]
    ).partijIdentificator.codeRegister = 'hr';
    const res2 = await t.ki('POST', '/partijen', wrongCodes);
    expect(res2.status).toBe(400);
    expect(res2.body.invalidParams[0].name).toBe('partijIdentificatoren.0.partijIdentificator.codeRegister');
    const all = await t.ki('GET', '/partijen?soortPartij=persoon&pageSize=500');
    expect(
      all.body.results.filter((p: { partijIdentificatie: { volledigeNaam: string } }) =>
        p.partijIdentificatie.volledigeNaam.includes('Vries'),
      ),
    ).toHaveLength(1);
  });

  it('pages with count, next and previous', async () => {
    const first = await t.ki('GET', '/partijen?pageSize=1');
    expect(first.body.results).toHaveLength(1);
    if (first.body.count > 1) {
      expect(first.body.next).toContain('page=2');
      const second = await t.ki('GET', '/partijen?pageSize=1&page=2');
      expect(second.body.previous).toContain('page=1');
    }
  });

  it('registers a klantcontact with betrokkene and onderwerpobject in one call, seen by the app', async () => {
    const res = await t.ki('POST', '/maak-klantcontact', {
      klantcontact: {
        kanaal: 'telefoon',
        onderwerp: 'Vraag over afvalpas',
        inhoud: 'Pas kwijt',
        taal: 'nld',
        vertrouwelijk: false,
        plaatsgevondenOp: '2026-11-23T08:30:00Z',
      },
      betrokkene: {
        wasPartij: { uuid: partijUuid },
        rol: 'klant',
        initiator: true,
        contactnaam: { achternaam: 'Vries' },
      },
      onderwerpobject: {
        onderwerpobjectidentificator: {
          objectId: 'ZAAK-1',
          codeObjecttype: 'zaak',
          codeRegister: 'openzaak',
          codeSoortObjectId: 'identificatie',
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const kc = res.body.klantcontact.uuid;
    expect(res.body.betrokkene.hadKlantcontact.uuid).toBe(kc);
    const app = await t.request('GET', `/api/v1/contacts/${kc}`, t.client);
    expect(app.statusCode).toBe(200);
    expect(app.json()).toMatchObject({
      channel: 'phone',
      subject: 'Vraag over afvalpas',
      parties: [{ partyId: partijUuid }],
    });

    const list = await t.ki(
      'GET',
      `/klantcontacten?hadBetrokkene__wasPartij__uuid=${partijUuid}&expand=hadBetrokkenen,hadBetrokkenen.wasPartij,gingOverOnderwerpobjecten`,
    );
    expect(list.body.count).toBe(1);
    const k = list.body.results[0];
    expect(k._expand.hadBetrokkenen[0]._expand.wasPartij.uuid).toBe(partijUuid);
    expect(k._expand.gingOverOnderwerpobjecten[0].onderwerpobjectidentificator.objectId).toBe('ZAAK-1');
  });

  it('logs the read for the application and the end user it names', async () => {
    await t.request('GET', `/klantinteracties/api/v1/partijen/${partijUuid}`, {
      ...t.client,
      headers: { 'x-loket-end-user': 'medewerker:jdevries' },
    });
    const rows = await t.db
      .selectFrom('processing_log')
      .selectAll()
      .where('party_id', '=', partijUuid)
      .where('on_behalf_of', '=', 'medewerker:jdevries')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_kind: 'application', actor_name: 'kcc-werkplek' });
  });

  it('adds a digitaal adres and shows it on the partij', async () => {
    const res = await t.ki('POST', '/digitaleadressen', {
      verstrektDoorPartij: { uuid: partijUuid },
      adres: 'jan@example.nl',
      soortDigitaalAdres: 'email',
      isStandaardAdres: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = await t.ki('GET', `/partijen/${partijUuid}?expand=digitaleAdressen,betrokkenen`);
    expect(p.body.voorkeursDigitaalAdres.uuid).toBe(res.body.uuid);
    expect(p.body._expand.digitaleAdressen[0].adres).toBe('jan@example.nl');
    expect(p.body._expand.betrokkenen).toHaveLength(1);
  });
});
