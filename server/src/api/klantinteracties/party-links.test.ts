// Rekeningnummers, vertegenwoordigingen, categorieën and bijlagen; every response checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
let jan = '';
let piet = '';
beforeAll(async () => {
  t = (await kiTestApp()) as KiTestApp;
  const persoon = (achternaam: string) => ({
    soortPartij: 'persoon',
    indicatieActief: true,
    partijIdentificatie: { contactnaam: { voornaam: 'X', achternaam } },
  });
  jan = (await t.ki('POST', '/partijen', persoon('Jansen'))).body.uuid;
  piet = (await t.ki('POST', '/partijen', persoon('Pietersen'))).body.uuid;
});
afterAll(() => t.close());

const count = async (table: 'ki_bank_accounts' | 'ki_representations' | 'ki_attachment_refs') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('rekeningnummers', () => {
  it('stores an IBAN on a partij, normalised, and refuses one that fails the check', async () => {
    const res = await t.ki('POST', '/rekeningnummers', {
      partij: { uuid: jan },
      iban: 'nl91 abna 0417 1643 00',
      bic: 'ABNANL2A',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', partij: { uuid: jan } });
    const p = await t.ki('PATCH', `/partijen/${jan}`, { voorkeursRekeningnummer: { uuid: res.body.uuid } });
    expect(p.body.voorkeursRekeningnummer.uuid).toBe(res.body.uuid);
    expect((await t.ki('GET', '/rekeningnummers?iban=NL91ABNA0417164300')).body.count).toBe(1);
    const before = await count('ki_bank_accounts');
    const bad = await t.ki('POST', '/rekeningnummers', { partij: { uuid: jan }, iban: 'NL91ABNA0417164301' });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams[0].name).toBe('iban');
    const noParty = await t.ki('POST', '/rekeningnummers', {
      partij: { uuid: '00000000-0000-4000-8000-000000000000' },
      iban: 'NL91ABNA0417164300',
    });
    expect(noParty.status).toBe(422);
    expect(await count('ki_bank_accounts')).toBe(before);
    expect((await t.ki('DELETE', `/rekeningnummers/${res.body.uuid}`)).status).toBe(204);
  });
});

describe('vertegenwoordigingen', () => {
  it('records that one partij represents another, shown on the partij', async () => {
    const res = await t.ki('POST', '/vertegenwoordigingen', {
      vertegenwoordigendePartij: { uuid: piet },
      vertegenwoordigdePartij: { uuid: jan },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await t.ki('GET', `/partijen/${piet}`)).body.vertegenwoordigden[0].uuid).toBe(jan);
    const list = await t.ki('GET', `/vertegenwoordigingen?vertegenwoordigdePartij__uuid=${jan}`);
    expect(list.body.results[0].uuid).toBe(res.body.uuid);
    const again = await t.ki('POST', '/vertegenwoordigingen', {
      vertegenwoordigendePartij: { uuid: piet },
      vertegenwoordigdePartij: { uuid: jan },
    });
    expect(again.status).toBe(409);
    const self = await t.ki('POST', '/vertegenwoordigingen', {
      vertegenwoordigendePartij: { uuid: jan },
      vertegenwoordigdePartij: { uuid: jan },
    });
    expect(self.status).toBe(400);
    expect(await count('ki_representations')).toBe(1);
  });
});

describe('categorieen', () => {
  it('creates, renames, refuses a duplicate and deletes a categorie', async () => {
    const res = await t.ki('POST', '/categorieen', { naam: 'ondernemer' });
    expect(res.status).toBe(201);
    const rel = await t.ki('POST', '/categorie-relaties', {
      partij: { uuid: jan },
      categorie: { uuid: res.body.uuid },
      beginDatum: '2026-01-01',
    });
    expect(rel.status).toBe(201);
    expect((await t.ki('PATCH', `/categorieen/${res.body.uuid}`, { naam: 'zzp-er' })).body.naam).toBe(
      'zzp-er',
    );
    expect((await t.ki('POST', '/categorieen', { naam: 'zzp-er' })).status).toBe(409);
    expect((await t.ki('GET', '/categorieen')).body.count).toBe(1);
    expect((await t.ki('DELETE', `/categorieen/${res.body.uuid}`)).status).toBe(204);
    expect((await t.ki('GET', `/categorieen/${res.body.uuid}`)).status).toBe(404);
  });
});

describe('bijlagen', () => {
  it('serves a file uploaded in the app, read-only, and stores references to documents elsewhere', async () => {
    const made = await t.ki('POST', '/maak-klantcontact', {
      klantcontact: { kanaal: 'e-mail', onderwerp: 'Bezwaar WOZ', taal: 'nld', vertrouwelijk: false },
    });
    const kc = made.body.klantcontact.uuid;
    const boundary = 'xYz';
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${kc}/attachments`,
      headers: {
        authorization: `Token ${t.client.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="brief.txt"\r\nContent-Type: text/plain\r\n\r\nGeachte heer,\r\n--${boundary}--\r\n`,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const file = upload.json().id;
    const ref = await t.ki('POST', '/bijlagen', {
      wasBijlageVanKlantcontact: { uuid: kc },
      bijlageidentificator: {
        objectId: '9193b03f-93c2-4bfc-badf-b61494bd31d6',
        codeObjecttype: 'DOCUMENT',
        codeRegister: 'open-zaak',
        codeSoortObjectId: 'uuid',
      },
    });
    expect(ref.status, JSON.stringify(ref.body)).toBe(201);
    const k = await t.ki('GET', `/klantcontacten/${kc}?expand=omvatteBijlagen`);
    expect(k.body.omvatteBijlagen.map((b: { uuid: string }) => b.uuid)).toEqual([file, ref.body.uuid]);
    expect(k.body._expand.omvatteBijlagen[0].bijlageidentificator.codeRegister).toBe('loket');
    const page2 = await t.ki('GET', `/bijlagen?klantcontact__uuid=${kc}&pageSize=1&page=2`);
    expect(page2.body).toMatchObject({ count: 2, results: [{ uuid: ref.body.uuid }] });
    expect((await t.ki('GET', '/bijlagen?bijlageidentificatorCodeRegister=open-zaak')).body.count).toBe(1);
    expect((await t.ki('DELETE', `/bijlagen/${file}`)).status).toBe(409);
    const before = await count('ki_attachment_refs');
    const lost = await t.ki('POST', '/bijlagen', {
      wasBijlageVanKlantcontact: { uuid: '00000000-0000-4000-8000-000000000000' },
    });
    expect(lost.status).toBe(422);
    expect(await count('ki_attachment_refs')).toBe(before);
    expect((await t.ki('DELETE', `/bijlagen/${ref.body.uuid}`)).status).toBe(204);
  });
});

describe('onderwerpobjecten', () => {
  it('deletes with cascade the klantcontact nothing else refers to, and keeps the others', async () => {
    const made = await t.ki('POST', '/maak-klantcontact', {
      klantcontact: { kanaal: 'balie', onderwerp: 'Rijbewijs', taal: 'nld', vertrouwelijk: false },
      onderwerpobject: {
        onderwerpobjectidentificator: {
          objectId: 'RB-1',
          codeObjecttype: 'product',
          codeRegister: 'pdc',
          codeSoortObjectId: 'code',
        },
      },
    });
    const kc = made.body.klantcontact.uuid;
    const extra = await t.ki('POST', '/onderwerpobjecten', {
      klantcontact: { uuid: kc },
      onderwerpobjectidentificator: {
        objectId: 'RB-2',
        codeObjecttype: 'product',
        codeRegister: 'pdc',
        codeSoortObjectId: 'code',
      },
    });
    const first = await t.ki('DELETE', `/onderwerpobjecten/${made.body.onderwerpobject.uuid}?cascade=true`);
    expect(first.status).toBe(200);
    expect(first.body.behouden).toEqual([expect.stringContaining(kc)]);
    const last = await t.ki('DELETE', `/onderwerpobjecten/${extra.body.uuid}?cascade=true`);
    expect(last.body.behouden).toEqual([]);
    expect((await t.ki('GET', `/klantcontacten/${kc}`)).status).toBe(404);
  });
});
