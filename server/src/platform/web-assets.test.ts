import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './http-errors.ts';
import { serveWebApp } from './web-assets.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'loket-web-'));
const app = Fastify();

beforeAll(async () => {
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Loket</title>');
  writeFileSync(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
  installErrorHandling(app);
  app.get('/api/v1/ping', async () => ({ ok: true }));
  expect(await serveWebApp(app, root)).toBe(true);
  await app.ready();
});
afterAll(() => app.close());

const html = { accept: 'text/html,application/xhtml+xml' };

describe('serving the werkplek', () => {
  it('serves index.html at / and for deep links a browser opens', async () => {
    for (const url of ['/', '/klanten/123', '/zoeken?q=jansen']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves built assets with a long cache', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps the JSON 404 for unknown API paths and non-HTML requests', async () => {
    const api = await app.inject({ url: '/api/v1/bestaat-niet', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const json = await app.inject({ url: '/klanten/123', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ ok: true });
  });

  it('does nothing when the werkplek is not built', async () => {
    const bare = Fastify();
    expect(await serveWebApp(bare, path.join(root, 'nope'))).toBe(false);
    await bare.close();
  });
});
