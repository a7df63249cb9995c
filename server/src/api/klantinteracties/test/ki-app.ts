// A Loket test app with a Klantinteracties client: every response goes through the spec validator,
// so no KI test can pass on a response the standard does not allow.
import { expect } from 'vitest';
import { type TestApp, testApp, type Who } from '../../../test/app.ts';
import { kiPrefix } from '../http.ts';
import { validateResponse } from './spec.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
export type KiResponse = { status: number; body: any; headers: Record<string, unknown> };

/** Check a KI response: documented statuses against the spec, errors as problem details. */
export async function checkResponse(method: string, url: string, status: number, body: unknown) {
  const pathname = new URL(url, 'http://x').pathname.slice(kiPrefix.length);
  if (status >= 400) {
    expect(body, `${method} ${url} ${status}: problem details`).toMatchObject({
      type: expect.any(String),
      code: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
    });
    return;
  }
  const error = await validateResponse(method, pathname, status, body);
  if (error)
    throw new Error(
      `Response does not conform to the Klantinteracties spec:\n${error}\n${JSON.stringify(body, null, 2).slice(0, 3000)}`,
    );
}

export async function kiTestApp(options: { organisation?: boolean } = {}) {
  // No demo parties or contacts: each KI test builds exactly what it reads. The demo organisation
  // (teams, employees, reasons) only when asked, for actors and internal tasks.
  const t = await testApp({ seed: options.organisation === true });
  const client = await t.application('kcc-werkplek');

  /** A request to the KI API as `who` (default: an application with the default permissions). */
  async function ki(method: string, path: string, body?: unknown, who: Who = client): Promise<KiResponse> {
    const url = `${kiPrefix}${path}`;
    const res = await t.request(method, url, who, body);
    const parsed = res.body
      ? res.headers['content-type']?.toString().includes('json')
        ? res.json()
        : res.body
      : undefined;
    await checkResponse(method, url, res.statusCode, parsed);
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  return { ...t, client, ki };
}

export type KiTestApp = Awaited<ReturnType<typeof kiTestApp>> & TestApp;
