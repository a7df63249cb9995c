// The KCC front end's flow over real HTTP (a listening server on 127.0.0.1 and fetch), every
// response checked against the spec: find a person by BSN, register a klantcontact in one call,
// create an internetaak for an organisatorische eenheid, list the person's klantcontacten expanded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiPrefix } from './http.ts';
import { checkResponse, type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
let base = '';
beforeAll(async () => {
  t = (await kiTestApp({ organisation: true })) as KiTestApp;
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

async function call(method: string, path: string, body?: unknown) {
  const url = `${base}${kiPrefix}${path}`;
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Token ${t.client.token}`,
      'content-type': 'application/json',
      'x-loket-end-user': 'kcc:test',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? undefined : await res.json();
  await checkResponse(method, url, res.status, json);
  expect(res.headers.get('api-version')).toBe('0.9.0');
  return { status: res.status, body: json };
}

describe('KCC flow over HTTP', () => {
  it('finds a person by BSN, registers a klantcontact, creates an internetaak for a team, lists with expand', async () => {
    const created = await call('POST', '/partijen', {
      soortPartij: 'persoon',
      indicatieActief: true,
      partijIdentificatie: { contactnaam: { voornaam: 'Fatima', achternaam: 'El Amrani' } },
      partijIdentificatoren: [
        {
          partijIdentificator: {
            codeObjecttype: 'natuurlijk_persoon',
            codeSoortObjectId: 'bsn',
            objectId: '999993653',
            codeRegister: 'brp',
          },
        },
      ],
    });
    expect(created.status).toBe(201);

    const found = await call(
      'GET',
      '/partijen?partijIdentificator__objectId=999993653&partijIdentificator__codeSoortObjectId=bsn',
    );
    expect(found.body.count).toBe(1);
    const partij = found.body.results[0].uuid;

    const made = await call('POST', '/maak-klantcontact', {
      klantcontact: { kanaal: 'balie', onderwerp: 'Paspoort aanvragen', taal: 'nld', vertrouwelijk: false },
      betrokkene: { wasPartij: { uuid: partij }, rol: 'klant', initiator: true },
      onderwerpobject: {
        onderwerpobjectidentificator: {
          objectId: 'PAS-7',
          codeObjecttype: 'product',
          codeRegister: 'pdc',
          codeSoortObjectId: 'code',
        },
      },
    });
    expect(made.status).toBe(201);

    const teams = await call('GET', '/actoren?soortActor=organisatorische_eenheid&naam=Burgerzaken');
    expect(teams.body.count).toBe(1);
    const team = teams.body.results[0].uuid;
    const taak = await call('POST', '/internetaken', {
      gevraagdeHandeling: 'Bel mevrouw terug over haar paspoortaanvraag',
      aanleidinggevendKlantcontact: { uuid: made.body.klantcontact.uuid },
      toegewezenAanActoren: [{ uuid: team }],
      toelichting: 'Bereikbaar na 14:00',
      status: 'te_verwerken',
    });
    expect(taak.status).toBe(201);
    expect(taak.body.toegewezenAanActoren).toEqual([{ uuid: team, url: expect.stringContaining(team) }]);

    const list = await call(
      'GET',
      `/klantcontacten?hadBetrokkene__wasPartij__uuid=${partij}&expand=hadBetrokkenen,gingOverOnderwerpobjecten,leiddeTotInterneTaken`,
    );
    expect(list.body.count).toBe(1);
    const k = list.body.results[0];
    expect(k.uuid).toBe(made.body.klantcontact.uuid);
    expect(k._expand.hadBetrokkenen[0].wasPartij.uuid).toBe(partij);
    expect(k._expand.gingOverOnderwerpobjecten[0].onderwerpobjectidentificator.objectId).toBe('PAS-7');
    expect(k._expand.leiddeTotInterneTaken[0]).toMatchObject({
      uuid: taak.body.uuid,
      status: 'te_verwerken',
    });

    // The same task in the team's work queue in the app.
    const app = await t.request('GET', `/api/v1/tasks/${taak.body.uuid}`, t.client);
    expect(app.json()).toMatchObject({ owner: { kind: 'team', id: team }, contactId: k.uuid });
  });
});
