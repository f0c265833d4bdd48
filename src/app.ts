import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Config, trustProxyOption } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import type { Db } from './db/schema.ts';
import cacheControl from './http/cache-control.ts';
import { type CursorCodec, createCursorCodec } from './http/cursor.ts';
import errorHandler, { sendProblem } from './http/error-handler.ts';
import hostileInput from './http/hostile-input.ts';
import { Problem } from './http/problem.ts';
import { actorsModule } from './modules/actors/actors.module.ts';
import { changesModule } from './modules/changes/changes.module.ts';
import { eventTypesModule } from './modules/event-types/event-types.module.ts';
import { eventsModule } from './modules/events/events.module.ts';
import { gapsModule } from './modules/gaps/gaps.module.ts';
import { healthModule } from './modules/health/health.module.ts';
import { keysModule } from './modules/keys/keys.module.ts';
import { networkModule } from './modules/network/network.module.ts';
import { revisionsModule } from './modules/revisions/revisions.module.ts';
import { statsModule } from './modules/stats/stats.module.ts';
import { timelineModule } from './modules/timeline/timeline.module.ts';
import { viewerModule } from './modules/viewer/viewer.module.ts';
import auth from './plugins/auth.ts';
import embeddedUpkeep from './plugins/embedded-upkeep.ts';
import eventPages from './plugins/event-pages.ts';
import hardening from './plugins/hardening.ts';
import modules from './plugins/modules.ts';
import openapi from './plugins/openapi.ts';
import readRouting from './plugins/read-routing.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    db: Db;
    /** Signs and checks the page cursors of every list. */
    cursors: CursorCodec;
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
    trustProxy: trustProxyOption(config.TRUST_PROXY),
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
  app.decorate('cursors', createCursorCodec(config.CURSOR_SECRET));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(hostileInput);
  await app.register(cacheControl, { readsRequireKey: config.READS_REQUIRE_KEY });
  if (database.kind === 'embedded' && config.EMBEDDED_UPKEEP_INTERVAL_MS > 0) {
    await app.register(embeddedUpkeep, { intervalMs: config.EMBEDDED_UPKEEP_INTERVAL_MS });
  }
  if (config.EVENT_PAGES_REFILL_INTERVAL_MS > 0) {
    await app.register(eventPages, { intervalMs: config.EVENT_PAGES_REFILL_INTERVAL_MS });
  }
  await app.register(hardening, { config, embedded: database.kind === 'embedded' });
  await app.register(readRouting);
  await app.register(cors, {
    origin: config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(',').map((o) => o.trim()),
    exposedHeaders: [
      'ETag',
      'Link',
      'X-Request-Id',
      'Retry-After',
      'X-Total-Count',
      'X-Events-Without-Coordinates',
      'X-Read-Position',
    ],
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    // Browsers may reuse a preflight's answer for a day instead of asking before every write.
    maxAge: 86_400,
  });
  // A timeline page (50–70 KB) is compressed in one call: above the default threshold (8 KiB on 2 cores) each
  // response got a zlib stream on the thread pool, which cost about 1 ms more per page than the compression
  // itself (bench/README.md, "Pages, fifth session"). 256 KiB keeps the event loop's pause under ~2 ms.
  await app.register(compress, { threshold: 2048, global: true, syncThreshold: 256 * 1024 });
  await app.register(openapi, { config });
  await app.register(auth);

  // In this order the modules' schemas and routes make up openapi.json.
  await app.register(modules, {
    modules: [
      healthModule,
      eventsModule,
      actorsModule,
      networkModule,
      eventTypesModule,
      timelineModule,
      statsModule,
      gapsModule,
      revisionsModule,
      keysModule,
      changesModule,
      viewerModule,
    ],
  });
  return app;
}
