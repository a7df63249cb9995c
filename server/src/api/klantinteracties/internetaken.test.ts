// /internetaken on the tasks module: the same task under the same uuid in the app and in the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
let klantcontact = '';
let burgerzaken = '';
let medewerker = '';
beforeAll(async () => {
  t = (await kiTestApp({ organisation: true })) as KiTestApp;
  const made = await t.ki('POST', '/maak-klantcontact', {
    klantcontact: { kanaal: 'telefoon', onderwerp: 'Paspoort kwijt', taal: 'nld', vertrouwelijk: false },
  });
  klantcontact = made.body.klantcontact.uuid;
  const teams = await t.ki('GET', '/actoren?soortActor=organisatorische_eenheid&naam=Burgerzaken');
  burgerzaken = teams.body.results[0].uuid;
  const people = await t.ki('GET', '/actoren?soortActor=medewerker&actoridentificatorObjectId=kcc');
  medewerker = people.body.results[0].uuid;
});
afterAll(() => t.close());

const taak = (over: Record<string, unknown> = {}) => ({
  gevraagdeHandeling: 'Terugbellen over paspoort',
  aanleidinggevendKlantcontact: { uuid: klantcontact },
  toegewezenAanActoren: [{ uuid: burgerzaken }],
  toelichting: 'Graag na 14:00',
  status: 'te_verwerken',
  ...over,
});

const taskCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('internetaken', () => {
  let uuid = '';

  it('creates an internetaak for an organisatorische eenheid: a task of that team in the app', async () => {
    const res = await t.ki('POST', '/internetaken', taak());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    uuid = res.body.uuid;
    expect(res.body).toMatchObject({
      status: 'te_verwerken',
      gevraagdeHandeling: 'Terugbellen over paspoort',
      toegewezenAanActoren: [{ uuid: burgerzaken }],
      aanleidinggevendKlantcontact: { uuid: klantcontact },
      afgehandeldOp: null,
    });
    const app = await t.request('GET', `/api/v1/tasks/${uuid}`, t.client);
    expect(app.statusCode).toBe(200);
    expect(app.json()).toMatchObject({
      id: uuid,
      contactId: klantcontact,
      owner: { kind: 'team', id: burgerzaken },
    });
  });

  it('shows the task on its klantcontact, expanded, and filters by status and actor', async () => {
    const k = await t.ki('GET', `/klantcontacten/${klantcontact}?expand=leiddeTotInterneTaken`);
    expect(k.body.leiddeTotInterneTaken.map((x: { uuid: string }) => x.uuid)).toEqual([uuid]);
    expect(k.body._expand.leiddeTotInterneTaken[0].toelichting).toBe('Graag na 14:00');
    const withTasks = await t.ki('GET', '/klantcontacten?leiddeTotInterneTaken=true');
    expect(withTasks.body.results.map((x: { uuid: string }) => x.uuid)).toEqual([klantcontact]);
    expect((await t.ki('GET', '/klantcontacten?leiddeTotInterneTaken=false')).body.count).toBe(0);
    const mine = await t.ki(
      'GET',
      `/internetaken?toegewezenAanActor__uuid=${burgerzaken}&status=te_verwerken`,
    );
    expect(mine.body.results.map((x: { uuid: string }) => x.uuid)).toEqual([uuid]);
    expect((await t.ki('GET', '/internetaken?status=verwerkt')).body.count).toBe(0);
    expect(
      (await t.ki('GET', `/internetaken?aanleidinggevendKlantcontact__uuid=${klantcontact}`)).body.count,
    ).toBe(1);
  });

  it('reassigns to a medewerker and completes the task when set to verwerkt', async () => {
    const moved = await t.ki('PATCH', `/internetaken/${uuid}`, {
      toegewezenAanActoren: [{ uuid: medewerker }],
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.toegewezenAanActor.uuid).toBe(medewerker);
    const done = await t.ki('PATCH', `/internetaken/${uuid}`, { status: 'verwerkt' });
    expect(done.body.status).toBe('verwerkt');
    expect(done.body.afgehandeldOp).toEqual(expect.any(String));
    const app = (await t.request('GET', `/api/v1/tasks/${uuid}`, t.client)).json();
    expect(app).toMatchObject({ status: 'done', owner: { kind: 'employee', id: medewerker } });
    const back = await t.ki('PATCH', `/internetaken/${uuid}`, { status: 'te_verwerken' });
    expect(back.status).toBe(409);
  });

  it('serves a task registered in the app from a contact, not one without a contact', async () => {
    const fromContact = await t.request('POST', '/api/v1/tasks', t.client, {
      subject: 'Bel mevrouw terug',
      contactId: klantcontact,
      owner: { kind: 'team', id: 'kcc' },
    });
    expect(fromContact.statusCode, fromContact.body).toBe(201);
    const got = await t.ki('GET', `/internetaken/${fromContact.json().id}`);
    expect(got.body).toMatchObject({ gevraagdeHandeling: 'Bel mevrouw terug', status: 'te_verwerken' });
    const loose = await t.request('POST', '/api/v1/tasks', t.client, {
      subject: 'Intern',
      owner: { kind: 'team', id: 'kcc' },
    });
    expect((await t.ki('GET', `/internetaken/${loose.json().id}`)).status).toBe(404);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await taskCount();
    const unknownContact = await t.ki(
      'POST',
      '/internetaken',
      taak({ aanleidinggevendKlantcontact: { uuid: '00000000-0000-4000-8000-000000000000' } }),
    );
    expect(unknownContact.status).toBe(422);
    expect(unknownContact.body.invalidParams[0].name).toBe('aanleidinggevendKlantcontact');
    const robot = await t.ki('POST', '/actoren', {
      naam: 'Chatbot',
      soortActor: 'geautomatiseerde_actor',
      actorIdentificatie: { functie: 'chatbot' },
    });
    expect(robot.status).toBe(201);
    const toRobot = await t.ki(
      'POST',
      '/internetaken',
      taak({ toegewezenAanActoren: [{ uuid: robot.body.uuid }] }),
    );
    expect(toRobot.status).toBe(422);
    const two = await t.ki(
      'POST',
      '/internetaken',
      taak({ toegewezenAanActoren: [{ uuid: burgerzaken }, { uuid: medewerker }] }),
    );
    expect(two.status).toBe(400);
    expect(two.body.invalidParams[0].name).toBe('toegewezenAanActoren');
    const empty = await t.ki('POST', '/internetaken', taak({ gevraagdeHandeling: '' }));
    expect(empty.status).toBe(400);
    expect(await taskCount()).toBe(before);
  });

  it('deletes an internetaak by cancelling the task, which the app keeps', async () => {
    const res = await t.ki('POST', '/internetaken', taak({ gevraagdeHandeling: 'Weg ermee' }));
    expect((await t.ki('DELETE', `/internetaken/${res.body.uuid}`)).status).toBe(204);
    expect((await t.ki('GET', `/internetaken/${res.body.uuid}`)).status).toBe(404);
    const app = (await t.request('GET', `/api/v1/tasks/${res.body.uuid}`, t.client)).json();
    expect(app.status).toBe('cancelled');
  });
});
