// Serves the werkplek (web/dist, built by `npm run build -w web`) from the same origin as the API,
// with the single-page-app fallback: a browser GET for an unknown non-API path gets index.html,
// while /api/* keeps answering with a JSON 404 (problem details).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const apiPrefixes = ['/api/', '/internal/', '/healthz'];

export async function serveWebApp(app: FastifyInstance, root = webDistDir) {
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false, // one route per built file; the fallback below handles the rest
    index: false,
    cacheControl: false, // our own headers below
    setHeaders: (res, file) => {
      // Hashed file names under assets/ never change; index.html must always be fresh.
      res.setHeader(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (reply: {
    header: (k: string, v: string) => unknown;
    sendFile: (f: string) => unknown;
  }) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || apiPrefixes.some((p) => url.startsWith(p))) return reply.callNotFound();
    return sendIndex(reply);
  });
  return true;
}
