import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, type Who } from '../../test/app.ts';
import { createParty } from '../parties/parties.service.ts';

let t: TestApp;
let kcc: Who;
let backoffice: Who;
let contactId: string;
let partyId: string;
beforeAll(async () => {
  t = await testApp();
  [kcc, backoffice] = await Promise.all([t.login('kcc'), t.login('backoffice')]);
  partyId = (await createParty(t.db, { kind: 'person', surname: 'Visser' })).id;
  const res = await t.request('POST', '/api/v1/contacts', kcc, {
    channel: 'email',
    direction: 'in',
    subject: 'Bezwaar met bijlage',
    parties: [{ partyId }],
  });
  contactId = res.json().id;
});
afterAll(() => t.close());

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  randomBytes(100),
]);

function upload(id: string, who: Who, file: { name: string; type: string; data: Buffer }) {
  const boundary = `----loket${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
    `Content-Type: ${file.type}\r\n\r\n`;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/contacts/${id}/attachments`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(who.cookie ? { cookie: who.cookie } : {}),
    },
    payload: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

const attachmentCount = async () =>
  (
    await t.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('attachments', () => {
  it('stores an upload with its sha256 and downloads it unchanged, logging the read', async () => {
    const res = await upload(contactId, kcc, {
      name: 'bezwaar brief.pdf',
      type: 'application/pdf',
      data: pdf,
    });
    expect(res.statusCode).toBe(201);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(res.json()).toMatchObject({
      filename: 'bezwaar brief.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256,
    });

    const contact = await t.request('GET', `/api/v1/contacts/${contactId}`, kcc);
    expect(contact.json().attachments).toEqual([
      {
        id: res.json().id,
        filename: 'bezwaar brief.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256,
      },
    ]);

    const logBefore = await t.db
      .selectFrom('processing_log')
      .select('id')
      .where('party_id', '=', partyId)
      .execute();
    const download = await t.request('GET', `/api/v1/attachments/${res.json().id}`, backoffice);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment;');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''bezwaar%20brief.pdf");
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const logAfter = await t.db
      .selectFrom('processing_log')
      .selectAll()
      .where('party_id', '=', partyId)
      .execute();
    expect(logAfter.length).toBe(logBefore.length + 1);
    expect(logAfter.at(-1)).toMatchObject({
      actor_name: 'Backoffice Burgerzaken',
      endpoint: 'GET /api/v1/attachments/:id',
    });
  });

  it('takes the type from the extension when the client sends a generic one', async () => {
    const res = await upload(contactId, kcc, {
      name: 'foto.png',
      type: 'application/octet-stream',
      data: png,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().contentType).toBe('image/png');
  });

  it('refuses a file over the limit with 413 and stores nothing', async () => {
    const before = await attachmentCount();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(t.config.attachmentLimit)]);
    const res = await upload(contactId, kcc, { name: 'groot.pdf', type: 'application/pdf', data: big });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 413, invalidParams: [{ name: 'file' }] });
    expect(await attachmentCount()).toBe(before);
  });

  it.each([
    [
      'a type not on the list',
      { name: 'setup.exe', type: 'application/x-msdownload', data: Buffer.from('MZ\x90\x00') },
    ],
    ['bytes that do not match the declared type', { name: 'brief.pdf', type: 'application/pdf', data: png }],
    ['a binary file posing as text', { name: 'notitie.txt', type: 'text/plain', data: png }],
    [
      'a zip posing as a Word document',
      {
        name: 'brief.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        data: Buffer.from('PK\x03\x04 anything'),
      },
    ],
  ])('refuses %s with 415 and stores nothing', async (_label, file) => {
    const before = await attachmentCount();
    const res = await upload(contactId, kcc, file);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ status: 415, invalidParams: [{ name: 'file' }] });
    expect(await attachmentCount()).toBe(before);
  });

  it('accepts plain text and csv', async () => {
    const res = await upload(contactId, kcc, {
      name: 'lijst.csv',
      type: 'text/csv',
      data: Buffer.from('a;b\n1;2\n'),
    });
    expect(res.statusCode).toBe(201);
  });

  it('answers a JSON body, an unknown contact and an unknown attachment with 4xx', async () => {
    const json = await t.request('POST', `/api/v1/contacts/${contactId}/attachments`, kcc, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(
      (await upload(randomUUID(), kcc, { name: 'a.pdf', type: 'application/pdf', data: pdf })).statusCode,
    ).toBe(404);
    expect((await t.request('GET', `/api/v1/attachments/${randomUUID()}`, kcc)).statusCode).toBe(404);
  });

  it('hides the attachments of a confidential contact from kcc', async () => {
    const secret = await t.request('POST', '/api/v1/contacts', backoffice, {
      channel: 'post',
      direction: 'in',
      subject: 'Vertrouwelijke brief',
      confidential: true,
    });
    const id = secret.json().id;
    expect((await upload(id, kcc, { name: 'a.pdf', type: 'application/pdf', data: pdf })).statusCode).toBe(
      404,
    );
    const stored = await upload(id, backoffice, { name: 'a.pdf', type: 'application/pdf', data: pdf });
    expect(stored.statusCode).toBe(201);
    expect((await t.request('GET', `/api/v1/attachments/${stored.json().id}`, kcc)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/attachments/${stored.json().id}`, backoffice)).statusCode).toBe(
      200,
    );
  });
});
