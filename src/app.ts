import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import type { Db } from './db/schema.ts';
import errorHandler, { sendProblem } from './http/error-handler.ts';
import { Problem } from './http/problem.ts';
import { sharedSchemas } from './http/schemas.ts';
import { actorReadRoutes } from './modules/actors/actors.routes.ts';
import { actorSchemas } from './modules/actors/actors.schemas.ts';
import { actorWriteRoutes, actorWriteSchemas } from './modules/actors/actors.write-routes.ts';
import { eventTypeReadRoutes } from './modules/event-types/event-types.routes.ts';
import { eventTypeSchemas } from './modules/event-types/event-types.schemas.ts';
import {
  eventTypeWriteRoutes,
  eventTypeWriteSchemas,
} from './modules/event-types/event-types.write-routes.ts';
import { eventSchemas } from './modules/events/events.schemas.ts';
import { eventReadRoutes, TimelineJsSchema } from './modules/events/read/read.routes.ts';
import { eventWriteRoutes } from './modules/events/write/write.routes.ts';
import { eventWriteSchemas } from './modules/events/write/write.schemas.ts';
import { gapRoutes } from './modules/gaps/gaps.routes.ts';
import { gapSchemas } from './modules/gaps/gaps.schemas.ts';
import { HealthSchema, healthRoutes } from './modules/health/health.routes.ts';
import { revisionRoutes } from './modules/revisions/revisions.routes.ts';
import { revisionSchemas } from './modules/revisions/revisions.schemas.ts';
import { histogramRoutes } from './modules/timeline/histogram.routes.ts';
import { histogramSchemas } from './modules/timeline/histogram.schemas.ts';
import auth from './plugins/auth.ts';
import hardening from './plugins/hardening.ts';
import openapi from './plugins/openapi.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    db: Db;
  }
}

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

/** Builds the whole app as one Fastify instance; it never listens (server.ts does, tests inject). */
export async function buildApp({ config, database, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // A client gets two minutes to send its request (large imports included); idle sockets close after one.
    requestTimeout: 120_000,
    connectionTimeout: 60_000,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        verbose: true,
      },
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised while routing, before any hook runs, still answer as problems.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      sendProblem(
        reply,
        request,
        tooLong
          ? new Problem(
              'uriTooLong',
              'A path parameter is longer than 200 characters: ids and slugs are shorter',
            )
          : new Problem('validation', 'The URL is malformed: check its percent-encoding'),
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  for (const schema of [
    ...sharedSchemas,
    HealthSchema,
    ...eventSchemas,
    TimelineJsSchema,
    ...actorSchemas,
    ...eventTypeSchemas,
    ...histogramSchemas,
    ...gapSchemas,
    ...eventWriteSchemas,
    ...actorWriteSchemas,
    ...eventTypeWriteSchemas,
    ...revisionSchemas,
  ]) {
    app.addSchema(schema);
  }

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(hardening, { config, embedded: database.kind === 'embedded' });
  await app.register(cors, {
    origin: config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(',').map((o) => o.trim()),
    exposedHeaders: ['ETag', 'Link', 'X-Request-Id', 'Retry-After', 'X-Total-Count'],
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  });
  await app.register(compress, { threshold: 2048, global: true });
  await app.register(openapi, { config });
  await app.register(auth);

  await app.register(healthRoutes);
  await app.register(eventReadRoutes, { prefix: '/v1' });
  await app.register(actorReadRoutes, { prefix: '/v1' });
  await app.register(eventTypeReadRoutes, { prefix: '/v1' });
  await app.register(histogramRoutes, { prefix: '/v1' });
  await app.register(gapRoutes, { prefix: '/v1' });
  await app.register(revisionRoutes, { prefix: '/v1' });
  await app.register(eventWriteRoutes, { prefix: '/v1' });
  await app.register(actorWriteRoutes, { prefix: '/v1' });
  await app.register(eventTypeWriteRoutes, { prefix: '/v1' });
  return app;
}
