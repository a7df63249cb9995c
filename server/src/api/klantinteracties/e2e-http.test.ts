// The KCC front end's flow over real HTTP (a listening server on 127.0.0.1 and fetch), every
// response checked against the spec. Creating an internetaak is not in it yet: /internetaken is
// not served (see the README's table).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiPrefix } from './http.ts';
import { checkResponse, type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
let base = '';
beforeAll(async () => {
  t = (await kiTestApp()) as KiTestApp;
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
  it('finds a person by BSN, registers a klantcontact in one call and lists it with expand', async () => {
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

    const list = await call(
      'GET',
      `/klantcontacten?hadBetrokkene__wasPartij__uuid=${partij}&expand=hadBetrokkenen,gingOverOnderwerpobjecten`,
    );
    expect(list.body.count).toBe(1);
    expect(list.body.results[0].uuid).toBe(made.body.klantcontact.uuid);
    expect(list.body.results[0]._expand.hadBetrokkenen[0].wasPartij.uuid).toBe(partij);
  });
});
