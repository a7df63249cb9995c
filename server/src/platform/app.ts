// The HTTP application: Fastify with zod schemas, OpenAPI, sessions, actor resolution and
// problem-details errors. Modules add their routes through modules/index.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import secureSession from '@fastify/secure-session';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { DatabaseKind, Db } from '../db/connect.ts';
import { resolveActor } from '../modules/access/access.service.ts';
import { registerModules } from '../modules/index.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import { installErrorHandling } from './http-errors.ts';
import { liveRoutes } from './live.routes.ts';
import { createRealtime, type Realtime } from './realtime.ts';
import { serveWebApp } from './web-assets.ts';

export type AppContext = {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  /** Live events to open screens; one hub per process. */
  realtime: Realtime;
};

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** The context the app was built with (tests reach the realtime hub through it). */
    loket: AppContext;
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    employeeId: string;
  }
}

function sessionKey(config: Config): Buffer {
  if (config.sessionSecret) return Buffer.from(config.sessionSecret).subarray(0, 32);
  if (config.env === 'test') return randomBytes(32);
  // Embedded default: a key generated once and kept beside the data, so logins survive a restart.
  const file = path.join(config.dataDir, 'session.key');
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export async function buildApp(input: Omit<AppContext, 'realtime'> & { realtime?: Realtime }) {
  const ctx: AppContext = { ...input, realtime: input.realtime ?? createRealtime() };
  const { config } = ctx;
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Never log query strings (they may hold a BSN), bodies, cookies or tokens.
            serializers: {
              req: (req) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Loket API', version: '1.0.0', description: 'De app-API van Loket.' },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'loket_sessie' },
          token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <token>' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(secureSession, {
    key: sessionKey(config),
    cookieName: 'loket_sessie',
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.publicUrl.startsWith('https://'),
    },
  });

  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (req) => {
    req.actor = await resolveActor(ctx, req);
  });

  app.decorate('loket', ctx);
  await liveRoutes(app, ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', database: ctx.dbKind }));

  await registerModules(app, ctx);
  await serveWebApp(app);
  return app;
}
