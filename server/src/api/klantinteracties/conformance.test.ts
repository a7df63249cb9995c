// Every operation of the Klantinteracties spec is served, or listed with a reason in the README's
// "Niet ondersteund" table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/app.ts';
import { kiPrefix } from './http.ts';
import { specOperations } from './test/spec.ts';

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../../README.md');

/** Rows `| METHOD | /path | reason |` of the table under the "Niet ondersteund" heading. */
function notSupported(): Map<string, string> {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('Niet ondersteund');
  const out = new Map<string, string>();
  if (start < 0) return out;
  const section = text.slice(start).split(/\n#+ /)[0] ?? '';
  for (const line of section.split('\n')) {
    const m = /^\|\s*`?(GET|POST|PUT|PATCH|DELETE)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*([^|]*\S[^|]*)\|/.exec(line);
    if (m) out.set(`${m[1]} ${m[2]}`, (m[3] as string).trim());
  }
  return out;
}

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ seed: false });
});
afterAll(() => t.close());

describe('Klantinteracties conformance', () => {
  it('serves every path and method of the spec, or lists it with a reason in the README', () => {
    const listed = notSupported();
    const missing: string[] = [];
    const operations = specOperations();
    expect(operations.length).toBeGreaterThan(80);
    for (const [method, p] of operations) {
      const url = `${kiPrefix}${p.replace(/\{(\w+)\}/g, ':$1')}`;
      const served = t.app.hasRoute({ method: method as 'GET', url });
      const reason = listed.get(`${method} ${p}`);
      if (served && reason) missing.push(`${method} ${p}: served, but also listed as not supported`);
      if (!served && !reason) missing.push(`${method} ${p}`);
    }
    expect(missing).toEqual([]);
  });

  it('answers without a token with 401 problem details', async () => {
    const res = await t.request('GET', `${kiPrefix}/partijen`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      title: expect.any(String),
      instance: expect.any(String),
    });
  });

  it('refuses an unknown token with 401 and a token without the right with 403', async () => {
    expect((await t.request('GET', `${kiPrefix}/partijen`, { token: 'onzin' })).statusCode).toBe(401);
    const reader = await t.application('alleen-taken', ['tasks:read']);
    const res = await t.request('GET', `${kiPrefix}/partijen`, reader);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('does not accept an employee session in place of a token', async () => {
    const t2 = await testApp();
    try {
      const who = await t2.login('kcc');
      expect((await t2.request('GET', `${kiPrefix}/partijen`, who)).statusCode).toBe(401);
    } finally {
      await t2.close();
    }
  });
});
