// /actoren and /actorklantcontacten: Loket's employees and teams are actors; others are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KiTestApp, kiTestApp } from './test/ki-app.ts';

let t: KiTestApp;
beforeAll(async () => {
  t = (await kiTestApp({ organisation: true })) as KiTestApp;
});
afterAll(() => t.close());

const uuids = (body: { results: { uuid: string }[] }) => body.results.map((r) => r.uuid);

describe('actoren', () => {
  let kcc = '';
  let robot = '';

  it('lists every employee as medewerker and every team as organisatorische eenheid', async () => {
    const employee = await t.db
      .selectFrom('employees')
      .select('id')
      .where('username', '=', 'kcc')
      .executeTakeFirstOrThrow();
    const team = await t.db
      .selectFrom('teams')
      .select('id')
      .where('code', '=', 'kcc')
      .executeTakeFirstOrThrow();
    const people = await t.ki('GET', '/actoren?soortActor=medewerker&pageSize=500');
    expect(uuids(people.body)).toContain(employee.id);
    const units = await t.ki(
      'GET',
      '/actoren?soortActor=organisatorische_eenheid&actoridentificatorObjectId=kcc',
    );
    expect(uuids(units.body)).toEqual([team.id]);
    kcc = employee.id;
  });

  it('links a created medewerker that Loket knows to that employee, found again by its identificator', async () => {
    const res = await t.ki('POST', '/actoren', {
      naam: 'KCC-medewerker',
      soortActor: 'medewerker',
      actoridentificator: {
        objectId: 'kcc',
        codeObjecttype: 'mdw',
        codeRegister: 'handmatig',
        codeSoortObjectId: 'gebruikersnaam',
      },
      actorIdentificatie: { functie: 'Klantcontactmedewerker', telefoonnummer: '0201234567' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.uuid).toBe(kcc);
    expect(res.body.actorIdentificatie).toMatchObject({
      functie: 'Klantcontactmedewerker',
      telefoonnummer: '0201234567',
    });
    const found = await t.ki(
      'GET',
      '/actoren?actoridentificatorObjectId=kcc&actoridentificatorCodeRegister=handmatig',
    );
    expect(uuids(found.body)).toEqual([kcc]);
    expect((await t.ki('DELETE', `/actoren/${kcc}`)).status).toBe(409);
  });

  it('stores a geautomatiseerde actor, changes and deletes it', async () => {
    const res = await t.ki('POST', '/actoren', {
      naam: 'Chatbot',
      soortActor: 'geautomatiseerde_actor',
      actorIdentificatie: { functie: 'chatbot', omschrijving: 'Beantwoordt vragen op de website' },
    });
    expect(res.status).toBe(201);
    robot = res.body.uuid;
    const patched = await t.ki('PATCH', `/actoren/${robot}`, { indicatieActief: false });
    expect(patched.body).toMatchObject({ indicatieActief: false, naam: 'Chatbot' });
    expect((await t.ki('PATCH', `/actoren/${robot}`, { soortActor: 'medewerker' })).status).toBe(400);
  });

  it('refuses a phone number the standard does not allow', async () => {
    const res = await t.ki('POST', '/actoren', {
      naam: 'X',
      soortActor: 'medewerker',
      actorIdentificatie: { functie: 'x', telefoonnummer: '12' },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0].name).toContain('telefoonnummer');
  });

  it('links actors to a klantcontact, shown in hadBetrokkenActoren', async () => {
    const made = await t.ki('POST', '/maak-klantcontact', {
      klantcontact: { kanaal: 'webchat', onderwerp: 'Vraag over afval', taal: 'nld', vertrouwelijk: false },
    });
    const kc = made.body.klantcontact.uuid;
    const link = await t.ki('POST', '/actorklantcontacten', {
      actor: { uuid: robot },
      klantcontact: { uuid: kc },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const emp = await t.ki('POST', '/actorklantcontacten', {
      actor: { uuid: kcc },
      klantcontact: { uuid: kc },
    });
    expect(emp.status).toBe(201);
    const again = await t.ki('POST', '/actorklantcontacten', {
      actor: { uuid: robot },
      klantcontact: { uuid: kc },
    });
    expect(again.status).toBe(409);
    const lost = await t.ki('POST', '/actorklantcontacten', {
      actor: { uuid: robot },
      klantcontact: { uuid: '00000000-0000-4000-8000-000000000000' },
    });
    expect(lost.status).toBe(422);
    const k = await t.ki('GET', `/klantcontacten/${kc}`);
    expect(k.body.hadBetrokkenActoren.map((a: { uuid: string }) => a.uuid).sort()).toEqual(
      [robot, kcc].sort(),
    );
    const list = await t.ki('GET', `/actorklantcontacten?klantcontact__uuid=${kc}`);
    expect(list.body.count).toBe(2);
    expect((await t.ki('DELETE', `/actorklantcontacten/${link.body.uuid}`)).status).toBe(204);
    expect((await t.ki('GET', `/actorklantcontacten/${link.body.uuid}`)).status).toBe(404);
    expect((await t.ki('DELETE', `/actoren/${robot}`)).status).toBe(204);
    expect((await t.ki('GET', `/actoren/${robot}`)).status).toBe(404);
  });
});
