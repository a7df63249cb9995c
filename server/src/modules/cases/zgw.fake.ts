// Test helper: a local HTTP server that speaks the ZGW Zaken and Catalogi APIs' JSON (no HAL,
// lists paginated as { count, next, previous, results }), checks the JWT as Open Zaak does and
// requires Accept-Crs on zaken. Pages hold two zaken so clients must follow `next`.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = Record<string, unknown> & { url: string };

export type FakeZgw = {
  url: string;
  clientId: string;
  secret: string;
  zaken: Obj[];
  statustypen: Obj[];
  requests: { path: string; authorised: boolean }[];
  zaakUrl(identificatie: string): string;
  /** Gives a zaak a new status (as the case system would) and returns the status resource. */
  addStatus(identificatie: string, volgnummer: number, toelichting: string, at: string): Obj;
  close(): Promise<void>;
};

function verifyJwt(header: string | undefined, clientId: string, secret: string): boolean {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const [h, p, s] = token?.split('.') ?? [];
  if (!h || !p || !s) return false;
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  if (expected !== s) return false;
  const head = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  return head.alg === 'HS256' && claims.iss === clientId && claims.client_id === clientId && !!claims.iat;
}

export async function startFakeZgw(): Promise<FakeZgw> {
  const clientId = 'loket-test';
  const secret = 'geheim-voor-de-test-0123456789';
  const state = {
    zaken: [] as Obj[],
    statussen: [] as Obj[],
    rollen: [] as Obj[],
    zios: [] as Obj[],
    zaaktypen: [] as Obj[],
    statustypen: [] as Obj[],
  };
  const requests: FakeZgw['requests'] = [];
  let base = '';

  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', base);
    const authorised = verifyJwt(req.headers.authorization, clientId, secret);
    requests.push({ path: url.pathname + url.search, authorised });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorised) return send(403, { code: 'permission_denied', detail: 'Geen geldige JWT.' });
    const page = (all: Obj[], size = 2) => {
      const n = Number(url.searchParams.get('page') ?? '1');
      const link = (p: number) => {
        const u = new URL(url);
        u.searchParams.set('page', String(p));
        return u.toString();
      };
      return {
        count: all.length,
        next: n * size < all.length ? link(n + 1) : null,
        previous: n > 1 ? link(n - 1) : null,
        results: all.slice((n - 1) * size, n * size),
      };
    };
    const byUrl = (list: Obj[]) => list.find((o) => o.url === `${base}${url.pathname}`);
    const one = (list: Obj[]) => {
      const found = byUrl(list);
      return found ? send(200, found) : send(404, { code: 'not_found' });
    };
    const p = url.pathname;
    const q = url.searchParams;
    if (p === '/zaken/api/v1/zaken') {
      if (!req.headers['accept-crs']) return send(412, { code: 'precondition_failed' });
      const bsn = q.get('rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn');
      const ident = q.get('identificatie');
      const zaken = state.zaken.filter(
        (z) =>
          (!ident || z.identificatie === ident) &&
          (!bsn ||
            state.rollen.some(
              (r) => r.zaak === z.url && (r.betrokkeneIdentificatie as { inpBsn: string }).inpBsn === bsn,
            )),
      );
      return send(200, page(zaken));
    }
    if (p.startsWith('/zaken/api/v1/zaken/')) return one(state.zaken);
    if (p === '/zaken/api/v1/statussen')
      return send(200, page(state.statussen.filter((s) => s.zaak === q.get('zaak'))));
    if (p.startsWith('/zaken/api/v1/statussen/')) return one(state.statussen);
    if (p === '/zaken/api/v1/rollen')
      return send(200, page(state.rollen.filter((r) => r.zaak === q.get('zaak'))));
    if (p === '/zaken/api/v1/zaakinformatieobjecten')
      return send(
        200,
        state.zios.filter((d) => d.zaak === q.get('zaak')),
      );
    if (p.startsWith('/catalogi/api/v1/zaaktypen/')) return one(state.zaaktypen);
    if (p.startsWith('/catalogi/api/v1/statustypen/')) return one(state.statustypen);
    return send(404, { code: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const zaaktype = {
    url: `${base}/catalogi/api/v1/zaaktypen/${randomUUID()}`,
    identificatie: 'PARK-01',
    omschrijving: 'Parkeervergunning',
  };
  const names = ['Aanvraag ontvangen', 'In behandeling', 'Afgehandeld'];
  state.statustypen = names.map((omschrijving, i) => ({
    url: `${base}/catalogi/api/v1/statustypen/${randomUUID()}`,
    omschrijving,
    volgnummer: i + 1,
    isEindstatus: i === names.length - 1,
    zaaktype: zaaktype.url,
  }));
  state.zaaktypen = [{ ...zaaktype, statustypen: state.statustypen.map((s) => s.url) }];

  const addStatus = (identificatie: string, volgnummer: number, toelichting: string, at: string) => {
    const zaak = state.zaken.find((z) => z.identificatie === identificatie);
    const type = state.statustypen.find((s) => s.volgnummer === volgnummer);
    if (!zaak || !type) throw new Error('unknown zaak or statustype');
    const status = {
      url: `${base}/zaken/api/v1/statussen/${randomUUID()}`,
      zaak: zaak.url,
      statustype: type.url,
      datumStatusGezet: at,
      statustoelichting: toelichting,
    };
    state.statussen.push(status);
    zaak.status = status.url;
    if (type.isEindstatus) zaak.einddatum = at.slice(0, 10);
    return status;
  };
  const addZaak = (
    identificatie: string,
    bsn: string,
    omschrijving: string,
    startdatum: string,
    steps: number,
  ) => {
    const zaak: Obj = {
      url: `${base}/zaken/api/v1/zaken/${randomUUID()}`,
      identificatie,
      bronorganisatie: '002220647',
      omschrijving,
      toelichting: '',
      zaaktype: zaaktype.url,
      registratiedatum: startdatum,
      startdatum,
      einddatum: null,
      einddatumGepland: null,
      uiterlijkeEinddatumAfdoening: '2026-12-31',
      status: null,
    };
    state.zaken.push(zaak);
    state.rollen.push({
      url: `${base}/zaken/api/v1/rollen/${randomUUID()}`,
      zaak: zaak.url,
      betrokkeneType: 'natuurlijk_persoon',
      omschrijvingGeneriek: 'initiator',
      betrokkeneIdentificatie: { inpBsn: bsn },
    });
    for (let s = 1; s <= steps; s++)
      addStatus(identificatie, s, s === 1 ? 'Aanvraag via de website' : '', `${startdatum}T10:0${s}:00Z`);
  };
  addZaak('ZAAK-2026-0001', '999993653', 'Bewonersvergunning Dorpsstraat', '2026-10-01', 3);
  addZaak('ZAAK-2026-0002', '999993653', 'Bezoekersvergunning', '2026-11-02', 2);
  addZaak('ZAAK-2026-0003', '999993653', 'Tweede bewonersvergunning', '2026-11-20', 1);
  addZaak('ZAAK-2026-0004', '111222333', 'Van iemand anders', '2026-11-21', 1);
  state.zios.push({
    url: `${base}/zaken/api/v1/zaakinformatieobjecten/${randomUUID()}`,
    zaak: state.zaken[1]?.url,
    informatieobject: `${base}/documenten/api/v1/enkelvoudiginformatieobjecten/${randomUUID()}`,
    titel: 'Ontvangstbevestiging',
    registratiedatum: '2026-11-02T12:00:00Z',
  });

  return {
    url: base,
    clientId,
    secret,
    zaken: state.zaken,
    statustypen: state.statustypen,
    requests,
    zaakUrl: (identificatie) => state.zaken.find((z) => z.identificatie === identificatie)?.url ?? '',
    addStatus,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
